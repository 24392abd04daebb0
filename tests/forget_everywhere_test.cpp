// After /profile forget the member's id, name and every text they wrote are gone from the file's bytes and the export.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <openssl/sha.h>

#include <sstream>

#include "bot/export_data.h"
#include "bot/import_members.h"
#include "storage/delivery_store.h"
#include "tests/support/calendar_file_reader.h"
#include "tests/support/callers.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"
#include "tests/support/text_file.h"

using namespace mentorbot;
using mentorbot::testing::TempDirectory;
using mentorbot::testing::TestChat;
using mentorbot::testing::caller_of;
using mentorbot::testing::has_verbatim;
using mentorbot::testing::text_request;

namespace {

// Runs a step of the scenario and requires its answer to say `expected`.
std::string step(TestChat& chat, const std::string& who, const std::string& line, const std::string& expected) {
    const std::string answer = chat.run(who, line).response.text;
    INFO(who << ": " << line << "\n" << answer);
    REQUIRE(has_verbatim(answer, expected));
    return answer;
}

// Every file SQLite keeps for the database, read as raw bytes.
std::string raw_database_bytes(const std::string& path) {
    std::string bytes;
    for (const std::string& file : {path, path + "-wal", path + "-journal"}) {
        if (std::filesystem::exists(file)) bytes += testing::read_text_file(file);
    }
    return bytes;
}

std::string exported_bytes(Database& database, ExportFormat format, long long now) {
    TempDirectory directory;
    std::string bytes;
    for (const auto& file : export_data(database, format, directory.path() / "export", now))
        bytes += testing::read_text_file(file.string());
    return bytes;
}

std::string plain_sha256(const std::string& text) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char byte : digest) {
        hex.push_back(digits[byte >> 4]);
        hex.push_back(digits[byte & 15]);
    }
    return hex;
}

std::vector<std::string> forgotten_hashes(TestChat& chat) {
    SQLite::Statement query(chat.database().connection(), "SELECT id_hash FROM forgotten_members ORDER BY id_hash");
    std::vector<std::string> hashes;
    while (query.executeStep()) hashes.push_back(query.getColumn(0).getString());
    return hashes;
}

}  // namespace

TEST_CASE("After profile forget no byte of the database file or the export names the member or repeats their words",
          "[forget][privacy]") {
    TestChat chat;
    // kai declines a request with a reason, asks for help with a note, meets, rates the
    // session with a comment, writes and receives peer notes and checks in to a pod.
    step(chat, "ana", "/flash request kubernetes note:\"ana needs help\"", "#1");
    step(chat, "kai", "/flash decline 1 reason:\"hospital zx1 for chemotherapy\"", "Declined request #1");
    step(chat, "kai", "/flash request architecture note:\"my note zx2\"", "Carla Reyes fits best");
    chat.advance(std::chrono::hours(6));
    step(chat, "carla", "/flash accept 2", "You accepted request #2");
    chat.advance(std::chrono::hours(30));
    step(chat, "kai", "/feedback session id:1 rating:5 goal:met comment:\"my comment zx3\"", "5/5");
    chat.run("kai", "/feedback peer user:ana note:\"peer note zx4\"");
    chat.run("ana", "/feedback peer user:kai note:\"thanks kai zx5\"");
    step(chat, "kai", "/pod create name:zxpod topic:chess", "zxpod");
    chat.run("kai", "/pod checkin zxpod note:\"check-in zx6\"");
    chat.advance(std::chrono::hours(2));
    const std::vector<std::string> traces = {"console:local:kai", "Kai Müller",    "hospital zx1",   "my note zx2",
                                             "my comment zx3",    "peer note zx4", "thanks kai zx5", "check-in zx6"};
    // The scenario left each of them somewhere before the forget.
    const std::string before = raw_database_bytes(chat.database_path());
    for (const std::string& trace : traces) {
        INFO(trace);
        CHECK(has_verbatim(before, trace));
    }

    step(chat, "kai", "/profile forget confirm:yes", "forgotten you");
    chat.advance(std::chrono::hours(1));

    const std::string after = raw_database_bytes(chat.database_path());
    const long long now = to_unix(chat.clock().now());
    const std::string csv = exported_bytes(chat.database(), ExportFormat::csv, now);
    const std::string json = exported_bytes(chat.database(), ExportFormat::json, now);
    for (const std::string& trace : traces) {
        INFO(trace);
        CHECK_FALSE(has_verbatim(after, trace));
        CHECK_FALSE(has_verbatim(csv, trace));
        CHECK_FALSE(has_verbatim(json, trace));
    }
    // The others' own words stay.
    CHECK(has_verbatim(json, "ana needs help"));
}

TEST_CASE("A mentor who paused until a day and then asked to be forgotten leaves no timer naming them",
          "[forget][privacy]") {
    TestChat chat;
    step(chat, "carla", "/mentor pause until:2026-11-30", "Paused");
    chat.advance(std::chrono::hours(1));
    CHECK(has_verbatim(raw_database_bytes(chat.database_path()), "console:local:carla"));

    step(chat, "carla", "/profile forget confirm:yes", "forgotten you");
    chat.advance(std::chrono::hours(1));
    CHECK_FALSE(has_verbatim(raw_database_bytes(chat.database_path()), "console:local:carla"));
    // The pause's end still comes and runs as for someone who left.
    chat.advance(std::chrono::hours(24 * 5));
    SQLite::Statement pending(chat.database().connection(),
                              "SELECT COUNT(*) FROM jobs WHERE kind = 'mentor.resume' AND status = 'pending'");
    REQUIRE(pending.executeStep());
    CHECK(pending.getColumn(0).getInt() == 0);
}

TEST_CASE("The forgotten list is keyed by each install's own secret and an old plain hash is rekeyed when met",
          "[forget][privacy]") {
    TestChat first;
    TestChat second;
    first.run("kai", "/profile forget confirm:yes");
    second.run("kai", "/profile forget confirm:yes");
    const std::vector<std::string> first_hashes = forgotten_hashes(first);
    REQUIRE(first_hashes.size() == 1);
    // Hashing every likely id does not find it, and another install keeps another value.
    CHECK(first_hashes[0] != plain_sha256("console:local:kai"));
    CHECK(forgotten_hashes(second) != first_hashes);

    // A row an older version wrote still keeps its member out of an HR import, and is
    // rewritten keyed when it is met.
    first.database().connection().exec("INSERT INTO forgotten_members (id_hash, forgotten_at) VALUES ('" +
                                       plain_sha256("console:local:ben") + "', 0)");
    std::istringstream csv("name,platform id\nBen Okafor,console:local:ben\n");
    // ben exists in the demo: the import would update him, so he goes first.
    first.database().connection().exec("DELETE FROM members WHERE id = 'console:local:ben'");
    ImportReport report = import_members_csv(first.database(), csv, TagAliases{}, 0);
    REQUIRE(report.problems.size() == 1);
    CHECK_THAT(report.problems[0].reason, Catch::Contains("asked mentorbot to forget them"));
    const std::vector<std::string> after = forgotten_hashes(first);
    CHECK(after.size() == 2);
    for (const std::string& hash : after) CHECK(hash != plain_sha256("console:local:ben"));
}

TEST_CASE("A delivery re-sent after a forget does not bring back the reply it got before", "[forget][privacy]") {
    TestChat chat(false);
    const Caller caller = caller_of("slack:T1:U5", "Zephyrine");
    auto run = [&](const std::string& line, const std::string& envelope) {
        return chat.app().run(text_request(caller, line, "slack:envelope:" + envelope)).response.text;
    };
    run("/profile set skills:zxsecretskill", "E1");
    // A read leaves no run-once record: its reply is kept in memory for re-sends.
    REQUIRE(has_verbatim(run("/profile show", "E2"), "zxsecretskill"));
    REQUIRE(has_verbatim(run("/profile show", "E2"), "zxsecretskill"));
    run("/profile forget confirm:yes", "E3");
    const std::string again = run("/profile show", "E2");
    // It ran again, for the new, empty profile the platform's name starts.
    CHECK_FALSE(has_verbatim(again, "zxsecretskill"));
}

TEST_CASE("A forget takes the meeting's .ics out of the mentor's kept answer to their accept", "[forget][privacy]") {
    TestChat chat(false);
    chat.jump(std::chrono::hours(5));  // Thursday 14:00 UTC: the Berlin mentor is at work
    const Caller mentor = caller_of("slack:T1:U1", "Ben");
    const Caller requester = caller_of("slack:T1:U3", "Zephyrine Quill");
    auto run = [&](const Caller& caller, const std::string& line, const std::string& envelope) {
        return chat.app().run(text_request(caller, line, "slack:envelope:" + envelope));
    };
    run(mentor, "/profile set level:senior tz:Europe/Berlin", "E1");
    run(mentor, "/mentor offer kubernetes", "E2");
    run(requester, "/profile set level:junior", "E3");
    run(requester, "/flash request kubernetes note:\"zxnote\"", "E4");
    const Reply accepted = run(mentor, "/flash accept 1", "E5");
    REQUIRE(accepted.response.attachment.has_value());
    // The answer kept for a re-send holds the event, which names the requester.
    auto kept = DeliveryStore(chat.database()).find("slack:envelope:E5");
    REQUIRE(kept.has_value());
    REQUIRE(kept->response.attachment.has_value());
    CHECK(has_verbatim(testing::calendar_property(kept->response.attachment->bytes, "DESCRIPTION"), "Zephyrine Quill"));

    run(requester, "/profile forget confirm:yes", "E6");
    kept = DeliveryStore(chat.database()).find("slack:envelope:E5");
    REQUIRE(kept.has_value());
    CHECK_FALSE(kept->response.attachment.has_value());
    CHECK_FALSE(has_verbatim(kept->response.text, "slack:T1:U3"));
}
