// Turns Discord interactions into CommandService calls and replies into Discord message JSON.
#include "bot/discord/interactions.h"

#include <algorithm>
#include <charconv>
#include <set>

#include <spdlog/spdlog.h>

#include "bot/net/json_fields.h"
#include "commands/command_forms.h"
#include "model/mention.h"
#include "util/text.h"

namespace mentorbot::discord {

using nlohmann::json;

namespace {

using net::string_field;

constexpr std::size_t max_content_chars = 2000;
constexpr std::size_t max_custom_id_chars = 100;
constexpr std::size_t max_label_chars = 80;
constexpr std::size_t buttons_per_row = 5;
constexpr std::size_t max_rows = 5;
constexpr int ephemeral_flag = 64;
constexpr std::size_t max_allowed_users = 100;
constexpr std::string_view zero_width_space = "\u200B";
// Milliseconds from the Unix epoch to the first second of 2015, Discord's epoch.
constexpr std::uint64_t discord_epoch_ms = 1420070400000ULL;

std::string text_of(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
    return value.dump();  // NUMBER options
}

std::string cut(const std::string& text, std::size_t max_chars) {
    const std::size_t fits = utf8_prefix_bytes(text, max_chars);
    if (fits == text.size()) return text;
    return text.substr(0, utf8_prefix_bytes(text, max_chars - 1)) + "\u2026";
}

void collect_options(const json& options, Interaction& out) {
    for (const auto& option : options) {
        if (!option.contains("value")) continue;
        out.options.emplace_back(option.at("name").get<std::string>(), text_of(option["value"]));
        if (option.value("focused", false)) {
            out.focused_option = out.options.back().first;
            out.focused_type = option.value("type", 3);
        }
    }
}

// A string select (component type 3) in an action row of its own. Each option's value is
// its command line, as a button's custom_id is; options whose line is over 100 characters
// are left out rather than cut, and at most 25 are offered. Null when none is left.
json select_json(const Select& select, std::size_t index) {
    constexpr std::size_t max_options = 25;
    constexpr std::size_t max_option_chars = 100;
    constexpr std::size_t max_placeholder_chars = 150;
    json options = json::array();
    std::set<std::string> seen;
    for (const Button& option : select.options) {
        if (options.size() == max_options) break;
        if (utf8_prefix_bytes(option.command_line, max_option_chars) != option.command_line.size()) {
            spdlog::warn("discord: left out option '{}': its command line is over 100 characters", option.label);
            continue;
        }
        if (!seen.insert(option.command_line).second) continue;  // Discord rejects duplicate values
        options.push_back({{"label", cut(option.label.empty() ? option.command_line : option.label, max_option_chars)},
                           {"value", option.command_line}});
    }
    if (options.empty()) return nullptr;  // Discord refuses a select without options
    // Not a command line: a button's custom_id is one, so the two never meet.
    json out = {{"type", 3},
                {"custom_id", "mentorbot:select:" + std::to_string(index)},
                {"options", std::move(options)},
                {"min_values", 1},
                {"max_values", 1}};
    if (!select.placeholder.empty()) out["placeholder"] = cut(select.placeholder, max_placeholder_chars);
    return out;
}

}  // namespace

std::optional<Interaction> parse_interaction(const json& data) {
    try {
        Interaction out;
        out.id = data.at("id").get<std::string>();
        out.application_id = string_field(data, "application_id");
        out.token = data.at("token").get<std::string>();
        out.type = static_cast<Interaction::Type>(data.at("type").get<int>());
        out.guild_id = string_field(data, "guild_id");
        out.channel_id = string_field(data, "channel_id");
        // In a guild the user is member.user; in a DM it is user.
        const json* user = nullptr;
        if (auto member = data.find("member"); member != data.end() && member->is_object()) {
            user = &member->at("user");
            const std::string bits = string_field(*member, "permissions");
            std::uint64_t permissions = 0;
            std::from_chars(bits.data(), bits.data() + bits.size(), permissions);
            out.permissions = permissions;
            out.display_name = string_field(*member, "nick");
        } else {
            user = &data.at("user");
        }
        out.user_id = user->at("id").get<std::string>();
        if (out.display_name.empty()) out.display_name = string_field(*user, "global_name");
        if (out.display_name.empty()) out.display_name = string_field(*user, "username");

        const json& payload = data.contains("data") ? data["data"] : json::object();
        // An autocomplete carries the command as it stands, one option marked as focused.
        if (out.type == Interaction::Type::application_command || out.type == Interaction::Type::autocomplete) {
            out.command = payload.at("name").get<std::string>();
            for (const auto& option : payload.value("options", json::array())) {
                const int type = option.at("type").get<int>();
                if (type == 1) {
                    out.subcommand = option.at("name").get<std::string>();
                    collect_options(option.value("options", json::array()), out);
                } else if (type == 2) {
                    // A subcommand group: we register none, but read "group sub" plainly.
                    for (const auto& sub : option.value("options", json::array())) {
                        out.subcommand = sub.at("name").get<std::string>();
                        collect_options(sub.value("options", json::array()), out);
                    }
                } else {
                    collect_options(json::array({option}), out);
                }
            }
        } else if (out.type == Interaction::Type::message_component) {
            out.custom_id = payload.at("custom_id").get<std::string>();
            // A string select (component type 3) names itself in custom_id; the command
            // line is the value of the option chosen. We offer one choice per select.
            if (payload.value("component_type", 2) == 3) {
                // No value chosen throws, and the interaction is dropped as malformed.
                out.custom_id = payload.at("values").at(0).get<std::string>();
            }
        } else if (out.type == Interaction::Type::modal_submit) {
            out.custom_id = payload.at("custom_id").get<std::string>();
            // Action rows, each holding one text input.
            for (const auto& row : payload.value("components", json::array())) {
                for (const auto& input : row.value("components", json::array())) {
                    out.options.emplace_back(string_field(input, "custom_id"), string_field(input, "value"));
                }
            }
        }
        return out;
    } catch (const json::exception& error) {
        spdlog::warn("discord: dropped a malformed interaction: {}", error.what());
        return std::nullopt;
    }
}

DiscordText render_text(std::string_view text) {
    DiscordText out;
    out.content.reserve(text.size());
    std::set<std::string> mentioned;
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, mention_mark.size(), mention_mark) == 0) {
            std::optional<FoundMention> found = mention_at(text, i);
            if (found && found->member.platform() == Platform::discord) {
                const std::string_view user = found->member.user();
                const bool snowflake = user.size() <= 20 &&
                                       user.find_first_not_of("0123456789") == std::string_view::npos;
                if (snowflake) {
                    out.content += "<@" + std::string(user) + ">";
                    if (mentioned.size() < max_allowed_users && mentioned.insert(std::string(user)).second) {
                        out.users.emplace_back(user);
                    }
                    i += found->length;
                    continue;
                }
            }
            // A mention of someone Discord cannot ping, or a stray mark: the rest shows as
            // text, and the mark itself as nothing.
            i += mention_mark.size();
            continue;
        }
        // Everything else is text, whoever wrote it: a "<@42>", "<@&7>", "<#1>" or
        // "</cmd:1>" a member typed, and @everyone / @here, are broken with a zero-width
        // space so Discord shows them as typed instead of as a mention.
        if (text[i] == '<' && i + 1 < text.size() &&
            std::string_view("@#!/").find(text[i + 1]) != std::string_view::npos) {
            out.content += '<';
            out.content += zero_width_space;
            ++i;
            continue;
        }
        if (text[i] == '@' && (text.compare(i + 1, 8, "everyone") == 0 || text.compare(i + 1, 4, "here") == 0)) {
            out.content += '@';
            out.content += zero_width_space;
            ++i;
            continue;
        }
        out.content += text[i++];
    }
    return out;
}

Caller caller_for(const Interaction& interaction, const std::string& guild_id) {
    Caller caller;
    caller.member = MemberId::of(Platform::discord, guild_id, interaction.user_id);
    caller.display_name = interaction.display_name;
    if (!interaction.channel_id.empty()) caller.channel = caller.member.in_same_tenant(interaction.channel_id);
    caller.platform_admin = (interaction.permissions & (administrator_permission | manage_server_permission)) != 0;
    return caller;
}

CommandRequest request_for(const Interaction& interaction, const std::string& guild_id) {
    CommandRequest request;
    request.caller = caller_for(interaction, guild_id);
    // Keyed by interaction id, so a replay after a Resume (or a restart) never runs twice.
    request.delivery_key = "discord:interaction:" + interaction.id;
    if (interaction.type == Interaction::Type::message_component) {
        // A button carries the command line it runs.
        request.input = TextLine{interaction.custom_id};
    } else if (interaction.type == Interaction::Type::modal_submit) {
        std::optional<Form> form = form_named(CommandRegistry::standard(), interaction.custom_id);
        if (!form) throw std::invalid_argument("modal " + interaction.custom_id + " is no form of ours");
        request.input = FormSubmission{form->command, form->subcommand, interaction.options};
    } else if (interaction.type == Interaction::Type::autocomplete) {
        std::string typed;
        for (const auto& [name, value] : interaction.options)
            if (name == interaction.focused_option) typed = value;
        request.input = OptionQuery{interaction.command, interaction.subcommand, interaction.focused_option, typed};
    } else {
        request.input = TypedOptions{interaction.command, interaction.subcommand, interaction.options};
    }
    return request;
}

std::optional<json> modal_callback_json(const Form& form) {
    constexpr std::size_t max_inputs = 5;
    const auto cut = [](const std::string& text, std::size_t limit) {
        if (utf8_prefix_bytes(text, limit) == text.size()) return text;
        return text.substr(0, utf8_prefix_bytes(text, limit - 1)) + "\u2026";
    };
    json rows = json::array();
    for (const FormField& field : form.fields) {
        if (rows.size() == max_inputs) break;
        if (!field.fits_a_text_input()) continue;
        std::string placeholder = field.placeholder;
        if (!field.choices.empty()) {
            placeholder.clear();
            for (const FormChoice& choice : field.choices)
                placeholder += (placeholder.empty() ? "" : "|") + choice.value;
        } else if (placeholder.empty()) {
            placeholder = field.help;
        }
        json input{{"type", 4},
                   {"custom_id", field.name},
                   {"label",
                    cut(field.label +
                            (field.help.empty() || field.kind == FormField::Kind::long_text ? "" : ": " + field.help),
                        45)},
                   {"style", field.kind == FormField::Kind::long_text ? 2 : 1},
                   {"required", field.required},
                   {"max_length", std::clamp<std::size_t>(field.max_chars, 1, 4000)}};
        if (!placeholder.empty()) input["placeholder"] = cut(placeholder, 100);
        rows.push_back({{"type", 1}, {"components", json::array({std::move(input)})}});
    }
    if (rows.empty()) return std::nullopt;
    return json{{"type", 9},
                {"data", {{"custom_id", form_id(form)}, {"title", cut(form.title, 45)}, {"components", rows}}}};
}

json autocomplete_callback_json(const std::vector<Choice>& choices, bool integer_values) {
    constexpr std::size_t max_choices = 25;
    constexpr std::size_t max_choice_chars = 100;
    json list = json::array();
    for (const Choice& choice : choices) {
        if (list.size() == max_choices) break;
        // A value cut short would fill in something else than was offered: leave it out.
        if (utf8_prefix_bytes(choice.value, max_choice_chars) != choice.value.size()) continue;
        if (integer_values) {
            // An integer option takes only numbers: a request or session id.
            long long number = 0;
            auto [end, error] = std::from_chars(choice.value.data(), choice.value.data() + choice.value.size(), number);
            if (error != std::errc() || end != choice.value.data() + choice.value.size()) continue;
            list.push_back({{"name", cut(choice.label, max_choice_chars)}, {"value", number}});
            continue;
        }
        list.push_back({{"name", cut(choice.label, max_choice_chars)}, {"value", choice.value}});
    }
    return {{"type", 8}, {"data", {{"choices", std::move(list)}}}};
}

json message_json(const Message& message, bool ephemeral) {
    DiscordText text = render_text(message.text);
    // Member text may contain @everyone, roles or user mentions: ping only the members
    // the reply itself names.
    json allowed_mentions = {{"parse", json::array()}};
    if (!text.users.empty()) allowed_mentions["users"] = text.users;
    json out = {{"content", cut(text.content, max_content_chars)}, {"allowed_mentions", std::move(allowed_mentions)}};
    if (ephemeral) out["flags"] = ephemeral_flag;
    json rows = json::array();
    json row = json::array();
    std::set<std::string> seen;
    for (const auto& button : message.buttons) {
        if (utf8_prefix_bytes(button.command_line, max_custom_id_chars) != button.command_line.size()) {
            spdlog::warn("discord: left out button '{}': its command line is over 100 characters", button.label);
            continue;
        }
        if (!seen.insert(button.command_line).second) continue;  // Discord rejects duplicate custom_ids
        row.push_back({{"type", 2},
                       {"style", row.empty() && rows.empty() ? 1 : 2},
                       {"label", cut(button.label.empty() ? button.command_line : button.label, max_label_chars)},
                       {"custom_id", button.command_line}});
        if (row.size() == buttons_per_row) {
            rows.push_back({{"type", 1}, {"components", std::move(row)}});
            row = json::array();
            if (rows.size() == max_rows) break;
        }
    }
    if (!row.empty() && rows.size() < max_rows) rows.push_back({{"type", 1}, {"components", std::move(row)}});
    for (std::size_t i = 0; i < message.selects.size() && rows.size() < max_rows; ++i) {
        json select = select_json(message.selects[i], i);
        if (!select.is_null()) rows.push_back({{"type", 1}, {"components", json::array({std::move(select)})}});
    }
    out["components"] = std::move(rows);
    return out;
}

std::vector<Message> split_message(const Message& message) {
    std::vector<Message> pieces;
    std::string_view rest = message.text;
    while (utf8_prefix_bytes(rest, max_content_chars) < rest.size()) {
        std::size_t take = utf8_prefix_bytes(rest, max_content_chars);
        if (auto newline = rest.rfind('\n', take); newline != std::string_view::npos && newline > take / 2) {
            take = newline + 1;
        }
        pieces.push_back(Message{std::string(rest.substr(0, take)), {}});
        rest.remove_prefix(take);
    }
    pieces.push_back(Message{std::string(rest), message.buttons, message.selects});
    return pieces;
}

json callback_json(const Reply& reply) {
    return {{"type", 4}, {"data", message_json(reply.response, !reply.is_public)}};
}

json deferred_callback_json(bool ephemeral) {
    json out = {{"type", 5}, {"data", json::object()}};
    if (ephemeral) out["data"]["flags"] = ephemeral_flag;
    return out;
}

std::chrono::system_clock::time_point snowflake_time(std::string_view id) {
    std::uint64_t value = 0;
    std::from_chars(id.data(), id.data() + id.size(), value);
    return std::chrono::system_clock::time_point(std::chrono::milliseconds((value >> 22) + discord_epoch_ms));
}

std::optional<std::uint64_t> snowflake_number(std::string_view id) {
    if (id.empty() || (id.size() > 1 && id.front() == '0')) return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), value);
    if (error != std::errc() || end != id.data() + id.size()) return std::nullopt;
    return value;
}

namespace {

// Forgets what is past the 15-minute token lifetime: it can never be answered again.
template <typename Id>
void forget_older(std::unordered_set<Id>& answered,
                  std::deque<std::pair<std::chrono::system_clock::time_point, Id>>& order,
                  std::chrono::system_clock::time_point now) {
    while (!order.empty() && now - order.front().first > InteractionLedger::remember_for) {
        answered.erase(order.front().second);
        order.pop_front();
    }
}

}  // namespace

InteractionLedger::Verdict InteractionLedger::claim(const std::string& interaction_id, bool replayed,
                                                    std::chrono::system_clock::time_point now) {
    forget_older(answered_, order_, now);
    forget_older(answered_as_text_, order_as_text_, now);
    const std::optional<std::uint64_t> number = snowflake_number(interaction_id);
    if (number ? answered_.count(*number) != 0 : answered_as_text_.count(interaction_id) != 0)
        return Verdict::already_answered;
    // Only replayed events are judged by their age: a clock slightly off must never make
    // us ignore live interactions.
    if (replayed && now - snowflake_time(interaction_id) > response_window) return Verdict::expired;
    if (number) {
        answered_.insert(*number);
        order_.emplace_back(now, *number);
    } else {
        answered_as_text_.insert(interaction_id);
        order_as_text_.emplace_back(now, interaction_id);
    }
    return Verdict::answer;
}

}  // namespace mentorbot::discord
