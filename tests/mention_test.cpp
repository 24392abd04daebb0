// Member text never becomes a mention on Slack, Discord or the console; the bot's own mentions still do; Slack's
// escapes are read back once.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "bot/discord/interactions.h"
#include "bot/slack/block_kit.h"
#include "model/mention.h"
#include "tests/support/run_binary.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using nlohmann::json;

namespace {

const std::string zwsp = "\u200B";

}  // namespace

TEST_CASE("Discord: every mention form a member types shows as text and pings nobody", "[mentions][discord]") {
    struct Typed {
        std::string text;
        std::string shown;
    };
    const std::vector<Typed> cases = {
        {"<@discord:G1:42>", "<" + zwsp + "@discord:G1:42>"},  // the bot's own form, without its mark
        {"<@42>", "<" + zwsp + "@42>"},
        {"<@!42>", "<" + zwsp + "@!42>"},
        {"<@&7>", "<" + zwsp + "@&7>"},                    // a role
        {"<#1234>", "<" + zwsp + "#1234>"},                // a channel
        {"</pod join:99>", "<" + zwsp + "/pod join:99>"},  // a command
        {"@everyone", "@" + zwsp + "everyone"},
        {"@here", "@" + zwsp + "here"},
    };
    for (const Typed& typed : cases) {
        CAPTURE(typed.text);
        const discord::DiscordText rendered = discord::render_text("note: " + typed.text);
        CHECK(rendered.content == "note: " + typed.shown);
        CHECK(rendered.users.empty());
        const json body = discord::message_json(Message{"note: " + typed.text, {}}, false);
        CHECK(body["allowed_mentions"] == json::parse(R"({"parse":[]})"));
    }
}

TEST_CASE("Discord: the bot's own mention pings exactly the member it names", "[mentions][discord]") {
    const std::string text = mention("discord:G1:42") + " asks: \"ping <@43> and <@discord:G1:44>\" " +
                             mention("discord:G1:42") + " " + mention("slack:T1:U9");
    const discord::DiscordText rendered = discord::render_text(text);
    CHECK(rendered.content ==
          "<@42> asks: \"ping <" + zwsp + "@43> and <" + zwsp + "@discord:G1:44>\" <@42> <" + zwsp + "@slack:T1:U9>");
    CHECK(rendered.users == std::vector<std::string>{"42"});
    CHECK(discord::message_json(Message{text, {}}, true)["allowed_mentions"] ==
          json::parse(R"({"parse":[],"users":["42"]})"));
}

TEST_CASE("Slack: every mention form a member types is escaped and the bot's own becomes a mention",
          "[mentions][slack]") {
    for (const char* typed : {"<@slack:T1:U7>", "<@U7>", "<@U7|ana>", "<!channel>", "<!here>", "<!everyone>",
                              "<#C1|general>", "<!subteam^S1|devs>"}) {
        CAPTURE(typed);
        const std::string shown = slack::escape_text(typed);
        CHECK(shown.find('<') == std::string::npos);
        CHECK(shown.find('>') == std::string::npos);
    }
    CHECK(slack::escape_text("from " + mention("slack:T1:U7") + ": <@slack:T1:U8>") ==
          "from <@U7>: &lt;@slack:T1:U8&gt;");
}

TEST_CASE("A member cannot forge the bot's mark: it is cleaned from what they send", "[mentions]") {
    const std::string forged = std::string(mention_mark) + "<@discord:G1:43>";
    CHECK(without_mention_marks("a " + forged + " b") == "a <@discord:G1:43> b");
    CHECK(discord::render_text(without_mention_marks(forged)).users.empty());
    // Other characters that share the mark's first byte are left alone.
    CHECK(without_mention_marks("\uFDD1 \uFFFD") == "\uFDD1 \uFFFD");

    // Through the app: a note with a forged mention reaches the peer as text.
    testing::TestChat chat;
    chat.run("ana", "/feedback peer user:ben note:\"thanks " + forged + " and <@discord:G1:44>\"");
    const std::vector<Message> for_ben = chat.messages_for("ben");
    REQUIRE(for_ben.size() == 1);
    const std::string& note = for_ben[0].text;
    CHECK(note.find("thanks <@discord:G1:43> and <@discord:G1:44>") != std::string::npos);
    CHECK(discord::render_text(note).users.empty());
}

TEST_CASE("Console: a typed mention shows as typed and the bot's own as @name", "[mentions][e2e]") {
    testing::TempDirectory directory;
    testing::BinaryRun run =
        testing::run_mentorbot(directory, "--db " + directory.file("x.db"),
                               ":as ana\n/feedback peer user:ben note:\"hi <@console:local:carla>\"\n:as ben\n");
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.output, Catch::Contains("@ana sent you peer feedback"));
    CHECK_THAT(run.output, Catch::Contains("\"hi <@console:local:carla>\""));
}

TEST_CASE("Slack: escaped angle brackets and ampersands in slash-command text are read back once",
          "[mentions][slack]") {
    CHECK(slack::unescape_text("a &lt; b &amp;&amp; c &gt; d") == "a < b && c > d");
    CHECK(slack::unescape_text("&amp;lt; is how you write &lt;") == "&lt; is how you write <");
    CHECK(slack::unescape_text("<@U1|ana> &amp tom &quot;") == "<@U1|ana> &amp tom &quot;");
    // Read back and shown again, typed text round-trips and still pings nobody.
    CHECK(slack::escape_text(slack::unescape_text("&lt;@slack:T1:U7&gt; &lt;!here&gt;")) ==
          "&lt;@slack:T1:U7&gt; &lt;!here&gt;");
}
