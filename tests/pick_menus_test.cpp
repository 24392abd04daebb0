// A command that needs one of the member's own requests, sessions or pods, given without it, offers them to pick.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "bot/discord/interactions.h"
#include "commands/option_suggestions.h"
#include "commands/registry.h"
#include "tests/support/callers.h"
#include "tests/support/message_choices.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using nlohmann::json;

namespace {

// Ana asks for help on kubernetes at 14:00 on a Thursday, when every demo mentor works;
// Kai is paused, so it is offered to Ben.
struct AnaAsksBen {
    TestChat chat;
    AnaAsksBen() {
        chat.jump(std::chrono::hours(5));
        chat.run("kai", "/mentor pause");
        REQUIRE(contains(chat.run("ana", "/flash request kubernetes").response.text, "offered to"));
        chat.take_deliveries();
    }
};

// The only select of `reply`, required to be there.
const Select& only_menu(const Reply& reply) {
    REQUIRE(reply.response.selects.size() == 1);
    return reply.response.selects[0];
}

}  // namespace

TEST_CASE("accept and decline without a number offer the requests waiting for the mentor's answer",
          "[selects][flash]") {
    AnaAsksBen scene;
    Reply asked = scene.chat.run("ben", "/flash accept");
    CHECK(contains(asked.response.text, "missing required option `id`"));
    const Select& menu = only_menu(asked);
    CHECK(menu.placeholder == "Pick the request number");
    REQUIRE(menu.options.size() == 1);
    CHECK(contains(menu.options[0].label, "#1 kubernetes"));
    CHECK(contains(menu.options[0].label, "from"));
    CHECK(menu.options[0].command_line == "/flash accept id:1");
    // Nobody else is offered Ben's offer, and asking changed nothing.
    CHECK(scene.chat.run("carla", "/flash accept").response.selects.empty());
    CHECK(choice_lines(scene.chat.run("ben", "/flash decline reason:\"on leave\"").response) ==
          std::vector<std::string>{"/flash decline reason:\"on leave\" id:1"});
    CHECK(contains(scene.chat.run("ben", menu.options[0].command_line).response.text, "accepted"));
    // Answered: nothing is left to pick, and the refusal says so rather than asking for a number.
    Reply nothing = scene.chat.run("ben", "/flash accept");
    CHECK(contains(nothing.response.text, "Nothing to pick for `id`: no request waits for your answer."));
    CHECK_FALSE(contains(nothing.response.text, "missing required option"));
    CHECK(nothing.response.selects.empty());
}

TEST_CASE("accept without a number also offers a request whose offer to the mentor lapsed", "[selects][flash]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");  // kai first
    chat.advance(std::chrono::minutes(30));        // kai is silent: ben is offered it
    chat.take_deliveries();
    // Kai may still say yes, so the bare accept lists it, as typing its number would take it;
    // a decline has nothing of Kai's to answer.
    const Reply asked = chat.run("kai", "/flash accept");
    CHECK(choice_lines(asked.response) == std::vector<std::string>{"/flash accept id:1"});
    CHECK(contains(chat.run("kai", "/flash decline").response.text, "Nothing to pick for `id`"));
    CHECK(choice_lines(chat.run("ben", "/flash accept").response) == std::vector<std::string>{"/flash accept id:1"});
    CHECK(contains(chat.run("kai", "/flash accept id:1").response.text, "You accepted request #1"));
    // Taken: it leaves both lists.
    CHECK(contains(chat.run("ben", "/flash accept").response.text, "Nothing to pick for `id`"));
    CHECK(contains(chat.run("kai", "/flash accept").response.text, "Nothing to pick for `id`"));
}

TEST_CASE("done, why and cancel without a number offer the member's own requests and sessions", "[selects][flash]") {
    AnaAsksBen scene;
    TestChat& chat = scene.chat;
    // Before an accept Ana may cancel or ask why, but has no session to mark done.
    CHECK(choice_lines(chat.run("ana", "/flash cancel").response) == std::vector<std::string>{"/flash cancel id:1"});
    CHECK(choice_lines(chat.run("ana", "/flash why").response) == std::vector<std::string>{"/flash why id:1"});
    const Reply no_session = chat.run("ana", "/flash done");
    CHECK(no_session.response.selects.empty());
    CHECK(contains(no_session.response.text, "Nothing to pick for `id`: you are in no accepted session."));
    REQUIRE(contains(chat.run("ben", "/flash accept 1").response.text, "accepted"));

    // Both people of the session may pick it; the label names the other one.
    const Reply ana_done = chat.run("ana", "/flash done");
    const Select& for_ana = only_menu(ana_done);
    REQUIRE(for_ana.options.size() == 1);
    CHECK(contains(for_ana.options[0].label, "with Ben"));
    const Reply ben_done = chat.run("ben", "/flash done");
    const Select& for_ben = only_menu(ben_done);
    REQUIRE(for_ben.options.size() == 1);
    CHECK(contains(for_ben.options[0].label, "with Ana"));
    CHECK(chat.run("carla", "/flash done").response.selects.empty());
    CHECK(chat.run("carla", "/flash why").response.selects.empty());

    // Picking marks it done; then the session is offered for a rating, once.
    CHECK(contains(chat.run("ana", for_ana.options[0].command_line).response.text, "done"));
    const Reply rating = chat.run("ana", "/feedback session rating:5");
    const Select& to_rate = only_menu(rating);
    REQUIRE(to_rate.options.size() == 1);
    CHECK(to_rate.options[0].command_line == "/feedback session rating:5 id:1");
    CHECK(contains(chat.run("ana", to_rate.options[0].command_line).response.text, "rated 5/5"));
    CHECK(chat.run("ana", "/feedback session rating:4").response.selects.empty());
}

TEST_CASE("leave and checkin without a pod offer the member's own pods", "[selects][pod]") {
    TestChat chat;
    REQUIRE(contains(chat.run("ana", "/pod create rust-readers topic:rust").response.text, "created"));
    REQUIRE(contains(chat.run("ana", "/pod create go-circle topic:go").response.text, "created"));
    REQUIRE(contains(chat.run("ben", "/pod join go-circle").response.text, "You joined pod go-circle"));
    CHECK(choice_lines(chat.run("ben", "/pod leave").response) ==
          std::vector<std::string>{"/pod leave name:go-circle"});
    CHECK(choice_lines(chat.run("ana", "/pod checkin note:\"read ch. 3\"").response) ==
          std::vector<std::string>{"/pod checkin note:\"read ch. 3\" name:go-circle",
                                   "/pod checkin note:\"read ch. 3\" name:rust-readers"});
    CHECK(chat.run("carla", "/pod leave").response.selects.empty());
    CHECK(contains(chat.run("ben", "/pod leave name:go-circle").response.text, "left"));
    CHECK(chat.run("ben", "/pod leave").response.selects.empty());
}

TEST_CASE("Discord autocompletes a request number with the member's own requests as integers", "[selects][discord]") {
    AnaAsksBen scene;
    Caller ben = console_caller("ben", "console:local:#general");
    const std::vector<Choice> choices = suggest_option_values(scene.chat.database(), default_config(),
                                                              CommandRegistry::standard(), ben,
                                                              OptionQuery{"flash", "accept", "id", ""});
    REQUIRE(choices.size() == 1);
    CHECK(choices[0].value == "1");
    const json callback = discord::autocomplete_callback_json(choices, /*integer_values=*/true);
    REQUIRE(callback["data"]["choices"].size() == 1);
    CHECK(callback["data"]["choices"][0]["value"] == 1);
    CHECK(callback["data"]["choices"][0]["value"].is_number_integer());
    // Typing narrows the list by its line; a number that names nothing leaves none.
    CHECK(suggest_option_values(scene.chat.database(), default_config(), CommandRegistry::standard(), ben,
                                OptionQuery{"flash", "accept", "id", "kube"})
              .size() == 1);
    CHECK(suggest_option_values(scene.chat.database(), default_config(), CommandRegistry::standard(), ben,
                                OptionQuery{"flash", "accept", "id", "#7"})
              .empty());
}
