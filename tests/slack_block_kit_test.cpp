// Reply → Block Kit, envelope dedupe expiry, the manifest and the shipped manifest file.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "bot/slack/block_kit.h"
#include "bot/slack/envelope_dedupe.h"
#include "bot/slack/manifest.h"
#include "bot/slack/rendered_replies.h"
#include "commands/registry.h"
#include "model/mention.h"

using namespace mentorbot;

TEST_CASE("text is escaped for Slack, only our own member mentions become Slack mentions", "[slack][block_kit]") {
    CHECK(slack::escape_text("a < b && c > d") == "a &lt; b &amp;&amp; c &gt; d");
    CHECK(slack::escape_text("<script>") == "&lt;script&gt;");
    CHECK(slack::escape_text(mention("slack:T1:U7") + " accepted; ask " + mention("slack:T1:W2")) ==
          "<@U7> accepted; ask <@W2>");
    // Whatever a member typed shows as typed: no pings, no links, no channel mentions.
    CHECK(slack::escape_text("<!channel> & <@U123>") == "&lt;!channel&gt; &amp; &lt;@U123&gt;");
    CHECK(slack::escape_text("hi <#C9|general>, see <https://evil.example|docs> <!here>") ==
          "hi &lt;#C9|general&gt;, see &lt;https://evil.example|docs&gt; &lt;!here&gt;");
    // Only the bot's own mention counts: the same text without its mark is text, and a
    // marked mention that is not a Slack member id shows as text too.
    CHECK(slack::escape_text("<@slack:T1:U7> <@slack:T1:> <@discord:G:1>") ==
          "&lt;@slack:T1:U7&gt; &lt;@slack:T1:&gt; &lt;@discord:G:1&gt;");
    CHECK(slack::escape_text(mention("discord:G:1") + " " + std::string(mention_mark) + "<@slack:T1:U7 x>") ==
          "&lt;@discord:G:1&gt; &lt;@slack:T1:U7 x&gt;");
    CHECK(slack::escape_text(std::string(mention_mark) + "<@slack:T1:U7") == "&lt;@slack:T1:U7");
}

TEST_CASE("a display name with Slack markup is echoed literally in Block Kit", "[slack][block_kit]") {
    Message message{"<!channel> & <@U123> (" + mention("slack:T1:U7") + ") asks for help",
                    {{"Accept", "/flash accept 3"}}};
    auto json = slack::message_json(message);
    const std::string expected = "&lt;!channel&gt; &amp; &lt;@U123&gt; (<@U7>) asks for help";
    CHECK(json["text"] == expected);
    CHECK(json["blocks"][0]["text"]["text"] == expected);
    CHECK(json["blocks"][1]["elements"][0]["value"] == "/flash accept 3");  // a command line, never shown
}

TEST_CASE("long replies are split into sections and many buttons into action blocks", "[slack][block_kit]") {
    Message message;
    for (int i = 0; i < 200; ++i) message.text += "line " + std::to_string(i) + " with some words in it\n";
    for (int i = 0; i < 30; ++i) message.buttons.push_back({std::to_string(i), "/pod join p" + std::to_string(i)});
    auto json = slack::message_json(message);
    std::size_t sections = 0;
    std::size_t buttons = 0;
    for (const auto& block : json["blocks"]) {
        if (block["type"] == "section") {
            ++sections;
            CHECK(block["text"]["text"].get<std::string>().size() <= 3000);
        } else {
            CHECK(block["elements"].size() <= 25);
            buttons += block["elements"].size();
        }
    }
    CHECK(sections >= 2);
    CHECK(buttons == 30);
    CHECK(json["text"].get<std::string>().size() <= 4000);

    Reply reply = Reply::private_text("done");
    CHECK(slack::slash_response_json(reply)["response_type"] == "ephemeral");
    reply.is_public = true;
    CHECK(slack::slash_response_json(reply)["response_type"] == "in_channel");
}

TEST_CASE("a reply repeated word for word is answered as written before, and any change is written afresh",
          "[slack][block_kit]") {
    slack::RenderedReplies rendered;
    Reply help = Reply::private_text("Commands: /flash, /pod & <more>");
    const std::string first = rendered.slash_response(help);
    CHECK(first == slack::slash_response_text(help));
    CHECK(rendered.slash_response(help) == first);
    // Seen by the channel now: the same words, another response type.
    help.is_public = true;
    CHECK(slack::slash_response_json(Reply(help))["response_type"] == "in_channel");
    CHECK(rendered.slash_response(help) == slack::slash_response_text(help));
    // One word changed, then back to the first reply.
    Reply other = Reply::private_text("Commands: /flash, /pod & <less>");
    CHECK(rendered.slash_response(other) == slack::slash_response_text(other));
    help.is_public = false;
    CHECK(rendered.slash_response(help) == first);
    // A reply with buttons is written each time, and leaves the kept one as it was.
    Reply offer = Reply::private_text("Commands: /flash, /pod & <more>");
    offer.response.buttons = {{"Accept", "/flash accept 3"}};
    CHECK(rendered.slash_response(offer) == slack::slash_response_text(offer));
    offer.response.buttons = {{"Accept", "/flash accept 4"}};
    CHECK(rendered.slash_response(offer) == slack::slash_response_text(offer));
    CHECK(rendered.slash_response(help) == first);
}

TEST_CASE("dedupe remembers envelope and event ids for its window and up to its capacity", "[slack]") {
    slack::EnvelopeDedupe dedupe(std::chrono::minutes(10), 4);
    const auto start = slack::EnvelopeDedupe::Clock::now();
    dedupe.remember("E1", "Ev1", start);
    CHECK(dedupe.seen_before("E1", "", start + std::chrono::minutes(1)));
    CHECK(dedupe.seen_before("E2", "Ev1", start + std::chrono::minutes(6)));
    CHECK_FALSE(dedupe.seen_before("E3", "Ev3", start + std::chrono::minutes(6)));
    CHECK_FALSE(dedupe.seen_before("E1", "Ev1", start + std::chrono::minutes(11)));
    CHECK(dedupe.size() == 0);

    for (int i = 0; i < 10; ++i) dedupe.remember("N" + std::to_string(i), "", start);
    CHECK(dedupe.size() == 4);
    CHECK(dedupe.seen_before("N9", "", start));
    CHECK_FALSE(dedupe.seen_before("N0", "", start));
    // An event that happens to share an envelope's id is a different delivery.
    CHECK_FALSE(dedupe.seen_before("", "N9", start));
}

TEST_CASE("the manifest declares socket mode, interactivity, scopes and every command", "[slack][manifest]") {
    const auto& registry = CommandRegistry::standard();
    auto manifest = slack::app_manifest(registry);
    CHECK(manifest["settings"]["socket_mode_enabled"] == true);
    CHECK(manifest["settings"]["interactivity"]["is_enabled"] == true);
    CHECK_FALSE(manifest["settings"]["interactivity"].contains("request_url"));
    CHECK(manifest["oauth_config"]["scopes"]["bot"] ==
          nlohmann::json({"commands", "chat:write", "im:write", "files:write"}));
    // The Home tab, published when a member opens it: Slack sends app_home_opened over Socket Mode.
    CHECK(manifest["features"]["app_home"]["home_tab_enabled"] == true);
    CHECK(manifest["features"]["app_home"]["messages_tab_enabled"] == true);
    CHECK(manifest["settings"]["event_subscriptions"]["bot_events"] == nlohmann::json({"app_home_opened"}));
    // The Ask-for-help form also opens from the shortcuts menu.
    REQUIRE(manifest["features"]["shortcuts"].size() == 1);
    CHECK(manifest["features"]["shortcuts"][0]["type"] == "global");
    CHECK(manifest["features"]["shortcuts"][0]["callback_id"] == "form:flash request");
    const auto& commands = manifest["features"]["slash_commands"];
    REQUIRE(commands.size() == registry.commands().size());
    for (std::size_t i = 0; i < commands.size(); ++i) {
        const auto& spec = registry.commands()[i];
        CHECK(commands[i]["command"] == "/" + spec.name);
        CHECK(commands[i]["command"].get<std::string>().size() <= 32);
        CHECK(commands[i]["description"] == spec.description);
        CHECK(commands[i]["should_escape"] == true);
        CHECK_FALSE(commands[i]["usage_hint"].get<std::string>().empty());
    }
}

TEST_CASE("the shipped slack/manifest.json matches the command registry", "[slack][manifest]") {
    std::ifstream file(std::string(MENTORBOT_SOURCE_DIR) + "/slack/manifest.json");
    REQUIRE(file);
    std::stringstream shipped;
    shipped << file.rdbuf();
    INFO("regenerate with: mentorbot slack-manifest > slack/manifest.json");
    CHECK(shipped.str() == slack::app_manifest_text(CommandRegistry::standard()));
}
