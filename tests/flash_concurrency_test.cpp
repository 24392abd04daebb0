// Two processes act on one request at the same moment: the mentor accepts while the requester cancels.
#include <catch2/catch.hpp>

#include <latch>
#include <thread>

#include "bot/app.h"
#include "storage/request_store.h"
#include "storage/session_store.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using namespace mentorbot::testing;

TEST_CASE("concurrent accept and cancel: one consistent outcome, never half of each", "[flash][concurrency]") {
    // Twelve offers to the same mentor within minutes: a day's limit of direct messages would
    // send the later ones elsewhere, and this is about the race alone.
    Config config = default_config();
    config.max_dms_per_day = 100;
    TestChat chat(true, config);
    // A second process on the same database file, with its own connection.
    Database second_database(chat.database_path());
    App second(second_database, config, chat.clock());
    const Caller ana = testing::console_caller("ana");
    const Caller kai = testing::console_caller("kai");

    int accepted_outcomes = 0;
    int cancelled_outcomes = 0;
    for (int round = 0; round < 12; ++round) {
        chat.run("ana", "/flash request kubernetes");
        const long long id = round + 1;
        REQUIRE(RequestStore(chat.database()).find(id)->candidate_id == console_member("kai"));

        Reply accept_reply;
        Reply cancel_reply;
        std::latch start(2);
        std::thread mentor([&] {
            start.arrive_and_wait();
            accept_reply = chat.app().run(testing::text_request(kai, "/flash accept " + std::to_string(id)));
        });
        std::thread requester([&] {
            start.arrive_and_wait();
            cancel_reply = second.run(testing::text_request(ana, "/flash cancel " + std::to_string(id)));
        });
        mentor.join();
        requester.join();

        const FlashRequest request = *RequestStore(chat.database()).find(id);
        const bool has_session = SessionStore(chat.database()).for_request(id).has_value();
        const bool cancel_won = cancel_reply.response.text.rfind("Cancelled", 0) == 0;
        const bool accept_won = accept_reply.response.text.rfind("You accepted", 0) == 0;
        INFO("accept: " << accept_reply.response.text << "\ncancel: " << cancel_reply.response.text);
        // The request is in exactly one state, and the session exists exactly when it is accepted.
        CHECK((request.status == "accepted" || request.status == "cancelled"));
        CHECK(has_session == (request.status == "accepted"));
        CHECK(cancel_won == (request.status == "cancelled"));
        if (request.status == "accepted") CHECK(accept_won);
        (request.status == "accepted" ? accepted_outcomes : cancelled_outcomes) += 1;
        // Tidy up so kai has room for the next round.
        if (request.status == "accepted") chat.run("ana", "/flash cancel " + std::to_string(id));
        chat.take_deliveries();
    }
    CHECK(accepted_outcomes + cancelled_outcomes == 12);
}
