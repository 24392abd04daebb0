// The one stored form of messages and replies: round trips, and rows written in either older form still read.
#include <catch2/catch.hpp>

#include "storage/database.h"
#include "storage/delivery_store.h"
#include "storage/message_codec.h"
#include "storage/outbox_store.h"
#include "tests/support/temp_directory.h"

using namespace mentorbot;
using mentorbot::testing::TempDirectory;

namespace {

Message offer_message() {
    return {"Ana asks for flash help on \"sql\" ⏰\nNote: line two",
            {{"Accept", "/flash accept 12"}, {"Decline", "/flash decline 12"}}};
}

void check_same(const Message& read, const Message& written) {
    CHECK(read.text == written.text);
    REQUIRE(read.buttons.size() == written.buttons.size());
    for (std::size_t i = 0; i < read.buttons.size(); ++i) {
        CHECK(read.buttons[i].label == written.buttons[i].label);
        CHECK(read.buttons[i].command_line == written.buttons[i].command_line);
    }
}

}  // namespace

TEST_CASE("a message and a reply read back as they were written", "[storage][codec]") {
    check_same(decode_message(encode_message(offer_message())), offer_message());
    check_same(decode_message(encode_message(Message{})), Message{});

    Reply reply;
    reply.is_public = true;
    reply.response = offer_message();
    Reply read = decode_reply(encode_reply(reply));
    CHECK(read.is_public);
    check_same(read.response, reply.response);
    CHECK_FALSE(decode_reply(encode_reply(Reply::private_text("only you"))).is_public);
}

TEST_CASE("messages and replies stored in the older forms still read", "[storage][codec]") {
    // Outbox rows: keys in alphabetical order, buttons as objects.
    check_same(decode_message(R"({"buttons":[{"command":"/flash accept 12","label":"Accept"}],"text":"hi"})"),
               {"hi", {{"Accept", "/flash accept 12"}}});
    // Run-once records: buttons as [label, command] pairs.
    Reply old = decode_reply(R"({"public":false,"text":"Rate it","buttons":[["5","/feedback rate 3 5"]]})");
    CHECK_FALSE(old.is_public);
    check_same(old.response, {"Rate it", {{"5", "/feedback rate 3 5"}}});
    // Fields left out read as empty.
    check_same(decode_message("{}"), Message{});
}

TEST_CASE("an old run-once record is replayed and an outbox row is delivered as written", "[storage][codec]") {
    TempDirectory directory;
    Database database(directory.file("codec.db"));
    database.execute(
        R"sql(INSERT INTO processed_deliveries (delivery_key, reply, seen_at) VALUES ('old-1', '{"public":true,"text":"Done","buttons":[["Undo","/pod leave x"]]}', 1))sql");
    std::optional<Reply> replayed = DeliveryStore(database).find("old-1");
    REQUIRE(replayed);
    CHECK(replayed->is_public);
    check_same(replayed->response, {"Done", {{"Undo", "/pod leave x"}}});

    OutboxStore outbox(database);
    REQUIRE(outbox.enqueue({Destination::member("console:local:ben"), offer_message()}, 10) != 0);
    auto due = outbox.due(10);
    REQUIRE(due.size() == 1);
    check_same(due[0].message.message, offer_message());
}
