// The app's guarantees: internal errors are contained, deliveries run once, the outbox retries.
#include <catch2/catch.hpp>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "bot/app.h"
#include "bot/logging.h"
#include "commands/command_context.h"
#include "storage/member_store.h"
#include "storage/outbox_store.h"
#include "tests/support/callers.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using mentorbot::testing::TestChat;
using mentorbot::testing::caller_of;
using mentorbot::testing::console_caller;
using mentorbot::testing::text_request;

namespace {

// A registry with commands that misbehave on purpose.
const CommandRegistry& faulty_registry() {
    static const CommandRegistry registry({{
        "boom",
        "Commands that fail on purpose",
        {
            {"crash",
             "writes, then hits a bug",
             {},
             false,
             [](CommandContext& context) -> Reply {
                 MemberStore(context.database).ensure("console:local:written-before-crash", "x", context.now());
                 throw std::runtime_error("disk on fire");
             }},
            {"quote",
             "fails quoting the member's text, as a parser's exception might",
             {{.name = "text", .type = OptionType::text, .description = "anything", .positional = true}},
             false,
             [](CommandContext& context) -> Reply {
                 throw std::runtime_error("could not read " + *context.arguments().text("text"));
             }},
            {"notify",
             "sends a direct message",
             {{.name = "who", .type = OptionType::user, .description = "to whom", .positional = true}},
             false,
             [](CommandContext& context) {
                 Reply reply = Reply::private_text("sent");
                 reply.outbound.push_back({Destination::member(*context.arguments().text("who")), {"hello", {}}});
                 return reply;
             }},
            {"secret", "admins only", {}, true, [](CommandContext&) { return Reply::private_text("the secret"); }},
        },
    }});
    return registry;
}

struct FaultyApp {
    TestChat chat{false};
    App app{chat.database(), default_config(), chat.clock(), faulty_registry()};
    testing::RecordingTransport transport;
    FaultyApp() { app.add_transport(transport); }
    Reply run(const std::string& who, const std::string& line, const std::string& key = {}) {
        return app.run(text_request(console_caller(who), line, key));
    }
};

}  // namespace

TEST_CASE("an internal error rolls back, is logged with an id, and the user sees an apology with it", "[app]") {
    FaultyApp fixture;
    std::string reply = fixture.run("ana", "/boom crash").response.text;
    CHECK_THAT(reply, Catch::Contains("something went wrong on our side") && Catch::Contains("error id E-"));
    CHECK_THAT(reply, !Catch::Contains("disk on fire"));
    CHECK_FALSE(MemberStore(fixture.chat.database()).exists("console:local:written-before-crash"));
}

TEST_CASE("member text in an internal error's log line cannot forge a second line", "[app]") {
    std::ostringstream captured;
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(
        std::make_shared<spdlog::logger>("captured", std::make_shared<spdlog::sinks::ostream_sink_mt>(captured)));
    FaultyApp fixture;
    // As Discord delivers options: already split, line breaks and all.
    CommandRequest request = text_request(console_caller("ana"), "");
    request.input = TypedOptions{"boom", "quote", {{"text", "x\nFAKE LOG LINE\r\x1b[31m"}}};
    std::string reply = fixture.app.run(request).response.text;
    spdlog::default_logger()->flush();
    spdlog::set_default_logger(previous);
    CHECK_THAT(reply, Catch::Contains("error id E-"));
    const std::string log = captured.str();
    CHECK(std::count(log.begin(), log.end(), '\n') == 1);
    CHECK_THAT(log, Catch::Contains("could not read x\\nFAKE LOG LINE\\r\\x1b[31m"));
}

TEST_CASE("the bot's log format keeps any event on one line whatever text it quotes", "[app]") {
    std::ostringstream captured;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
    sink->set_formatter(make_log_formatter());
    spdlog::logger logger("formatted", sink);
    logger.warn("platform said: {}", "bad\nFAKE LOG LINE\r");
    logger.flush();
    const std::string log = captured.str();
    CHECK(std::count(log.begin(), log.end(), '\n') == 1);
    CHECK_THAT(log, Catch::EndsWith(" warning platform said: bad\\nFAKE LOG LINE\\r\n"));
}

TEST_CASE("admin-only commands are refused to others and allowed to admins", "[app]") {
    FaultyApp fixture;
    CHECK_THAT(fixture.run("ana", "/boom secret").response.text, Catch::Contains("for program admins only"));
    CHECK(fixture.run("olivia", "/boom secret").response.text == "the secret");
    Reply platform_admin = fixture.app.run(text_request(caller_of("discord:G:1", "x", true), "/boom secret"));
    CHECK(platform_admin.response.text == "the secret");
}

TEST_CASE("a delivery seen twice is answered twice but runs once", "[app]") {
    FaultyApp fixture;
    CHECK(fixture.run("ana", "/boom notify ben", "envelope-1").response.text == "sent");
    CHECK(fixture.run("ana", "/boom notify ben", "envelope-1").response.text == "sent");
    fixture.app.deliver_outbox();
    CHECK(fixture.transport.delivered.size() == 1);
    // Also after a restart: the record is in the database.
    App restarted{fixture.chat.database(), default_config(), fixture.chat.clock(), faulty_registry()};
    CHECK(restarted.run(text_request(console_caller("ana"), "/boom notify ben", "envelope-1")).response.text == "sent");
    CHECK(fixture.chat.database().connection().execAndGet("SELECT COUNT(*) FROM outbox").getInt() == 1);
    // A user error is remembered too, so a re-sent copy gets the same answer.
    std::string first = fixture.run("ana", "/boom nope", "envelope-2").response.text;
    CHECK(fixture.run("ana", "/boom nope", "envelope-2").response.text == first);
}

TEST_CASE("failed deliveries are retried with backoff and then delivered", "[app]") {
    FaultyApp fixture;
    fixture.transport.failing = true;
    fixture.run("ana", "/boom notify ben");
    fixture.app.deliver_outbox();
    CHECK(fixture.transport.attempts == 1);
    fixture.app.deliver_outbox();  // not due again yet
    CHECK(fixture.transport.attempts == 1);
    fixture.transport.failing = false;
    fixture.chat.clock().advance(std::chrono::minutes{2});
    fixture.app.deliver_outbox();
    CHECK(fixture.transport.attempts == 2);
    REQUIRE(fixture.transport.delivered.size() == 1);
    CHECK(fixture.transport.delivered[0].message.text == "hello");
    CHECK(OutboxStore(fixture.chat.database()).pending_count() == 0);
}

TEST_CASE("a delivery to a platform nobody serves is kept for later, not lost", "[app]") {
    FaultyApp fixture;
    fixture.app.run(text_request(caller_of("slack:T1:U1", "ana"), "/boom notify <@U2>"));
    fixture.app.deliver_outbox();
    CHECK(OutboxStore(fixture.chat.database()).pending_count() == 1);
}

TEST_CASE("a member who sends too many commands is asked to slow down, others are not", "[app]") {
    Config config = default_config();
    config.commands_per_minute = 3;
    TestChat chat(false, config);
    App app(chat.database(), config, chat.clock());
    Caller ana = caller_of("slack:T1:UANA", "ana");
    auto run = [&](const Caller& caller, const std::string& line) {
        return app.run(text_request(caller, line)).response.text;
    };
    for (int index = 0; index < 3; ++index)
        CHECK_THAT(run(ana, "/profile set level:2"), Catch::Contains("Profile saved"));
    std::string refused = run(ana, "/profile set level:3");
    CHECK_THAT(refused, Catch::Contains("at most 3 a minute") && Catch::Contains("Nothing was done"));
    CHECK(MemberStore(chat.database()).find("slack:T1:UANA")->level == 2);
    CHECK_THAT(run(caller_of("slack:T1:UBEN", "ben"), "/profile set level:4"), Catch::Contains("Profile saved"));
    chat.clock().advance(std::chrono::seconds{61});
    CHECK_THAT(run(ana, "/profile set level:3"), Catch::Contains("Profile saved"));
    // The operator's console is not limited.
    for (int index = 0; index < 10; ++index)
        CHECK_THAT(chat.run("zoe", "/profile set level:1").response.text, Catch::Contains("Profile saved"));
}

TEST_CASE("a command that changed nothing leaves no run-once record, yet a re-sent copy gets the same answer",
          "[app]") {
    FaultyApp fixture;
    auto records = [&] {
        return fixture.chat.database().connection().execAndGet("SELECT COUNT(*) FROM processed_deliveries").getInt();
    };
    fixture.run("ana", "/boom notify ben", "warm-up");  // ana is known from here on
    const int before = records();
    Reply first = fixture.run("ana", "/boom secret", "envelope-read");
    CHECK_THAT(first.response.text, Catch::Contains("for program admins only"));
    CHECK(records() == before);
    // Olivia is an admin: the same envelope id must not run again as her command.
    CHECK(fixture.run("olivia", "/boom secret", "envelope-read").response.text == first.response.text);
    // A command that changed something is recorded with its changes.
    fixture.run("ana", "/boom notify ben", "envelope-write");
    CHECK(records() == before + 1);
}

TEST_CASE("run-once records older than a day are forgotten, newer ones stay", "[app]") {
    FaultyApp fixture;
    fixture.run("ana", "/boom notify ben", "old-envelope");
    fixture.chat.clock().advance(std::chrono::hours{23});
    fixture.run("ana", "/boom notify ben", "new-envelope");
    fixture.chat.clock().advance(std::chrono::hours{2});
    fixture.app.housekeeping();
    auto recorded = [&](const char* key) {
        SQLite::Statement query(fixture.chat.database().connection(),
                                "SELECT COUNT(*) FROM processed_deliveries WHERE delivery_key = ?");
        query.bind(1, key);
        query.executeStep();
        return query.getColumn(0).getInt();
    };
    CHECK(recorded("old-envelope") == 0);
    CHECK(recorded("new-envelope") == 1);
}

TEST_CASE("remembered replies stay within their memory budget, oldest dropped first", "[app]") {
    RecentReplies recent(16 * 1024);
    for (int index = 0; index < 1000; ++index) {
        recent.remember("envelope-" + std::to_string(index), Reply::private_text(std::string(200, 'x')));
    }
    CHECK(recent.size() < 100);
    CHECK(recent.find("envelope-0") == nullptr);
    REQUIRE(recent.find("envelope-999") != nullptr);
    CHECK(recent.find("envelope-999")->response.text == std::string(200, 'x'));
}
