// The command registry: complete, consistent, and fit for Slack and Discord limits.
#include <catch2/catch.hpp>

#include <set>

#include "commands/registry.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;

TEST_CASE("every command and subcommand has a description, a usage line and a handler", "[registry]") {
    const auto& registry = CommandRegistry::standard();
    REQUIRE(registry.commands().size() >= 3);
    for (const auto& command : registry.commands()) {
        INFO("/" << command.name);
        CHECK(!command.description.empty());
        CHECK(command.description.size() <= 100);  // Discord's description limit
        CHECK(command.name.size() + 1 <= 32);      // Slack's command length limit, slash included
        CHECK(registry.usage(command).starts_with("/" + command.name));
        for (const auto& subcommand : command.subcommands) {
            INFO(subcommand.name);
            CHECK(!subcommand.description.empty());
            CHECK(subcommand.description.size() <= 100);
            CHECK(static_cast<bool>(subcommand.handler));
            std::set<std::string> names;
            for (const auto& option : subcommand.options) {
                INFO(option.name);
                CHECK(names.insert(option.name).second);
                CHECK(!option.description.empty());
                CHECK(option.description.size() <= 100);
                CHECK(option.name.size() <= 32);
                for (char c : option.name) CHECK(((c >= 'a' && c <= 'z') || c == '-' || c == '_'));
                CHECK(registry.usage(command, subcommand).find(option.name + ":") != std::string::npos);
                if (option.type == OptionType::choice) CHECK(option.choices.size() <= 25);
            }
        }
    }
}

TEST_CASE("usage lines show required options plainly and optional ones in brackets", "[registry]") {
    const auto& registry = CommandRegistry::standard();
    const CommandSpec& coach = *registry.find("coach");
    CHECK(registry.usage(coach, *registry.find("coach", "recommend")) ==
          "/coach recommend goal:career|skill|problem|leadership|onboarding|digital [horizon:long|short] "
          "[experience:new|experienced|transitioning]");
    CHECK(registry.usage(*registry.find("mentor"), *registry.find("mentor", "offer")).find("[capacity:<1–20>]") !=
          std::string::npos);
}

TEST_CASE("/coach help lists every command, and help for one lists every option", "[registry]") {
    testing::TestChat chat;
    std::string all = chat.run("ana", "/coach help").response.text;
    for (const auto& command : CommandRegistry::standard().commands()) {
        CHECK_THAT(all, Catch::Contains("/" + command.name + " ") || Catch::Contains("/" + command.name + "\n"));
        CHECK_THAT(all, Catch::Contains(command.description));
        std::string one = chat.run("ana", "/coach help " + command.name).response.text;
        for (const auto& subcommand : command.subcommands) {
            CHECK_THAT(one, Catch::Contains(subcommand.description));
            for (const auto& option : subcommand.options) CHECK_THAT(one, Catch::Contains(option.name + ":"));
        }
    }
    CHECK_THAT(chat.run("ana", "/coach help /mentor").response.text, Catch::Contains("/mentor offer"));
    CHECK_THAT(chat.run("ana", "/coach help nosuch").response.text, Catch::Contains("there is no command `/nosuch`"));
}

TEST_CASE("only the subcommands marked so answer from the registry alone and a line naming one is told in any case",
          "[registry]") {
    const auto& registry = CommandRegistry::standard();
    CHECK(registry.answers_from_registry_alone("coach", "help"));
    CHECK_FALSE(registry.answers_from_registry_alone("coach", "recommend"));
    CHECK_FALSE(registry.answers_from_registry_alone("flash", "request"));
    CHECK_FALSE(registry.answers_from_registry_alone("coach", "no-such-subcommand"));
    CHECK(registry.may_name_registry_only_subcommand("/coach HeLp flash"));
    CHECK_FALSE(registry.may_name_registry_only_subcommand("/flash request topic:kubernetes"));

    // The mark, not the name, decides: a registry whose "help" is not marked screens nothing.
    const CommandRegistry unmarked({{"demo", "A demo command", {{"help", "Shows help", {}, false, [](CommandContext&) {
                                                                     return Reply::private_text("help");
                                                                 }}}}});
    CHECK_FALSE(unmarked.answers_from_registry_alone("demo", "help"));
    CHECK_FALSE(unmarked.may_name_registry_only_subcommand("/demo help"));
}
