// A mentor's accept on Slack and on Discord brings the requester the meeting's .ics file, over real TLS on 127.0.0.1.
#include <catch2/catch.hpp>

#include <date/date.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "bot/discord/discord_transport.h"
#include "bot/net/tls.h"
#include "bot/slack/slack_transport.h"
#include "bot/discord/command_registration.h"
#include "commands/registry.h"
#include "storage/outbox_store.h"
#include "storage/session_store.h"
#include "tests/fake_discord/fake_discord.h"
#include "tests/fake_discord/payloads.h"
#include "tests/slack_harness.h"
#include "tests/slack_with_app.h"
#include "tests/support/calendar_file_reader.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// DTSTART as the session's slot in UTC: "20261126T150000Z".
std::string expected_start(TestChat& chat, long long request_id) {
    const auto session = SessionStore(chat.database()).for_request(request_id);
    REQUIRE(session.has_value());
    REQUIRE(session->starts_at.has_value());
    return date::format("%Y%m%dT%H%M%SZ", std::chrono::sys_seconds{std::chrono::seconds{*session->starts_at}});
}

// The real app behind the fake Slack on a Thursday at 14:00 UTC: the Berlin mentor is at
// work, so an offer goes out at once.
struct SlackMeeting : SlackWithApp {
    SlackMeeting() { chat.jump(std::chrono::hours(5)); }
    // U1 (Berlin, senior) mentors kubernetes; U3 (junior) asks; U1 accepts request 1. The ack U1 got.
    std::string accept_a_request() {
        REQUIRE(h.start_and_wait_ready());
        run("/profile", "set level:senior tz:Europe/Berlin", "U1");
        run("/mentor", "offer kubernetes", "U1");
        run("/profile", "set level:junior", "U3");
        run("/flash", "request kubernetes", "U3");
        REQUIRE(h.wait_for([&] { return posts_to("DU1") == 1; }));
        return run("/flash", "accept 1", "U1");
    }
    std::size_t posts_to(const std::string& channel, const std::string& words = "") const {
        std::size_t count = 0;
        for (const auto& post : h.slack->calls_of("chat.postMessage")) {
            if (post.body["channel"] == channel && post.body.value("text", "").find(words) != std::string::npos)
                ++count;
        }
        return count;
    }
};

}  // namespace

TEST_CASE("a mentor's accept on Slack shares the meeting's .ics in the requester's DM after the message",
          "[slack][e2e][calendar]") {
    SlackMeeting slack;
    const std::string ack = slack.accept_a_request();
    SlackHarness& h = slack.h;
    REQUIRE(h.wait_for([&] { return h.slack->files_shared_in("DU3").size() == 1; }));
    // The mentor's answer is the ack of the command, which cannot carry a file: it has the
    // links, and no file is shared in the mentor's DM in its place.
    CHECK_THAT(ack, Catch::Contains("You accepted request #1") && Catch::Contains("calendar.google.com") &&
                        Catch::Contains("outlook.office.com"));
    CHECK(h.slack->files_shared_in("DU1").empty());
    CHECK(slack.posts_to("DU3", "accepted your request") == 1);
    CHECK(slack.posts_to("DU3", "Add to calendar: https://calendar.google.com/") == 1);

    const FakeSlackFile file = h.slack->files_shared_in("DU3").at(0);
    CHECK(file.filename == "mentoring-session-1.ics");
    CHECK(file.title == "mentoring-session-1.ics");
    CHECK(file.content_type == "text/calendar; charset=utf-8");
    CHECK(calendar_property(file.bytes, "DTSTART") == expected_start(slack.chat, 1));
    CHECK(calendar_property(file.bytes, "UID") == "session-1@mentorbot");
    CHECK(calendar_property(file.bytes, "SUMMARY") == "Mentoring: kubernetes");

    // The current upload flow, in order, form-encoded with the bot token; never files.upload.
    const auto asked = h.slack->calls_of("files.getUploadURLExternal");
    REQUIRE(asked.size() == 1);
    CHECK(asked[0].content_type == "application/x-www-form-urlencoded");
    CHECK(asked[0].authorization == std::string("Bearer ") + fake_bot_token);
    CHECK(asked[0].body["length"] == std::to_string(file.bytes.size()));
    const auto uploads = h.slack->calls_of("file upload");
    REQUIRE(uploads.size() == 1);
    CHECK(uploads[0].authorization.empty());  // the upload URL is the permission: no token goes there
    const auto completed = h.slack->calls_of("files.completeUploadExternal");
    REQUIRE(completed.size() == 1);
    CHECK(completed[0].body["channel_id"] == "DU3");
    CHECK(h.slack->calls_of("files.upload").empty());
    // Shared after the message it belongs to, so it shows under it.
    for (const auto& post : h.slack->calls_of("chat.postMessage")) {
        if (post.body["channel"] == "DU3") CHECK(post.at < asked[0].at);
    }
    CHECK(h.wait_for([&] { return OutboxStore(slack.chat.database()).pending_count() == 0; }));
}

TEST_CASE("when Slack refuses the file the accept message still arrives once and is not sent again",
          "[slack][e2e][calendar]") {
    SlackMeeting slack;
    SlackHarness& h = slack.h;
    h.slack->script("files.getUploadURLExternal", {200, R"({"ok":false,"error":"file_uploads_disabled"})", {}});
    slack.accept_a_request();
    REQUIRE(h.wait_for([&] { return h.slack->calls_of("files.getUploadURLExternal").size() == 1; }));
    REQUIRE(h.wait_for([&] { return OutboxStore(slack.chat.database()).pending_count() == 0; }));
    CHECK(slack.posts_to("DU3", "accepted your request") == 1);
    CHECK(h.slack->files().empty());

    // Later rounds of the outbox find nothing left to send: no second message, no second try of the file.
    slack.chat.jump(std::chrono::hours(2));
    slack.chat.app().deliver_outbox();
    run_for(h.io, 300ms);
    CHECK(slack.posts_to("DU3", "accepted your request") == 1);
    CHECK(h.slack->calls_of("files.getUploadURLExternal").size() == 1);
}

TEST_CASE("a Slack rate limit on the upload flow is waited out and the file still arrives", "[slack][e2e][calendar]") {
    SlackMeeting slack;
    SlackHarness& h = slack.h;
    h.slack->script("files.completeUploadExternal",
                    {429, R"({"ok":false,"error":"ratelimited"})", {{"Retry-After", "0"}}});
    slack.accept_a_request();
    REQUIRE(h.wait_for([&] { return h.slack->files_shared_in("DU3").size() == 1; }));
    CHECK(h.slack->calls_of("files.completeUploadExternal").size() == 2);
    CHECK(slack.posts_to("DU3", "accepted your request") == 1);
}

TEST_CASE("an app installed without files:write says so once and tries no more files that run",
          "[slack][e2e][calendar]") {
    std::ostringstream captured;
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(
        std::make_shared<spdlog::logger>("captured", std::make_shared<spdlog::sinks::ostream_sink_mt>(captured)));
    {
        SlackMeeting slack;
        SlackHarness& h = slack.h;
        // Slack answers so to every upload while the app lacks the scope.
        for (int time = 0; time < 3; ++time)
            h.slack->script("files.getUploadURLExternal", {200, R"({"ok":false,"error":"missing_scope"})", {}});
        slack.accept_a_request();
        REQUIRE(h.wait_for([&] { return h.slack->calls_of("files.getUploadURLExternal").size() == 1; }));
        REQUIRE(h.wait_for([&] { return OutboxStore(slack.chat.database()).pending_count() == 0; }));

        // A second meeting: its message arrives, without a second try of the file.
        slack.run("/profile", "set level:junior", "U2");
        slack.run("/flash", "request kubernetes", "U2");
        REQUIRE(h.wait_for([&] { return slack.posts_to("DU1", "request #2") == 1; }));
        slack.run("/flash", "accept 2", "U1");
        REQUIRE(h.wait_for([&] { return slack.posts_to("DU2", "accepted your request") == 1; }));
        REQUIRE(h.wait_for([&] { return OutboxStore(slack.chat.database()).pending_count() == 0; }));
        run_for(h.io, 200ms);
        CHECK(h.slack->calls_of("files.getUploadURLExternal").size() == 1);
        CHECK(h.slack->files().empty());
        CHECK(slack.posts_to("DU3", "accepted your request") == 1);
    }
    spdlog::default_logger()->flush();
    spdlog::set_default_logger(previous);
    const std::string log = captured.str();
    std::size_t said = 0;
    for (std::size_t at = log.find("missing_scope"); at != std::string::npos; at = log.find("missing_scope", at + 1))
        ++said;
    CHECK(said == 1);
    CHECK_THAT(log, Catch::Contains("missing_scope on files.getUploadURLExternal"));
    CHECK_THAT(log, Catch::Contains("reinstall the app to the workspace so it gets the files:write scope"));
}

namespace {

// The real app behind the Discord transport and the fake Discord.
struct DiscordWithApp {
    TestChat chat{/*demo=*/false};  // outlives the transport that calls it
    boost::asio::io_context io;
    TempDirectory directory;
    TestCertificates certificates = TestCertificates::generate();
    TrustedCaFile trust{certificates.write_ca_file(directory.path())};
    FakeDiscord discord{io, certificates};
    std::shared_ptr<discord::MemoryRegistrationRecord> registrations =
        std::make_shared<discord::MemoryRegistrationRecord>();
    std::shared_ptr<discord::DiscordTransport> transport;
    std::uint64_t serial = 0;

    DiscordWithApp() {
        discord.start();
        discord::DiscordOptions options;
        options.token = FakeDiscord::bot_token;
        options.application_id = FakeDiscord::application_id;
        options.api_base = discord.api_base();
        options.random_unit = [] { return 0.0; };
        options.server_error_backoff = 50ms;
        transport = discord::DiscordTransport::create(io.get_executor(), net::make_client_tls_context(), chat.app(),
                                                      registrations, CommandRegistry::standard().commands(), options,
                                                      [](const std::string&) {});
        chat.app().add_transport(*transport);
        chat.jump(std::chrono::hours(5));  // Thursday 14:00 UTC, as above
    }
    ~DiscordWithApp() {
        transport->stop();
        run_for(io, 100ms);
        discord.stop();
        run_for(io, 20ms);
    }
    bool wait(const std::function<bool()>& done) { return run_until(io, done, 5s); }
    // Sends the interaction, waits for its answer, delivers the outbox; the interaction's id.
    std::string send(json interaction) {
        const std::string id = interaction["id"];
        discord.dispatch("INTERACTION_CREATE", std::move(interaction));
        REQUIRE(wait([&] { return discord.callbacks.count(id) != 0; }));
        chat.app().deliver_outbox();
        return id;
    }
    std::string run(const std::string& command, const std::string& subcommand, json options, const std::string& user) {
        return send(slash_command(fresh_snowflake(++serial), command, subcommand, std::move(options), user));
    }
    std::size_t messages_in(const std::string& channel, const std::string& words) {
        std::size_t count = 0;
        for (const auto& message : discord.channel_messages[channel]) {
            if (message.value("content", "").find(words) != std::string::npos) ++count;
        }
        return count;
    }
    // The files posted in `channel`, or with the answer to an interaction (by its id, or
    // by its token for a webhook edit or follow-up).
    std::vector<FakeDiscord::PostedFile> files_in(const std::string& channel) const {
        std::vector<FakeDiscord::PostedFile> found;
        for (const auto& file : discord.posted_files)
            if (file.channel == channel) found.push_back(file);
        return found;
    }
    std::vector<FakeDiscord::PostedFile> files_answering(const std::string& interaction) const {
        std::vector<FakeDiscord::PostedFile> found;
        for (const auto& file : discord.posted_files)
            if (file.interaction == interaction) found.push_back(file);
        return found;
    }
    // User 42 (Berlin, senior) mentors kubernetes; 43 (junior) asks; the offer reaches 42's DM.
    void request_help() {
        transport->start();
        REQUIRE(wait([&] { return discord.gateway_ready() && transport->gateway().connected_and_ready(); }));
        run("profile", "set", json::parse(R"([{"name":"level","type":3,"value":"senior"},
                                             {"name":"tz","type":3,"value":"Europe/Berlin"}])"),
            "42");
        run("mentor", "offer", json::parse(R"([{"name":"topics","type":3,"value":"kubernetes"}])"), "42");
        run("profile", "set", json::parse(R"([{"name":"level","type":3,"value":"junior"}])"), "43");
        run("flash", "request", json::parse(R"([{"name":"topic","type":3,"value":"kubernetes"}])"), "43");
        REQUIRE(wait([&] { return messages_in("DM42", "") == 1; }));
    }
    // 42 accepts request 1 by typing it; the interaction's id.
    std::string accept_a_request() {
        request_help();
        return run("flash", "accept", json::parse(R"([{"name":"id","type":4,"value":1}])"), "42");
    }
    // The custom_id of the offer's Accept button, as the offer in 42's DM carries it.
    std::string accept_button() {
        for (const auto& row : discord.channel_messages["DM42"].at(0).value("components", json::array())) {
            for (const auto& component : row.value("components", json::array())) {
                if (component.value("label", "") == "Accept") return component.value("custom_id", "");
            }
        }
        return "";
    }
};

}  // namespace

TEST_CASE("a mentor's accept on Discord sends the requester's DM with the meeting's .ics attached",
          "[discord][e2e][calendar]") {
    DiscordWithApp d;
    d.accept_a_request();
    REQUIRE(d.wait([&] { return d.messages_in("DM43", "accepted your request") == 1; }));
    REQUIRE(d.files_in("DM43").size() == 1);
    const auto file = d.files_in("DM43")[0];
    CHECK(file.field == "files[0]");
    CHECK(file.filename == "mentoring-session-1.ics");
    CHECK(file.content_type == "text/calendar; charset=utf-8");
    CHECK(file.payload["attachments"][0]["id"] == 0);
    CHECK(file.payload.value("content", "").find("Outlook: https://outlook.office.com/") != std::string::npos);
    CHECK(calendar_property(file.bytes, "DTSTART") == expected_start(d.chat, 1));
    CHECK(calendar_property(file.bytes, "UID") == "session-1@mentorbot");
    CHECK(d.wait([&] { return OutboxStore(d.chat.database()).pending_count() == 0; }));
}

TEST_CASE("a mentor's typed accept on Discord is answered with the meeting's .ics attached",
          "[discord][e2e][calendar]") {
    DiscordWithApp d;
    const std::string id = d.accept_a_request();
    REQUIRE(d.discord.callbacks[id].size() == 1);
    const json& answer = d.discord.callbacks[id][0];
    CHECK(answer["type"] == 4);
    CHECK(answer["data"]["flags"] == 64);  // only the mentor sees it
    CHECK_THAT(callback_text(answer), Catch::Contains("You accepted request #1") &&
                                          Catch::Contains("Add to calendar: https://calendar.google.com/"));
    REQUIRE(d.files_answering(id).size() == 1);
    const auto file = d.files_answering(id)[0];
    CHECK(file.field == "files[0]");
    CHECK(file.filename == "mentoring-session-1.ics");
    CHECK(file.content_type == "text/calendar; charset=utf-8");
    CHECK(file.payload["data"]["attachments"][0]["id"] == 0);
    CHECK(calendar_property(file.bytes, "DTSTART") == expected_start(d.chat, 1));
    // The requester's file is the same event: importing both makes one calendar entry.
    REQUIRE(d.wait([&] { return d.files_in("DM43").size() == 1; }));
    CHECK(calendar_property(file.bytes, "UID") == "session-1@mentorbot");
    CHECK(calendar_property(d.files_in("DM43")[0].bytes, "UID") == "session-1@mentorbot");
    CHECK(calendar_property(d.files_in("DM43")[0].bytes, "DTSTART") == expected_start(d.chat, 1));
    // One answer, one callback request: nothing was sent twice.
    CHECK(d.discord.requests_to("POST", "/interactions/" + id).size() == 1);
}

TEST_CASE("a mentor pressing Accept on the Discord offer is answered with the meeting's .ics attached",
          "[discord][e2e][calendar]") {
    DiscordWithApp d;
    d.request_help();
    const std::string button = d.accept_button();
    REQUIRE(button == "/flash accept 1");
    const std::string id = d.send(button_click(fresh_snowflake(++d.serial), button, "42"));
    REQUIRE(d.discord.callbacks[id].size() == 1);
    CHECK_THAT(callback_text(d.discord.callbacks[id][0]), Catch::Contains("You accepted request #1"));
    REQUIRE(d.files_answering(id).size() == 1);
    const auto file = d.files_answering(id)[0];
    CHECK(file.filename == "mentoring-session-1.ics");
    CHECK(calendar_property(file.bytes, "DTSTART") == expected_start(d.chat, 1));
    CHECK(calendar_property(file.bytes, "UID") == "session-1@mentorbot");
    REQUIRE(d.wait([&] { return d.messages_in("DM43", "accepted your request") == 1; }));
}

TEST_CASE("a deferred accept on Discord edits its answer with the meeting's .ics attached",
          "[discord][e2e][calendar]") {
    DiscordWithApp d;
    d.request_help();
    // Two seconds old when it arrives: past the moment to defer, inside Discord's 3 s.
    const std::string id = snowflake_at(std::chrono::system_clock::now() - 2s, ++d.serial);
    d.send(slash_command(id, "flash", "accept", json::parse(R"([{"name":"id","type":4,"value":1}])"), "42"));
    CHECK(d.discord.callbacks[id].at(0)["type"] == 5);
    const std::string token = "itoken-" + id;
    REQUIRE(d.wait([&] { return d.files_answering(token).size() == 1; }));
    const auto edits = d.discord.requests_to("PATCH", "/webhooks/900/" + token + "/messages/@original");
    REQUIRE(edits.size() == 1);
    CHECK_THAT(edits[0]->body.value("content", ""), Catch::Contains("You accepted request #1"));
    const auto file = d.files_answering(token)[0];
    CHECK(file.payload["attachments"][0]["filename"] == "mentoring-session-1.ics");
    CHECK(calendar_property(file.bytes, "DTSTART") == expected_start(d.chat, 1));
}

TEST_CASE("when Discord refuses the files the mentor's answer and the requester's message go once without them",
          "[discord][e2e][calendar]") {
    std::ostringstream captured;
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(
        std::make_shared<spdlog::logger>("captured", std::make_shared<spdlog::sinks::ostream_sink_mt>(captured)));
    {
        DiscordWithApp d;
        d.discord.refuse_files = 2;  // the answer's file, then the DM's
        const std::string id = d.accept_a_request();
        // The refused callback left no answer; the plain one is the only answer the mentor sees.
        REQUIRE(d.discord.callbacks[id].size() == 1);
        CHECK_THAT(callback_text(d.discord.callbacks[id][0]),
                   Catch::Contains("You accepted request #1") && Catch::Contains("Add to calendar: https://"));
        CHECK_FALSE(d.discord.callbacks[id][0]["data"].contains("attachments"));
        CHECK(d.discord.requests_to("POST", "/interactions/" + id).size() == 2);
        REQUIRE(d.wait([&] { return d.messages_in("DM43", "accepted your request") == 1; }));
        REQUIRE(d.wait([&] { return OutboxStore(d.chat.database()).pending_count() == 0; }));
        CHECK(d.discord.posted_files.empty());
        // Two posts reached Discord: the refused one with the file, then the message alone.
        CHECK(d.discord.requests_to("POST", "/channels/DM43/messages").size() == 2);

        d.chat.jump(std::chrono::hours(2));
        d.chat.app().deliver_outbox();
        run_for(d.io, 300ms);
        CHECK(d.messages_in("DM43", "accepted your request") == 1);
        CHECK(d.discord.callbacks[id].size() == 1);
    }
    spdlog::default_logger()->flush();
    spdlog::set_default_logger(previous);
    CHECK_THAT(captured.str(), Catch::Contains("the file for the answer to interaction") &&
                                   Catch::Contains("was not accepted (HTTP 413"));
}

TEST_CASE("a message with a file waits out a 429 on its bucket and arrives with the file", "[discord][e2e][calendar]") {
    DiscordWithApp d;
    d.transport->start();
    REQUIRE(d.wait([&] { return d.discord.gateway_ready() && d.transport->gateway().connected_and_ready(); }));
    d.discord.rate_limit_every = 2;  // the second post to the channel gets a 429 first
    int delivered = 0;
    for (int i = 0; i < 2; ++i) {
        Message message{"meeting " + std::to_string(i), {}};
        message.attachment = Attachment{"mentoring-session-" + std::to_string(i) + ".ics", "text/calendar",
                                        "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"};
        d.transport->deliver(OutboundMessage{Destination::channel("discord:G1:C9"), message},
                             [&](DeliveryOutcome outcome) { delivered += outcome.delivered ? 1 : 0; });
    }
    REQUIRE(d.wait([&] { return delivered == 2; }));
    CHECK(d.discord.rate_limit_windows.size() == 1);
    REQUIRE(d.discord.posted_files.size() == 2);
    CHECK(d.discord.channel_messages["C9"].size() == 2);
}
