// Discord modals end to end: a command without options answers with a modal, its submission runs the request.
#include <catch2/catch.hpp>

#include <algorithm>

#include "bot/discord/command_registration.h"
#include "bot/discord/discord_transport.h"
#include "bot/discord/interactions.h"
#include "bot/net/tls.h"
#include "commands/command_forms.h"
#include "commands/registry.h"
#include "tests/fake_discord/fake_discord.h"
#include "tests/fake_discord/payloads.h"
#include "tests/support/row_count.h"
#include "tests/support/test_ca.h"
#include "tests/support/test_chat.h"
#include "util/text.h"

using namespace mentorbot;
using namespace mentorbot::discord;
using namespace mentorbot::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// The real app behind the Discord transport and the fake Discord.
struct DiscordWithApp {
    TestChat chat{/*demo=*/false};  // outlives the transport that calls it
    boost::asio::io_context io;
    TempDirectory directory;
    TestCertificates certificates = TestCertificates::generate();
    TrustedCaFile trust{certificates.write_ca_file(directory.path())};
    FakeDiscord discord{io, certificates};
    std::shared_ptr<DiscordTransport> transport;
    std::uint64_t serial = 0;

    DiscordWithApp() {
        discord.heartbeat_interval_ms = 45000;
        discord.start();
        DiscordOptions options;
        options.token = FakeDiscord::bot_token;
        options.application_id = FakeDiscord::application_id;
        options.api_base = discord.api_base();
        options.random_unit = [] { return 0.0; };
        options.identify_window = 100ms;
        options.after_command = [this] { chat.app().deliver_outbox(); };
        transport = DiscordTransport::create(io.get_executor(), net::make_client_tls_context(), chat.app(),
                                             std::make_shared<MemoryRegistrationRecord>(),
                                             CommandRegistry::standard().commands(), options,
                                             [](const std::string&) {});
        chat.app().add_transport(*transport);
        transport->start();
    }
    ~DiscordWithApp() {
        transport->stop();
        run_for(io, 100ms);
        discord.stop();
        run_for(io, 20ms);
    }
    bool wait(const std::function<bool()>& done) { return run_until(io, done, 5s); }
    // Sends the interaction and returns its one callback.
    json answer(json interaction) {
        const std::string id = fresh_snowflake(++serial);
        interaction["id"] = id;
        interaction["token"] = "itoken-" + id;
        discord.dispatch("INTERACTION_CREATE", interaction);
        REQUIRE(wait([&] { return discord.callbacks.count(id) != 0; }));
        return discord.callbacks[id].at(0);
    }
};

}  // namespace

TEST_CASE("On Discord a request goes from the Ask-for-help modal to a mentor's Accept", "[discord][e2e][forms]") {
    DiscordWithApp d;
    // Thursday 14:00 UTC: the mentor is at work, so the offer goes out at once.
    d.chat.jump(std::chrono::hours(5));
    REQUIRE(d.wait([&] { return d.discord.gateway_ready() && d.transport->gateway().connected_and_ready(); }));
    d.answer(slash_command("", "profile", "set", json::parse(R"([{"name":"level","type":3,"value":"senior"},
                                           {"name":"tz","type":3,"value":"Europe/Berlin"}])"),
                           "41"));
    d.answer(slash_command("", "mentor", "offer", json::parse(R"([{"name":"topics","type":3,"value":"kubernetes"}])"),
                           "41"));
    d.answer(slash_command("", "profile", "set", json::parse(R"([{"name":"level","type":3,"value":"junior"},
                                           {"name":"tz","type":3,"value":"Europe/Berlin"}])"),
                           "44"));

    // No options: a modal (type 9) with the form's text inputs.
    const json modal = d.answer(slash_command("", "flash", "request", json::array(), "44"));
    INFO(modal.dump());
    REQUIRE(modal["type"] == 9);
    CHECK(modal["data"]["custom_id"] == "form:flash request");
    CHECK(modal["data"]["title"] == "Ask for help");
    const json& rows = modal["data"]["components"];
    REQUIRE(rows.size() == 5);
    CHECK(rows[0]["components"][0]["custom_id"] == "topic");
    CHECK(rows[0]["components"][0]["required"] == true);
    CHECK(rows[1]["components"][0]["placeholder"] == "flash|micro|near-peer|reverse|shadow|long-term|peer");
    CHECK(rows[3]["components"][0]["custom_id"] == "note");
    CHECK(rows[3]["components"][0]["style"] == 2);
    CHECK(rows[3]["components"][0]["max_length"] == 1000);

    // A refusal answers privately with the typed command's words; nothing is stored.
    const json refused = d.answer(
        modal_submit("", "form:flash request", {{"topic", "kubernetes"}, {"kind", "micro"}, {"note", ""}}, "44"));
    INFO(refused.dump());
    CHECK(refused["type"] == 4);
    CHECK(refused["data"]["flags"] == 64);
    CHECK_THAT(refused["data"]["content"].get<std::string>(),
               Catch::Contains("a micro request needs the challenge in a note"));
    CHECK(count_rows(d.chat.database(), "SELECT count(*) FROM requests") == 0);

    // Filled in: the request exists and the mentor is offered it with an Accept button.
    const json done = d.answer(
        modal_submit("", "form:flash request",
                     {{"topic", "kubernetes"}, {"kind", "flash"}, {"note", "my pods keep restarting"}}, "44"));
    CHECK(done["type"] == 4);
    CHECK(count_rows(d.chat.database(), "SELECT count(*) FROM requests WHERE note = 'my pods keep restarting'") == 1);
    std::string accept_line;
    REQUIRE(d.wait([&] {
        for (const auto& message : d.discord.channel_messages["DM41"])
            for (const auto& row : message.value("components", json::array()))
                for (const auto& button : row["components"])
                    if (button["label"] == "Accept") accept_line = button["custom_id"];
        return !accept_line.empty();
    }));
    const json accepted = d.answer(button_click("", accept_line, "41"));
    INFO(accepted.dump());
    CHECK(accepted["type"] == 4);
    CHECK(count_rows(d.chat.database(), "SELECT count(*) FROM sessions") == 1);
}

TEST_CASE("every form makes a Discord modal within its limits and registers without required options",
          "[discord][forms]") {
    const CommandRegistry& registry = CommandRegistry::standard();
    const json registered = application_commands_json(registry.commands());
    for (const CommandSpec& command : registry.commands()) {
        for (const SubcommandSpec& subcommand : command.subcommands) {
            std::optional<Form> form = form_for(registry, command.name, subcommand.name);
            if (!form) continue;
            const std::optional<json> modal = modal_callback_json(*form);
            REQUIRE(modal);
            INFO(modal->dump());
            CHECK((*modal)["type"] == 9);
            CHECK(utf8_length((*modal)["data"]["title"].get<std::string>()) <= 45);
            const json& rows = (*modal)["data"]["components"];
            CHECK(rows.size() >= 1);
            CHECK(rows.size() <= 5);
            for (const auto& row : rows) {
                const json& input = row["components"][0];
                CHECK(input["type"] == 4);
                CHECK(utf8_length(input["label"].get<std::string>()) <= 45);
                if (input.contains("placeholder")) CHECK(utf8_length(input["placeholder"].get<std::string>()) <= 100);
            }
            // Given no options on Discord it must reach the app to open the form, unless the
            // form needs a person (a modal cannot pick one): then Discord's own picker asks.
            const bool needs_person = std::any_of(form->fields.begin(), form->fields.end(), [](const FormField& f) {
                return f.required && (f.kind == FormField::Kind::member || f.kind == FormField::Kind::channel);
            });
            for (const auto& entry : registered) {
                if (entry["name"] != command.name) continue;
                for (const auto& option : entry["options"]) {
                    const bool is_sub = option["type"] == 1;
                    if (is_sub && option["name"] != subcommand.name) continue;
                    for (const auto& inner : is_sub ? option["options"] : json::array({option})) {
                        const bool required_in_registry = std::any_of(
                            subcommand.options.begin(), subcommand.options.end(),
                            [&](const OptionSpec& spec) { return spec.name == inner["name"] && spec.required; });
                        CHECK(inner.value("required", false) == (needs_person && required_in_registry));
                    }
                }
            }
        }
    }
}
