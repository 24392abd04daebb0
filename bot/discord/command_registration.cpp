// Builds the Discord application-command JSON from the registry and fingerprints it.
#include "bot/discord/command_registration.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

#include <openssl/evp.h>

#include "bot/discord/interactions.h"
#include "commands/command_forms.h"
#include "util/text.h"

namespace mentorbot::discord {

using nlohmann::json;

namespace {

enum DiscordOptionType : int {
    sub_command = 1,
    string_option = 3,
    integer_option = 4,
    boolean_option = 5,
    user_option = 6,
    channel_option = 7,
};

constexpr std::size_t max_options = 25;
constexpr std::size_t max_choices = 25;
// Discord integer bounds must be representable as a double without loss.
constexpr std::int64_t largest_safe_integer = (1LL << 53);

int discord_type(OptionType type) {
    switch (type) {
        case OptionType::integer: return integer_option;
        case OptionType::boolean: return boolean_option;
        case OptionType::user: return user_option;
        case OptionType::channel: return channel_option;
        default: return string_option;  // text, choice, tags, zones, dates and times arrive as text
    }
}

json option_json(const OptionSpec& option, bool required) {
    json out = {{"type", discord_type(option.type)},
                {"name", discord_name(option.name)},
                {"description", discord_description(option.description, option.name)},
                {"required", required}};
    if (option.type == OptionType::integer) {
        if (option.min != std::numeric_limits<std::int64_t>::min()) {
            out["min_value"] = std::clamp(option.min, -largest_safe_integer, largest_safe_integer);
        }
        if (option.max != std::numeric_limits<std::int64_t>::max()) {
            out["max_value"] = std::clamp(option.max, -largest_safe_integer, largest_safe_integer);
        }
    }
    if (option.type == OptionType::text) out["max_length"] = std::clamp<std::size_t>(option.max_chars, 1, 6000);
    // More than 25 choices cannot be offered as a list; the app validates the text instead.
    if (option.type == OptionType::choice && !option.choices.empty() && option.choices.size() <= max_choices) {
        json choices = json::array();
        for (const auto& choice : option.choices) choices.push_back({{"name", choice}, {"value", choice}});
        out["choices"] = std::move(choices);
    }
    // Topics and pods that exist, and the member's own requests and sessions by number, are
    // offered while the value is typed (a fixed list of choices and autocomplete exclude each
    // other; strings and integers take it here).
    if (option.suggest != Suggest::nothing && !out.contains("choices") && (out["type"] == 3 || out["type"] == 4))
        out["autocomplete"] = true;
    return out;
}

// Whether a Discord modal can stand in for the subcommand's options: it has a form, and
// the form needs no person or channel (a modal holds only text inputs; the command's own
// user and channel options are Discord's pickers for those).
bool modal_can_stand_in(const SubcommandSpec& subcommand) {
    if (subcommand.form.title.empty()) return false;
    return std::none_of(subcommand.options.begin(), subcommand.options.end(), [](const OptionSpec& option) {
        return option.required && !field_for(option).fits_a_text_input();
    });
}

// Discord requires required options before optional ones; keep the registry order otherwise.
// A subcommand a modal stands in for registers none as required: given no options it opens
// its form, and given some the app still refuses a missing one with its usual words.
json options_json(const SubcommandSpec& subcommand) {
    const bool by_modal = modal_can_stand_in(subcommand);
    json out = json::array();
    for (bool required : {true, false}) {
        for (const auto& option : subcommand.options) {
            if (option.required == required && out.size() < max_options)
                out.push_back(option_json(option, option.required && !by_modal));
        }
    }
    return out;
}

}  // namespace

std::string discord_name(const std::string& name) {
    std::string out;
    for (char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80 || std::isalnum(byte) || c == '-' || c == '_') {
            out += static_cast<char>(std::tolower(byte));
        } else {
            out += '-';
        }
    }
    out.resize(utf8_prefix_bytes(out, 32));
    return out.empty() ? "x" : out;
}

std::string discord_description(const std::string& description, const std::string& fallback) {
    const std::string& text = !description.empty() ? description : fallback;
    if (text.empty()) return std::string(1, '-');  // Discord wants at least one character
    if (utf8_prefix_bytes(text, 100) == text.size()) return text;
    return text.substr(0, utf8_prefix_bytes(text, 99)) + "\u2026";
}

json application_commands_json(const std::vector<CommandSpec>& commands) {
    json out = json::array();
    for (const auto& command : commands) {
        json entry = {{"type", 1},
                      {"name", discord_name(command.name)},
                      {"description", discord_description(command.description, command.name)}};
        json options = json::array();
        for (const auto& subcommand : command.subcommands) {
            if (subcommand.name.empty()) {
                // A command without subcommands (/announce) takes its options directly.
                for (auto& option : options_json(subcommand)) options.push_back(option);
                continue;
            }
            if (options.size() >= max_options) break;
            options.push_back({{"type", sub_command},
                               {"name", discord_name(subcommand.name)},
                               {"description", discord_description(subcommand.description, subcommand.name)},
                               {"options", options_json(subcommand)}});
        }
        entry["options"] = std::move(options);
        // A command for admins only (/announce) is shown to members with Manage Server
        // (Administrator implies it); a server's admins may grant it to others in the
        // server's Integrations settings. Commands with a few admin subcommands (/pod
        // form, /coach stats) stay visible: Discord cannot hide a subcommand, and the bot
        // refuses those itself. The permission only decides who sees a command: a server
        // may grant it to anyone, so the bot's own admin check stays the one that counts,
        // for these commands too.
        const bool for_admins = !command.subcommands.empty() &&
                                std::all_of(command.subcommands.begin(), command.subcommands.end(),
                                            [](const SubcommandSpec& subcommand) { return subcommand.admin_only; });
        if (for_admins) entry["default_member_permissions"] = std::to_string(manage_server_permission);
        out.push_back(std::move(entry));
    }
    return out;
}

std::string application_commands_hash(const json& commands) {
    // nlohmann::json keeps object keys sorted, so the dump is canonical.
    const std::string text = commands.dump();
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

}  // namespace mentorbot::discord
