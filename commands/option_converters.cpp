// The value converters: one per option type, each checking a raw value and giving it its type or a clear refusal.
#include "commands/option_converters.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <set>

#include <date/date.h>

#include "commands/command_tokenizer.h"
#include "domain/format.h"
#include "domain/tags.h"
#include "domain/time_zones.h"
#include "model/user_error.h"
#include "util/text.h"

namespace mentorbot {

namespace {

void refuse_invisible(const OptionSpec& option, const std::string& value) {
    if (auto invisible = invisible_character_in(value))
        throw UserError(option.name + " contains an invisible or text-direction character (" + *invisible +
                        "), which would make it read differently from what it is; type it without.");
}

std::string check_text(const OptionSpec& option, const std::string& value) {
    if (!is_valid_utf8(value)) throw UserError(option.name + " is not valid UTF-8 text.");
    std::size_t length = utf8_length(value);
    if (length > option.max_chars) {
        throw UserError(option.name + " is too long: " + std::to_string(length) + " characters, at most " +
                        std::to_string(option.max_chars) + " allowed.");
    }
    if (trim(value).empty()) throw UserError(option.name + " needs a value.");
    // Names and topics are read by others: nothing in them may be invisible or turn text around.
    if (option.name == "name" || option.name == "topic") refuse_invisible(option, value);
    return value;
}

std::int64_t to_integer(const OptionSpec& option, const std::string& value) {
    std::int64_t number = 0;
    const char* begin = value.data();
    const char* end = value.data() + value.size();
    if (!value.empty() && value[0] == '+') ++begin;
    auto [stopped_at, error] = std::from_chars(begin, end, number);
    if (error != std::errc() || stopped_at != end || begin == end) {
        throw UserError(option.name + " must be a whole number (got `" + value + "`).");
    }
    if (number < option.min || number > option.max) {
        // A number without an upper bound (a request id) is not told its bound.
        const std::string range = option.max == std::numeric_limits<std::int64_t>::max()
                                      ? "be " + std::to_string(option.min) + " or more"
                                      : "be between " + std::to_string(option.min) + " and " +
                                            std::to_string(option.max);
        throw UserError(option.name + " must " + range + " (got " + value + ").");
    }
    return number;
}

bool to_boolean(const OptionSpec& option, const std::string& value) {
    std::string folded = lowercase_ascii(value);
    if (folded == "true" || folded == "yes" || folded == "on" || folded == "1") return true;
    if (folded == "false" || folded == "no" || folded == "off" || folded == "0") return false;
    throw UserError(option.name + " must be yes or no (got `" + value + "`).");
}

// <@U123>, <@U123|ana>, @ana, ana, 123456 (Discord ids) → a member of the caller's tenant
std::string to_member_id(const OptionSpec& option, const std::string& value, const MemberId& caller) {
    std::string id = value;
    if (id.starts_with("<@") && id.ends_with(">")) {
        id = id.substr(2, id.size() - 3);
        if (!id.empty() && id[0] == '!') id.erase(0, 1);  // Discord nickname mention
        id = id.substr(0, id.find('|'));
    } else if (id.starts_with("@")) {
        id.erase(0, 1);
    }
    // Console names are typed by hand; platform ids are exact.
    if (caller.platform() == Platform::console) id = case_fold(id);
    bool acceptable = !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80;
    });
    if (!acceptable) throw UserError(option.name + " must be a person, e.g. a mention (got `" + value + "`).");
    return caller.in_same_tenant(id).str();
}

// <#C123|general>, <#C123>, #general (console), 123456 (Discord ids) → a channel of the caller's tenant
std::string to_channel_id(const OptionSpec& option, const std::string& value, const MemberId& caller) {
    std::string id = value;
    if (id.starts_with("<#") && id.ends_with(">")) {
        id = id.substr(2, id.size() - 3);
        id = id.substr(0, id.find('|'));
    } else if (caller.platform() == Platform::console) {
        if (!id.starts_with("#")) id = "#" + id;
        id = case_fold(id);
    }
    bool acceptable = !id.empty() && id.size() <= 80 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-' || c == '#' || c >= 0x80;
    });
    if (!acceptable) throw UserError(option.name + " must be a channel (got `" + value + "`).");
    return caller.in_same_tenant(id).str();
}

std::string to_choice(const OptionSpec& option, const std::string& value) {
    std::string folded = case_fold(trim(value));
    for (const auto& choice : option.choices) {
        if (case_fold(choice) == folded) return choice;
    }
    throw UserError(option.name + " must be one of " + join_list(option.choices) + " (got `" + value + "`).");
}

std::vector<std::string> to_tags(const OptionSpec& option, const std::string& value) {
    if (!is_valid_utf8(value)) throw UserError(option.name + " is not valid UTF-8 text.");
    refuse_invisible(option, value);
    std::vector<std::string> tags = split_tag_list(value);
    if (tags.empty()) throw UserError(option.name + " needs at least one tag, e.g. " + option.name + ":rust,go");
    if (tags.size() > 20)
        throw UserError(option.name + " has too many tags (" + std::to_string(tags.size()) + "); at most 20.");
    for (const auto& tag : tags) {
        if (utf8_length(tag) > max_tag_chars) {
            throw UserError("tag `" + tag.substr(0, 40) + "…` in " + option.name + " is too long: at most " +
                            std::to_string(max_tag_chars) + " characters.");
        }
    }
    return tags;
}

std::string to_time_zone(const OptionSpec& option, const std::string& value) {
    std::string zone = trim(value);
    if (!is_known_time_zone(zone)) {
        throw UserError("unknown time zone `" + value + "` for " + option.name +
                        ". Use an IANA name such as Europe/Berlin, America/New_York or UTC.");
    }
    return zone;
}

bool parse_two_digits(std::string_view text, int& number) {
    if (text.size() < 1 || text.size() > 2) return false;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    return error == std::errc() && end == text.data() + text.size();
}

// "9", "9:30", "09:30" → "09:30"
std::optional<std::string> normalize_clock_time(std::string_view text) {
    int hours = 0;
    int minutes = 0;
    std::size_t colon = text.find(':');
    if (!parse_two_digits(text.substr(0, colon), hours)) return std::nullopt;
    if (colon != std::string_view::npos &&
        (text.size() - colon - 1 != 2 || !parse_two_digits(text.substr(colon + 1), minutes))) {
        return std::nullopt;
    }
    if (hours > 23 || minutes > 59) return std::nullopt;
    // Digit by digit: both values are checked to be two digits above.
    return std::string{static_cast<char>('0' + hours / 10), static_cast<char>('0' + hours % 10), ':',
                       static_cast<char>('0' + minutes / 10), static_cast<char>('0' + minutes % 10)};
}

std::optional<std::string> normalize_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    if (std::from_chars(text.data(), text.data() + 4, year).ptr != text.data() + 4) return std::nullopt;
    if (std::from_chars(text.data() + 5, text.data() + 7, month).ptr != text.data() + 7) return std::nullopt;
    if (std::from_chars(text.data() + 8, text.data() + 10, day).ptr != text.data() + 10) return std::nullopt;
    date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
    if (!ymd.ok() || year < 1900 || year > 2200) return std::nullopt;
    return std::string(text);
}

std::string to_date(const OptionSpec& option, const std::string& value) {
    if (auto normalized = normalize_date(trim(value))) return *normalized;
    throw UserError(option.name + " must be a date like 2026-03-01 (got `" + value + "`).");
}

std::string to_time(const OptionSpec& option, const std::string& value) {
    if (auto normalized = normalize_clock_time(trim(value))) return *normalized;
    throw UserError(option.name + " must be a time like 14:30 (got `" + value + "`).");
}

bool is_day_word(std::string word) {
    std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
    static const std::set<std::string> words = {"today",  "tomorrow", "monday", "tuesday", "wednesday", "thursday",
                                                "friday", "saturday", "sunday", "mon",     "tue",       "wed",
                                                "thu",    "fri",      "sat",    "sun"};
    return words.count(word) > 0;
}

std::string to_datetime(const OptionSpec& option, const std::string& value) {
    std::string text = trim(value);
    std::size_t separator = text.find_first_of(" T");
    if (separator != std::string::npos) {
        auto day = normalize_date(std::string_view(text).substr(0, separator));
        auto time = normalize_clock_time(trim(std::string_view(text).substr(separator + 1)));
        if (day && time) return *day + " " + *time;
        // "tomorrow 15:00", "thu 9:30": the day word is read against the caller's own today.
        const std::string word = text.substr(0, separator);
        if (time && is_day_word(word)) return word + " " + *time;
    }
    throw UserError(option.name +
                    " must be a date and time like \"2026-03-01 14:30\" or \"tomorrow 14:30\" in your own time zone "
                    "(got `" +
                    value + "`).");
}

}  // namespace

ArgumentValue convert_option_value(const OptionSpec& option, const std::string& value, const MemberId& caller) {
    switch (option.type) {
        case OptionType::text: return check_text(option, value);
        case OptionType::integer: return to_integer(option, trim(value));
        case OptionType::boolean: return to_boolean(option, trim(value));
        case OptionType::user: return to_member_id(option, trim(value), caller);
        case OptionType::choice: return to_choice(option, value);
        case OptionType::tags: return to_tags(option, value);
        case OptionType::timezone: return to_time_zone(option, value);
        case OptionType::date: return to_date(option, value);
        case OptionType::datetime: return to_datetime(option, value);
        case OptionType::time: return to_time(option, value);
        case OptionType::channel: return to_channel_id(option, trim(value), caller);
    }
    throw UserError("unsupported option type");
}

}  // namespace mentorbot
