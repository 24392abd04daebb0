// The Slack-style text reader: quoting, mentions, Unicode and every malformed form.
#include <catch2/catch.hpp>

#include "commands/command_line.h"
#include "model/user_error.h"
#include "tests/support/callers.h"

using namespace mentorbot;

namespace {

// Mentions name members of the caller's tenant.
Invocation parse(const std::string& line, const std::string& caller = "slack:T1:U1") {
    return parse_command_text(CommandRegistry::standard(), line, testing::caller_of(caller, "ana"));
}

std::string error_of(const std::string& line) {
    try {
        parse(line);
    } catch (const UserError& error) {
        return std::string(error.what()) + " | " + error.usage();
    }
    return "no error";
}

}  // namespace

TEST_CASE("name:value options are typed by the spec", "[parser]") {
    Invocation invocation = parse("/profile set skills:Rust,GO,k8s level:senior tz:Europe/Berlin started:2026-03-01");
    CHECK(invocation.command == "profile");
    CHECK(invocation.subcommand == "set");
    CHECK(invocation.arguments.tags("skills") == std::vector<std::string>{"rust", "go", "k8s"});
    CHECK(invocation.arguments.text("level") == "senior");
    CHECK(invocation.arguments.text("tz") == "Europe/Berlin");
    CHECK(invocation.arguments.text("started") == "2026-03-01");
}

TEST_CASE("quoted values keep spaces, escaped quotes and backslashes", "[parser]") {
    Invocation invocation = parse(R"(/profile set dept:"Platform \"Core\" Team" location:"C:\\ office")");
    CHECK(invocation.arguments.text("dept") == "Platform \"Core\" Team");
    CHECK(invocation.arguments.text("location") == "C:\\ office");
}

TEST_CASE("curly quotes from phones and Macs work like straight ones", "[parser]") {
    Invocation invocation = parse("/profile set dept:\xE2\x80\x9CPeople Ops\xE2\x80\x9D");
    CHECK(invocation.arguments.text("dept") == "People Ops");
}

TEST_CASE("the first required or positional option may be given without its name", "[parser]") {
    CHECK(parse("/coach recommend career").arguments.text("goal") == "career");
    CHECK(parse("/mentor offer kubernetes, go").arguments.tags("topics") ==
          std::vector<std::string>{"kubernetes", "go"});
    CHECK(parse("/coach help flash").arguments.text("command") == "flash");
}

TEST_CASE("Slack mentions and channels resolve to member and channel ids", "[parser]") {
    CHECK(parse("/profile show <@U123>").arguments.text("user") == "slack:T1:U123");
    CHECK(parse("/profile show <@U123|ana maria>").arguments.text("user") == "slack:T1:U123");
    CHECK(parse("/profile show user:<@W9>").arguments.text("user") == "slack:T1:W9");
    CHECK(parse("/profile show ana", "console:local:ana").arguments.text("user") == "console:local:ana");
    CHECK(parse("/profile show @Ben", "console:local:ana").arguments.text("user") == "console:local:ben");
}

TEST_CASE("any script is kept exactly", "[parser]") {
    Invocation invocation = parse("/profile set dept:\"研究開発 — Ünïcødé 🚀\" location:Zürich");
    CHECK(invocation.arguments.text("dept") == "研究開発 — Ünïcødé 🚀");
    CHECK(invocation.arguments.text("location") == "Zürich");
    CHECK(parse("/profile set skills:Straße").arguments.tags("skills") == std::vector<std::string>{"strasse"});
}

TEST_CASE("text that looks like SQL or markup is just text", "[parser]") {
    Invocation invocation = parse(R"(/profile set dept:"x'); DROP TABLE members; --")");
    CHECK(invocation.arguments.text("dept") == "x'); DROP TABLE members; --");
}

TEST_CASE("command and option names are case-insensitive", "[parser]") {
    CHECK(parse("/PROFILE Set LEVEL:3").arguments.text("level") == "3");
}

TEST_CASE("every malformed form gets a clear error with the usage line", "[parser]") {
    CHECK_THAT(error_of("/nosuch thing"), Catch::Contains("unknown command `/nosuch`"));
    CHECK_THAT(error_of("/profile"),
               Catch::Contains("needs a subcommand") && Catch::Contains("/profile set|show|forget"));
    CHECK_THAT(error_of("/profile sett"), Catch::Contains("unknown subcommand `sett`"));
    CHECK_THAT(error_of("/profile set colour:blue"), Catch::Contains("unknown option `colour`"));
    CHECK_THAT(error_of("/profile set colour:blue"), Catch::Contains("| /profile set"));
    CHECK_THAT(error_of("/profile set level:3 level:4"), Catch::Contains("`level` is given twice"));
    CHECK_THAT(error_of("/coach recommend horizon:long"), Catch::Contains("missing required option `goal`"));
    CHECK_THAT(error_of("/mentor offer capacity:two"), Catch::Contains("capacity must be a whole number"));
    CHECK_THAT(error_of("/mentor offer capacity:-1"), Catch::Contains("between 1 and 20 (got -1)"));
    CHECK_THAT(error_of("/mentor offer capacity:99999999999999999999"), Catch::Contains("whole number"));
    CHECK_THAT(error_of("/profile set level:9"), Catch::Contains("level must be one of"));
    CHECK_THAT(error_of("/profile set tz:Mars/Base"), Catch::Contains("unknown time zone `Mars/Base`"));
    CHECK_THAT(error_of("/profile set started:2026-02-30"), Catch::Contains("must be a date like"));
    CHECK_THAT(error_of("/mentor offer reverse:maybe"), Catch::Contains("reverse must be yes or no"));
    CHECK_THAT(error_of("/profile set dept:\"unclosed"), Catch::Contains("never closed"));
    CHECK_THAT(error_of("/profile set dept:\"a\"b"), Catch::Contains("right after a closing quote"));
    CHECK_THAT(error_of("/profile set dept:"), Catch::Contains("`dept` needs a value"));
    CHECK_THAT(error_of("/profile set dept:\"   \""), Catch::Contains("dept needs a value"));
    CHECK_THAT(error_of("/mentor resume now"), Catch::Contains("unexpected text `now`"));
    CHECK_THAT(error_of("/profile show <@U1> <@U2>"), Catch::Contains("unexpected text `<@U2>`"));
    CHECK_THAT(error_of("/profile show user:\"a b\""), Catch::Contains("must be a person"));
    CHECK_THAT(error_of("/profile set skills:,,,"), Catch::Contains("at least one tag"));
    CHECK_THAT(error_of(""), Catch::Contains("type a command"));
    CHECK_THAT(error_of(std::string("/profile set dept:\xC3\x28")), Catch::Contains("not valid UTF-8"));
}

TEST_CASE("text limits count characters, not bytes", "[parser]") {
    std::string sixty_four_umlauts;
    for (int index = 0; index < 64; ++index) sixty_four_umlauts += "ü";
    CHECK(parse("/profile set dept:" + sixty_four_umlauts).arguments.text("dept") == sixty_four_umlauts);
    CHECK_THAT(error_of("/profile set dept:" + sixty_four_umlauts + "x"),
               Catch::Contains("too long: 65 characters, at most 64"));
    std::string long_tag(65, 'a');
    CHECK_THAT(error_of("/profile set skills:" + long_tag), Catch::Contains("too long"));
}

TEST_CASE("typed options from a platform go through the same checks", "[parser]") {
    const auto& registry = CommandRegistry::standard();
    const Caller caller = testing::caller_of("discord:G1:42", "ana");
    Invocation invocation = bind_options(registry, "profile", "show", {{"user", "1234567890"}}, caller);
    CHECK(invocation.arguments.text("user") == "discord:G1:1234567890");
    CHECK_THROWS_AS(bind_options(registry, "mentor", "offer", {{"capacity", "0"}}, caller), UserError);
    CHECK_THROWS_AS(bind_options(registry, "mentor", "nope", {}, caller), UserError);
}
