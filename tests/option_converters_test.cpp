// The value converters on their own: each option type typed or refused with the option's name.
#include <catch2/catch.hpp>

#include "commands/option_converters.h"
#include "model/user_error.h"

using namespace mentorbot;

namespace {

OptionSpec option_of(OptionType type, std::string name = "value") {
    OptionSpec option;
    option.name = std::move(name);
    option.type = type;
    return option;
}

const MemberId caller_on_slack = MemberId::of(Platform::slack, "T1", "U1");
const MemberId caller_on_console = MemberId::of(Platform::console, "local", "ana");

ArgumentValue convert(const OptionSpec& option, const std::string& value, const MemberId& caller = caller_on_slack) {
    return convert_option_value(option, value, caller);
}

}  // namespace

TEST_CASE("integers are checked against their bounds", "[command_line]") {
    OptionSpec minutes = option_of(OptionType::integer, "minutes");
    minutes.min = 15;
    minutes.max = 60;
    CHECK(std::get<std::int64_t>(convert(minutes, " +30 ")) == 30);
    CHECK_THROWS_WITH(convert(minutes, "90"), "minutes must be between 15 and 60 (got 90).");
    CHECK_THROWS_WITH(convert(minutes, "ten"), "minutes must be a whole number (got `ten`).");
    OptionSpec id = option_of(OptionType::integer, "id");
    id.min = 1;
    CHECK_THROWS_WITH(convert(id, "0"), "id must be 1 or more (got 0).");
}

TEST_CASE("booleans, choices and text", "[command_line]") {
    CHECK(std::get<bool>(convert(option_of(OptionType::boolean), "YES")));
    CHECK_FALSE(std::get<bool>(convert(option_of(OptionType::boolean), "off")));
    OptionSpec kind = option_of(OptionType::choice, "kind");
    kind.choices = {"flash", "micro"};
    CHECK(std::get<std::string>(convert(kind, " Micro ")) == "micro");
    CHECK_THROWS_WITH(convert(kind, "long"), "kind must be one of flash, micro (got `long`).");
    OptionSpec note = option_of(OptionType::text, "note");
    note.max_chars = 3;
    CHECK(std::get<std::string>(convert(note, "äöü")) == "äöü");
    CHECK_THROWS_WITH(convert(note, "abcd"), Catch::StartsWith("note is too long: 4 characters"));
    CHECK_THROWS_WITH(convert(note, "  "), "note needs a value.");
}

TEST_CASE("members and channels become ids of the caller's tenant", "[command_line]") {
    const OptionSpec user = option_of(OptionType::user, "user");
    CHECK(std::get<std::string>(convert(user, "<@U2|ben>")) == "slack:T1:U2");
    CHECK(std::get<std::string>(convert(user, "@Ben", caller_on_console)) == "console:local:ben");
    CHECK_THROWS_WITH(convert(user, "a b"), Catch::Contains("must be a person"));
    const OptionSpec channel = option_of(OptionType::channel, "channel");
    CHECK(std::get<std::string>(convert(channel, "<#C9|general>")) == "slack:T1:C9");
    CHECK(std::get<std::string>(convert(channel, "Pods", caller_on_console)) == "console:local:#pods");
}

TEST_CASE("tags, zones, dates and times are normalised or refused", "[command_line]") {
    CHECK(std::get<std::vector<std::string>>(convert(option_of(OptionType::tags, "topics"), "Rust, go")) ==
          std::vector<std::string>{"rust", "go"});
    CHECK(std::get<std::string>(convert(option_of(OptionType::timezone, "tz"), " Europe/Berlin ")) == "Europe/Berlin");
    CHECK_THROWS_WITH(convert(option_of(OptionType::timezone, "tz"), "Mars/Base"),
                      Catch::StartsWith("unknown time zone"));
    CHECK(std::get<std::string>(convert(option_of(OptionType::date, "on"), "2026-03-01")) == "2026-03-01");
    CHECK_THROWS_WITH(convert(option_of(OptionType::date, "on"), "2026-02-30"), Catch::Contains("must be a date"));
    CHECK(std::get<std::string>(convert(option_of(OptionType::time, "at"), "9:05")) == "09:05");
    CHECK_THROWS_WITH(convert(option_of(OptionType::time, "at"), "24:00"), Catch::Contains("must be a time"));
    CHECK(std::get<std::string>(convert(option_of(OptionType::datetime, "when"), "2026-03-01T9:30")) ==
          "2026-03-01 09:30");
}
