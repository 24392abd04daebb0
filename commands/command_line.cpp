// The command-line reader: tokenising with quotes and mentions, then typing each option by its spec.
#include "commands/command_line.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <sstream>

#include <date/date.h>

#include "model/user_error.h"
#include "domain/tags.h"
#include "util/text.h"
#include "domain/time_zones.h"

namespace mentorbot {

namespace {

constexpr std::string_view left_curly_quote = "\xE2\x80\x9C";   // “
constexpr std::string_view right_curly_quote = "\xE2\x80\x9D";  // ”
constexpr std::string_view no_break_space = "\xC2\xA0";

struct Token {
    std::string name;  // set for name:value
    std::string value;
    bool quoted = false;
};

class Tokenizer {
public:
    explicit Tokenizer(std::string_view text) : text_(text) {}

    std::vector<Token> tokens() {
        std::vector<Token> result;
        while (true) {
            skip_spaces();
            if (at_end()) break;
            result.push_back(next_token());
        }
        return result;
    }

private:
    bool at_end() const { return position_ >= text_.size(); }
    bool starts_with(std::string_view prefix) const { return text_.substr(position_).starts_with(prefix); }

    bool at_space() const {
        if (at_end()) return false;
        char c = text_[position_];
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || starts_with(no_break_space);
    }

    void skip_spaces() {
        while (at_space()) position_ += starts_with(no_break_space) ? no_break_space.size() : 1;
    }

    bool at_quote() const { return !at_end() && (text_[position_] == '"' || starts_with(left_curly_quote)); }

    static bool is_name_char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    Token next_token() {
        Token token;
        if (at_quote()) {
            token.value = read_quoted();
            token.quoted = true;
            expect_word_end();
            return token;
        }
        // name:value, where the name is a plain identifier.
        std::size_t name_end = position_;
        while (name_end < text_.size() && is_name_char(text_[name_end])) ++name_end;
        if (name_end > position_ && name_end < text_.size() && text_[name_end] == ':' &&
            std::isalpha(static_cast<unsigned char>(text_[position_]))) {
            token.name = std::string(text_.substr(position_, name_end - position_));
            std::transform(token.name.begin(), token.name.end(), token.name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            position_ = name_end + 1;
            if (at_quote()) {
                token.value = read_quoted();
                token.quoted = true;
                expect_word_end();
            } else {
                token.value = read_bare();
            }
            return token;
        }
        token.value = read_bare();
        return token;
    }

    // A bare word ends at whitespace; <…> (mentions, channels, links) may hold spaces.
    std::string read_bare() {
        std::string word;
        while (!at_end() && !at_space()) {
            if (text_[position_] == '<') {
                std::size_t close = text_.find('>', position_);
                if (close != std::string_view::npos) {
                    word.append(text_.substr(position_, close + 1 - position_));
                    position_ = close + 1;
                    continue;
                }
            }
            word.push_back(text_[position_++]);
        }
        return word;
    }

    std::string read_quoted() {
        std::size_t opened_at = position_;
        bool curly = starts_with(left_curly_quote);
        position_ += curly ? left_curly_quote.size() : 1;
        std::string value;
        while (!at_end()) {
            char c = text_[position_];
            if (c == '\\' && position_ + 1 < text_.size() &&
                (text_[position_ + 1] == '"' || text_[position_ + 1] == '\\')) {
                value.push_back(text_[position_ + 1]);
                position_ += 2;
                continue;
            }
            if (c == '"') {
                ++position_;
                return value;
            }
            if (starts_with(right_curly_quote)) {
                position_ += right_curly_quote.size();
                return value;
            }
            value.push_back(c);
            ++position_;
        }
        std::string excerpt(text_.substr(opened_at, 20));
        throw UserError("a quote is opened at `" + excerpt + (text_.size() - opened_at > 20 ? "…" : "") +
                        "` but never closed. Close it with \" or write \\\" for a quote inside a value.");
    }

    void expect_word_end() {
        if (!at_end() && !at_space()) {
            throw UserError("unexpected text right after a closing quote: `" + read_bare() +
                            "`. Put a space after the closing quote.");
        }
    }

    std::string_view text_;
    std::size_t position_ = 0;
};

std::string lowercase_ascii(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// The usage line of the command a line starts with, read plainly (for a line whose quoting
// is broken, so it cannot be read properly); empty when the line names no command.
std::string usage_named_by(const CommandRegistry& registry, std::string_view line) {
    std::istringstream words{std::string(line)};
    std::string command_word;
    std::string subcommand_word;
    words >> command_word >> subcommand_word;
    command_word = lowercase_ascii(command_word);
    if (command_word.starts_with("/")) command_word.erase(0, 1);
    const CommandSpec* command = registry.find(command_word);
    if (command == nullptr) return {};
    const bool has_named_subcommands = !(command->subcommands.size() == 1 && command->subcommands[0].name.empty());
    const SubcommandSpec* subcommand = registry.find(command->name,
                                                     has_named_subcommands ? lowercase_ascii(subcommand_word) : "");
    return subcommand != nullptr ? registry.usage(*command, *subcommand) : registry.usage(*command);
}

std::string join_names(const std::vector<std::string>& names, std::string_view separator) {
    std::string joined;
    for (const auto& name : names) {
        if (!joined.empty()) joined += separator;
        joined += name;
    }
    return joined;
}

const OptionSpec* positional_option(const SubcommandSpec& subcommand) {
    for (const auto& option : subcommand.options) {
        if (option.positional) return &option;
    }
    for (const auto& option : subcommand.options) {
        if (option.required) return &option;
    }
    return nullptr;
}

// --- typing of one value -------------------------------------------------------------

std::string check_text(const OptionSpec& option, const std::string& value) {
    if (!is_valid_utf8(value)) throw UserError(option.name + " is not valid UTF-8 text.");
    std::size_t length = utf8_length(value);
    if (length > option.max_chars) {
        throw UserError(option.name + " is too long: " + std::to_string(length) + " characters, at most " +
                        std::to_string(option.max_chars) + " allowed.");
    }
    if (trim(value).empty()) throw UserError(option.name + " needs a value.");
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
    throw UserError(option.name + " must be one of " + join_names(option.choices, ", ") + " (got `" + value + "`).");
}

std::vector<std::string> to_tags(const OptionSpec& option, const std::string& value) {
    if (!is_valid_utf8(value)) throw UserError(option.name + " is not valid UTF-8 text.");
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

std::string to_datetime(const OptionSpec& option, const std::string& value) {
    std::string text = trim(value);
    std::size_t separator = text.find_first_of(" T");
    if (separator != std::string::npos) {
        auto day = normalize_date(std::string_view(text).substr(0, separator));
        auto time = normalize_clock_time(trim(std::string_view(text).substr(separator + 1)));
        if (day && time) return *day + " " + *time;
    }
    throw UserError(option.name + " must be a date and time like \"2026-03-01 14:30\" in your own time zone (got `" +
                    value + "`).");
}

ArgumentValue to_value(const OptionSpec& option, const std::string& value, const MemberId& caller) {
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

}  // namespace

SplitCommandLine split_command_line(const CommandRegistry& registry, std::string_view line) {
    if (line.size() > 16 * 1024) throw UserError("that command is too long to read (over 16 KB).");
    if (!is_valid_utf8(line)) throw UserError("that command is not valid UTF-8 text.");
    std::vector<Token> tokens;
    try {
        tokens = Tokenizer(line).tokens();
    } catch (UserError& error) {
        error.set_usage(usage_named_by(registry, line));
        throw;
    }
    if (tokens.empty() || !tokens[0].name.empty() || tokens[0].quoted) {
        throw UserError("type a command such as /coach help.");
    }
    SplitCommandLine split;
    std::string command_word = lowercase_ascii(tokens[0].value);
    if (command_word.starts_with("/")) command_word.erase(0, 1);
    const CommandSpec* command = registry.find(command_word);
    if (command == nullptr) {
        std::vector<std::string> names;
        for (const auto& known : registry.commands()) names.push_back("/" + known.name);
        throw UserError("unknown command `" + tokens[0].value + "`. Commands: " + join_names(names, ", ") +
                        ". Try /coach help.");
    }
    split.command = command->name;
    std::size_t next = 1;
    bool has_named_subcommands = !(command->subcommands.size() == 1 && command->subcommands[0].name.empty());
    if (has_named_subcommands) {
        if (tokens.size() < 2 || !tokens[1].name.empty() || tokens[1].quoted) {
            UserError error("/" + command->name + " needs a subcommand.", registry.usage(*command));
            throw error;
        }
        std::string subcommand_word = lowercase_ascii(tokens[1].value);
        if (registry.find(command->name, subcommand_word) == nullptr) {
            throw UserError("unknown subcommand `" + tokens[1].value + "` for /" + command->name + ".",
                            registry.usage(*command));
        }
        split.subcommand = subcommand_word;
        next = 2;
    }
    for (; next < tokens.size(); ++next) split.options.push_back({tokens[next].name, tokens[next].value});
    return split;
}

Invocation bind_options(const CommandRegistry& registry, const std::string& command_name,
                        const std::string& subcommand_name, const std::vector<RawOption>& options,
                        const Caller& caller) {
    const CommandSpec* command = registry.find(command_name);
    const SubcommandSpec* subcommand = registry.find(command_name, subcommand_name);
    if (command == nullptr || subcommand == nullptr) {
        throw UserError("unknown command `/" + command_name + (subcommand_name.empty() ? "" : " " + subcommand_name) +
                        "`.");
    }
    // Only a refusal shows the usage line: it is not built for a line that binds.
    auto usage = [&] { return registry.usage(*command, *subcommand); };
    Invocation invocation;
    invocation.command = command->name;
    invocation.subcommand = subcommand->name;
    invocation.caller = caller;

    // Positional words go to one option; free text may span several words.
    std::vector<RawOption> named;
    std::vector<std::string> positional_words;
    for (const auto& option : options) {
        if (option.name.empty()) positional_words.push_back(option.value);
        else named.push_back(option);
    }
    if (!positional_words.empty()) {
        const OptionSpec* target = positional_option(*subcommand);
        // A stray word after name:value is most likely the rest of a value with spaces.
        const std::string quotes_hint = named.empty() ? "."
                                                      : ": values with spaces go in quotes, e.g. note:\"two words\".";
        const bool target_named = target != nullptr &&
                                  std::any_of(named.begin(), named.end(),
                                              [&](const RawOption& option) { return option.name == target->name; });
        if (target == nullptr || target_named) {
            throw UserError("unexpected text `" + positional_words[0] + "`" + quotes_hint, usage());
        }
        bool joins_words = target->type == OptionType::text || target->type == OptionType::tags;
        if (positional_words.size() > 1 && !joins_words) {
            throw UserError("unexpected text `" + positional_words[1] + "`" + quotes_hint, usage());
        }
        std::string joined;
        for (const auto& word : positional_words) joined += (joined.empty() ? "" : " ") + word;
        named.insert(named.begin(), {target->name, joined});
    }

    try {
        for (const auto& raw : named) {
            auto spec = std::find_if(subcommand->options.begin(), subcommand->options.end(),
                                     [&](const OptionSpec& option) { return option.name == raw.name; });
            if (spec == subcommand->options.end()) {
                std::vector<std::string> names;
                for (const auto& option : subcommand->options) names.push_back(option.name);
                throw UserError("unknown option `" + raw.name + "`" +
                                (names.empty() ? std::string(" (this command takes no options).")
                                               : ". Options: " + join_names(names, ", ") + "."));
            }
            if (invocation.arguments.has(spec->name)) throw UserError("option `" + spec->name + "` is given twice.");
            if (raw.value.empty()) throw UserError("option `" + spec->name + "` needs a value.");
            invocation.arguments.set(spec->name, to_value(*spec, raw.value, caller.member));
        }
        for (const auto& option : subcommand->options) {
            if (option.required && !invocation.arguments.has(option.name)) {
                throw UserError("missing required option `" + option.name + "` (" + option.description + ").");
            }
        }
    } catch (UserError& error) {
        if (error.usage().empty()) error.set_usage(usage());
        throw;
    }
    return invocation;
}

Invocation parse_command_text(const CommandRegistry& registry, std::string_view line, const Caller& caller) {
    SplitCommandLine split = split_command_line(registry, line);
    return bind_options(registry, split.command, split.subcommand, split.options, caller);
}

}  // namespace mentorbot
