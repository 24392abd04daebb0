// A message's file in the outbox: stored and read back whole, bounded, older rows unchanged; and its Discord form.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "bot/discord/multipart_message.h"
#include "storage/database.h"
#include "storage/message_codec.h"
#include "storage/outbox_store.h"
#include "tests/support/multipart_form.h"
#include "tests/support/temp_directory.h"
#include "util/base64.h"

using namespace mentorbot;
using mentorbot::testing::FormPart;
using mentorbot::testing::parse_multipart_form;
using mentorbot::testing::TempDirectory;

namespace {

Attachment calendar_file() {
    // Bytes of every value, CRLFs and a character outside ASCII: stored as they are.
    std::string bytes = "BEGIN:VCALENDAR\r\nSUMMARY:Mentoring: k8s ⏰\r\nEND:VCALENDAR\r\n";
    bytes += std::string("\0\xff\x80", 3);
    return {"mentoring-session-12.ics", "text/calendar; charset=utf-8", bytes};
}

}  // namespace

TEST_CASE("base64 reads back every byte and refuses what is not base64", "[util][base64]") {
    for (const std::string& bytes :
         {std::string(), std::string("a"), std::string("ab"), std::string("abc"), std::string("\0\xff\x10\x80", 4)}) {
        CHECK(base64_decode(base64_encode(bytes)) == bytes);
    }
    CHECK(base64_encode("abcd") == "YWJjZA==");
    CHECK_FALSE(base64_decode("YWJjZA=").has_value());   // a length that is not a multiple of 4
    CHECK_FALSE(base64_decode("YW=jZA==").has_value());  // padding in the middle
    CHECK_FALSE(base64_decode("YWJj ZA=").has_value());  // a character outside the alphabet
}

TEST_CASE("an outbox message keeps its file, and a message without one is stored as before", "[storage][codec]") {
    Message message{"Ben accepted your request", {{"Cancel", "/flash cancel 1"}}};
    CHECK(encode_message(message).find("attachment") == std::string::npos);
    message.attachment = calendar_file();

    TempDirectory directory;
    Database database(directory.file("outbox.db"));
    OutboxStore outbox(database);
    outbox.enqueue({Destination::member("slack:T1:U3"), message}, 100);
    // A row written before messages had files reads with none.
    outbox.enqueue({Destination::member("slack:T1:U4"), decode_message(R"({"text":"old","buttons":[]})")}, 100);
    const auto due = outbox.due(200);
    REQUIRE(due.size() == 2);
    REQUIRE(due[0].message.message.attachment.has_value());
    CHECK(due[0].message.message.attachment->name == "mentoring-session-12.ics");
    CHECK(due[0].message.message.attachment->media_type == "text/calendar; charset=utf-8");
    CHECK(due[0].message.message.attachment->bytes == calendar_file().bytes);
    CHECK(due[0].message.message.text == message.text);
    CHECK(due[0].message.message.buttons.size() == 1);
    CHECK_FALSE(due[1].message.message.attachment.has_value());
    CHECK(due[1].message.message.text == "old");
}

TEST_CASE("a file over the limit or damaged is left off and the message still reads", "[storage][codec]") {
    Message message{"with a big file", {}};
    message.attachment = Attachment{"big.ics", "text/calendar", std::string(Attachment::max_bytes + 1, 'x')};
    const Message read = decode_message(encode_message(message));
    CHECK(read.text == "with a big file");
    CHECK_FALSE(read.attachment.has_value());

    CHECK_FALSE(decode_message(R"({"text":"t","attachment":{"name":"a.ics","type":"text/calendar","base64":"!!"}})")
                    .attachment.has_value());
    CHECK_FALSE(decode_message(R"({"text":"t","attachment":{"name":"","type":"text/calendar","base64":"YQ=="}})")
                    .attachment.has_value());
    const std::string oversized = base64_encode(std::string(Attachment::max_bytes + 1, 'y'));
    const Message stored = decode_message(
        R"({"text":"t","attachment":{"name":"a.ics","type":"text/calendar","base64":")" + oversized + R"("}})");
    CHECK(stored.text == "t");
    CHECK_FALSE(stored.attachment.has_value());
}

TEST_CASE("a Discord message with a file is payload_json and files[0], declared in attachments", "[discord][files]") {
    nlohmann::json payload = {{"content", "Ben accepted your request"}};
    const Attachment file = calendar_file();
    const discord::MultipartBody body = discord::message_with_file(payload, file);
    const auto parts = parse_multipart_form(body.content_type, body.body);
    REQUIRE(parts.has_value());
    REQUIRE(parts->size() == 2);
    const FormPart& json_part = (*parts)[0];
    CHECK(json_part.name == "payload_json");
    CHECK(json_part.content_type == "application/json");
    const auto sent = nlohmann::json::parse(json_part.bytes);
    CHECK(sent["content"] == "Ben accepted your request");
    CHECK(sent["attachments"] == nlohmann::json::parse(R"([{"id":0,"filename":"mentoring-session-12.ics"}])"));
    const FormPart& file_part = (*parts)[1];
    CHECK(file_part.name == "files[0]");
    CHECK(file_part.filename == "mentoring-session-12.ics");
    CHECK(file_part.content_type == "text/calendar; charset=utf-8");
    CHECK(file_part.bytes == file.bytes);

    // An interaction callback carries its message in data: the file is declared there.
    nlohmann::json callback = {{"type", 4}, {"data", {{"content", "You accepted request #1"}, {"flags", 64}}}};
    const discord::MultipartBody answer = discord::message_with_file(callback, file);
    const auto answer_parts = parse_multipart_form(answer.content_type, answer.body);
    REQUIRE(answer_parts.has_value());
    REQUIRE(answer_parts->size() == 2);
    const auto answered = nlohmann::json::parse((*answer_parts)[0].bytes);
    CHECK(answered["type"] == 4);
    CHECK_FALSE(answered.contains("attachments"));
    CHECK(answered["data"]["attachments"] ==
          nlohmann::json::parse(R"([{"id":0,"filename":"mentoring-session-12.ics"}])"));
    CHECK((*answer_parts)[1].bytes == file.bytes);

    // A file that happens to hold the usual boundary gets another one.
    Attachment tricky = file;
    tricky.bytes = "--mentorbot-part-boundary\r\n" + tricky.bytes;
    const discord::MultipartBody other = discord::message_with_file(payload, tricky);
    const auto tricky_parts = parse_multipart_form(other.content_type, other.body);
    REQUIRE(tricky_parts.has_value());
    REQUIRE(tricky_parts->size() == 2);
    CHECK((*tricky_parts)[1].bytes == tricky.bytes);
}
