// Discord command registration JSON generated from command specs, and its change fingerprint.
#include <catch2/catch.hpp>

#include <map>

#include "bot/discord/command_registration.h"
#include "bot/discord/interactions.h"
#include "bot/discord/stored_registration_record.h"
#include "commands/registry.h"
#include "util/text.h"
#include "tests/fake_discord/payloads.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using namespace mentorbot::discord;
using nlohmann::json;

namespace {

OptionSpec option(std::string name, OptionType type, std::string description, bool required) {
    OptionSpec spec;
    spec.name = std::move(name);
    spec.type = type;
    spec.description = std::move(description);
    spec.required = required;
    return spec;
}

SubcommandSpec subcommand(std::string name, std::string description, std::vector<OptionSpec> options) {
    SubcommandSpec spec;
    spec.name = std::move(name);
    spec.description = std::move(description);
    spec.options = std::move(options);
    return spec;
}

std::vector<CommandSpec> sample_commands() {
    OptionSpec topic = option("topic", OptionType::text, "What you need help with", true);
    topic.max_chars = 120;
    OptionSpec minutes = option("minutes", OptionType::integer, "Session length", false);
    minutes.min = 15;
    minutes.max = 60;
    OptionSpec kind = option("kind", OptionType::choice, "Kind of session", false);
    kind.choices = {"flash", "micro"};
    OptionSpec mentor = option("mentor", OptionType::user, "Who to ask", false);
    SubcommandSpec request = subcommand("request", "Ask for a short mentoring session", {kind, topic, minutes, mentor});
    SubcommandSpec accept = subcommand("accept", "Accept a request",
                                       {option("id", OptionType::integer, "Request number", true)});
    CommandSpec flash{"Flash", "Flash mentoring", {request, accept}};

    OptionSpec channel = option("channel", OptionType::channel, "Where to post", true);
    OptionSpec text = option("text", OptionType::text, "The announcement", true);
    SubcommandSpec announce_only = subcommand("", "Post an announcement", {channel, text});
    CommandSpec announce{"announce", std::string(150, 'a'), {announce_only}};
    return {flash, announce};
}

}  // namespace

TEST_CASE("Commands become CHAT_INPUT commands with subcommands as type-1 options", "[discord][registration]") {
    auto body = application_commands_json(sample_commands());
    REQUIRE(body.size() == 2);
    const auto& flash = body[0];
    CHECK(flash["name"] == "flash");
    CHECK(flash["type"] == 1);
    REQUIRE(flash["options"].size() == 2);
    const auto& request = flash["options"][0];
    CHECK(request["type"] == 1);
    CHECK(request["name"] == "request");
    // Required options come first, as Discord demands.
    CHECK(request["options"][0]["name"] == "topic");
    CHECK(request["options"][0]["type"] == 3);
    CHECK(request["options"][0]["required"] == true);
    CHECK(request["options"][0]["max_length"] == 120);
    CHECK(request["options"][1]["name"] == "kind");
    CHECK(request["options"][1]["choices"] ==
          json::parse(R"([{"name":"flash","value":"flash"},{"name":"micro","value":"micro"}])"));
    CHECK(request["options"][2]["type"] == 4);
    CHECK(request["options"][2]["min_value"] == 15);
    CHECK(request["options"][2]["max_value"] == 60);
    CHECK(request["options"][3]["type"] == 6);
    CHECK_FALSE(flash["options"][1]["options"][0].contains("min_value"));
}

TEST_CASE("A command without subcommands takes its options directly", "[discord][registration]") {
    auto body = application_commands_json(sample_commands());
    const auto& announce = body[1];
    REQUIRE(announce["options"].size() == 2);
    CHECK(announce["options"][0]["type"] == 7);
    CHECK(announce["options"][1]["type"] == 3);
}

TEST_CASE("Descriptions fit in 100 characters and names are lowercase", "[discord][registration]") {
    auto body = application_commands_json(sample_commands());
    CHECK(body[1]["description"].get<std::string>().size() <= 100 + 2);
    CHECK(discord_description(std::string(150, 'a'), "x") == std::string(99, 'a') + "\u2026");
    // Counted in code points: 120 × "é" (2 bytes each) is cut to 99 + the ellipsis.
    std::string accents;
    for (int i = 0; i < 120; ++i) accents += "\u00e9";
    auto cut = discord_description(accents, "x");
    CHECK(cut.size() == 99 * 2 + 3);
    CHECK(discord_description("", "fallback") == "fallback");
    CHECK(discord_name("Flash Request") == "flash-request");
    CHECK(discord_name(std::string(40, 'z')).size() == 32);
}

TEST_CASE("The fingerprint is stable and changes with the command set", "[discord][registration]") {
    auto commands = sample_commands();
    const auto first = application_commands_hash(application_commands_json(commands));
    CHECK(first.size() == 64);
    CHECK(application_commands_hash(application_commands_json(sample_commands())) == first);
    commands[0].subcommands[0].options[2].max = 90;
    CHECK(application_commands_hash(application_commands_json(commands)) != first);
}

TEST_CASE("Every standard command fits Discord's registration rules", "[discord][registration]") {
    const auto body = application_commands_json(CommandRegistry::standard().commands());
    REQUIRE(body.size() == CommandRegistry::standard().commands().size());
    std::function<void(const json&)> check_option = [&](const json& option) {
        const std::string name = option["name"];
        CAPTURE(name);
        CHECK(!name.empty());
        CHECK(name.size() <= 32);
        CHECK(name == discord_name(name));
        const std::string description = option["description"];
        CHECK(!description.empty());
        CHECK(utf8_prefix_bytes(description, 100) == description.size());
        if (option.contains("options")) {
            CHECK(option["options"].size() <= 25);
            bool optional_seen = false;
            for (const auto& child : option["options"]) {
                check_option(child);
                if (child.value("required", false)) {
                    CHECK_FALSE(optional_seen);
                } else {
                    optional_seen = true;
                }
            }
        }
        if (option.contains("choices")) CHECK(option["choices"].size() <= 25);
    };
    for (const auto& command : body) check_option(command);
    // The mentor command carries its subcommands as type-1 options.
    auto mentor = std::find_if(body.begin(), body.end(), [](const json& c) { return c["name"] == "mentor"; });
    REQUIRE(mentor != body.end());
    CHECK((*mentor)["options"][0]["type"] == 1);
}

TEST_CASE("The registration fingerprint survives a restart in the database", "[discord][registration]") {
    mentorbot::testing::TempDirectory directory;
    const auto path = directory.file("bot.db");
    {
        Database database(path);
        StoredRegistrationRecord record(database);
        CHECK_FALSE(record.last_hash("900:global"));
        record.remember("900:global", "abc");
        record.remember("900:global", "def");
    }
    Database reopened(path);
    StoredRegistrationRecord record(reopened);
    CHECK(record.last_hash("900:global") == "def");
    CHECK_FALSE(record.last_hash("900:guild:1"));
}

TEST_CASE("Admin-only commands are shown to Manage Server by default and mixed ones to everyone",
          "[discord][registration][tenancy]") {
    const json commands = discord::application_commands_json(CommandRegistry::standard().commands());
    std::map<std::string, json> by_name;
    for (const auto& command : commands) by_name[command["name"]] = command;
    REQUIRE(by_name.count("announce") == 1);
    CHECK(by_name["announce"]["default_member_permissions"] == "32");
    // /pod and /coach hold admin subcommands among everyone's: the bot refuses those itself.
    CHECK_FALSE(by_name["pod"].contains("default_member_permissions"));
    CHECK_FALSE(by_name["coach"].contains("default_member_permissions"));
    CHECK_FALSE(by_name["profile"].contains("default_member_permissions"));
}

TEST_CASE("topic pod request and session options are registered for autocomplete and a new pod's name is not",
          "[discord][registration]") {
    const json body = application_commands_json(CommandRegistry::standard().commands());
    const auto option = [&](const std::string& command, const std::string& subcommand, const std::string& name) {
        for (const auto& entry : body) {
            if (entry["name"] != command) continue;
            for (const auto& sub : entry["options"]) {
                if (sub["name"] != subcommand) continue;
                for (const auto& found : sub["options"])
                    if (found["name"] == name) return found;
            }
        }
        FAIL("no option " << command << " " << subcommand << " " << name);
        return json();
    };
    CHECK(option("flash", "request", "topic").value("autocomplete", false));
    CHECK(option("mentor", "list", "topic").value("autocomplete", false));
    CHECK(option("mentor", "offer", "topics").value("autocomplete", false));
    CHECK(option("pod", "join", "name").value("autocomplete", false));
    CHECK_FALSE(option("pod", "create", "name").contains("autocomplete"));
    CHECK_FALSE(option("flash", "request", "kind").contains("autocomplete"));  // a fixed list of choices
    // Request and session numbers: the member's own are offered, as integers.
    for (const auto& [command, subcommand] : std::vector<std::pair<std::string, std::string>>{
             {"flash", "accept"}, {"flash", "done"}, {"flash", "why"}, {"feedback", "session"}}) {
        const json id = option(command, subcommand, "id");
        CHECK(id["type"] == 4);
        CHECK(id.value("autocomplete", false));
    }
    CHECK(option("pod", "leave", "name").value("autocomplete", false));
    CHECK_FALSE(option("flash", "assign", "id").contains("autocomplete"));  // an admin picks any request
}

TEST_CASE("A command whose every subcommand is for admins is hidden from members, and the bot still checks",
          "[discord][registration][tenancy]") {
    SubcommandSpec form = subcommand("form", "Form pods", {});
    form.admin_only = true;
    SubcommandSpec archive = subcommand("archive", "Archive a pod", {});
    archive.admin_only = true;
    const CommandSpec admins{"circle", "Circles", {form, archive}};
    CHECK(application_commands_json({admins})[0]["default_member_permissions"] == "32");
    CommandSpec mixed = admins;
    mixed.subcommands.push_back(subcommand("list", "List circles", {}));
    CHECK_FALSE(application_commands_json({mixed})[0].contains("default_member_permissions"));

    // A server may grant /announce to anyone in its settings: a member without Manage
    // Server who runs it is refused by the bot, and nothing goes out.
    testing::TestChat chat(/*demo=*/false);
    auto interaction = parse_interaction(testing::slash_command(
        "2001", "announce", "",
        json::parse(R"([{"name":"pod","type":3,"value":"all"},{"name":"text","type":3,"value":"hi all"}])"), "42",
        "0"));
    REQUIRE(interaction);
    const Reply refused = chat.app().run(request_for(*interaction, "G1"));
    CHECK(refused.response.text.find("/announce is for program admins only; nothing was done.") != std::string::npos);
    CHECK(refused.outbound.empty());
    CHECK(chat.take_deliveries().empty());
}
