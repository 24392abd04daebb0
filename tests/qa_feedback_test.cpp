// Feedback as a careful user gives it: the thank-you repeats the answer in plain words.
#include <catch2/catch.hpp>

#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

TEST_CASE("the thank-you for session feedback says whether the goal was met in plain words", "[qa][feedback]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");  // offered to kai
    chat.run("kai", "/flash accept 1");
    CHECK(has(chat.run("ana", "/feedback session id:1 rating:2 goal:not").response.text,
              "session #1 (kubernetes) rated 2/5, goal not met."));
    CHECK(has(chat.run("ana", "/feedback session id:1 rating:3 goal:partly").response.text,
              "rated 3/5, goal partly met (this replaces your earlier feedback)."));
    CHECK(has(chat.run("kai", "/feedback session id:1 rating:4 goal:met").response.text, "rated 4/5, goal met."));
}
