// Turns Discord interactions into CommandService calls and replies into Discord message JSON.
#include "bot/discord/interactions.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "bot/net/simdjson_document.h"
#include "commands/command_forms.h"
#include "model/mention.h"
#include "util/text.h"

namespace mentorbot::discord {

using nlohmann::json;

namespace {

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

namespace {

// An interaction Discord would never send: it is logged and dropped.
struct Malformed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

using Element = simdjson::dom::element;
using Object = simdjson::dom::object;

Object object_of(Element element, std::string_view what) {
    Object object;
    if (element.get(object) != simdjson::SUCCESS) throw Malformed(std::string(what) + " is not an object");
    return object;
}

Element required(Object object, std::string_view key) {
    Element found;
    if (object.at_key(key).get(found) != simdjson::SUCCESS) throw Malformed("no " + std::string(key));
    return found;
}

std::string required_string(Object object, std::string_view key) {
    std::string_view text;
    if (required(object, key).get(text) != simdjson::SUCCESS) throw Malformed(std::string(key) + " is not a string");
    return std::string(text);
}

int required_int(Object object, std::string_view key) {
    std::int64_t number = 0;
    if (required(object, key).get(number) != simdjson::SUCCESS) throw Malformed(std::string(key) + " is not a number");
    return static_cast<int>(number);
}

// A field that may be missing or of another type, read as text or empty.
std::string optional_string(Object object, std::string_view key) {
    std::string_view text;
    if (object.at_key(key).get(text) != simdjson::SUCCESS) return {};
    return std::string(text);
}

// Calls `each` for every item of an array field; a missing or null field has none, one of
// another type is malformed.
template <class Each>
void for_each_item(Object object, std::string_view key, Each&& each) {
    Element found;
    if (object.at_key(key).get(found) != simdjson::SUCCESS || found.is_null()) return;
    simdjson::dom::array array;
    if (found.get(array) != simdjson::SUCCESS) throw Malformed(std::string(key) + " is not an array");
    for (Element item : array) each(item);
}

// An option's value as the command reads it: text as typed, numbers and booleans written out.
std::string option_text(Element value) {
    std::string_view text;
    if (value.get(text) == simdjson::SUCCESS) return std::string(text);
    return text_of(net::to_nlohmann(value));
}

void collect_options(Element option_element, Interaction& out) {
    Object option;
    Element value;
    // An option without a value (or no option at all) says nothing.
    if (option_element.get(option) != simdjson::SUCCESS || option.at_key("value").get(value) != simdjson::SUCCESS) {
        return;
    }
    out.options.emplace_back(required_string(option, "name"), option_text(value));
    Element focused;
    if (option.at_key("focused").get(focused) != simdjson::SUCCESS) return;
    bool is_focused = false;
    if (focused.get(is_focused) != simdjson::SUCCESS) throw Malformed("focused is not a boolean");
    if (!is_focused) return;
    out.focused_option = out.options.back().first;
    out.focused_type = option.at_key("type").error() == simdjson::NO_SUCH_FIELD ? 3 : required_int(option, "type");
}

void collect_options_of(Object parent, Interaction& out) {
    for_each_item(parent, "options", [&](Element option) { collect_options(option, out); });
}

Interaction read_interaction(Element element) {
    const Object data = object_of(element, "the interaction");
    Interaction out;
    out.id = required_string(data, "id");
    out.application_id = optional_string(data, "application_id");
    out.token = required_string(data, "token");
    out.type = static_cast<Interaction::Type>(required_int(data, "type"));
    out.guild_id = optional_string(data, "guild_id");
    out.channel_id = optional_string(data, "channel_id");
    // In a guild the user is member.user; in a DM it is user.
    Object user;
    if (Object member; data.at_key("member").get(member) == simdjson::SUCCESS) {
        user = object_of(required(member, "user"), "member.user");
        const std::string bits = optional_string(member, "permissions");
        std::uint64_t permissions = 0;
        std::from_chars(bits.data(), bits.data() + bits.size(), permissions);
        out.permissions = permissions;
        out.display_name = optional_string(member, "nick");
    } else {
        user = object_of(required(data, "user"), "user");
    }
    out.user_id = required_string(user, "id");
    if (out.display_name.empty()) out.display_name = optional_string(user, "global_name");
    if (out.display_name.empty()) out.display_name = optional_string(user, "username");

    Element payload_element;
    if (data.at_key("data").get(payload_element) != simdjson::SUCCESS) {
        // A command, a click, a keystroke or a form always says which.
        if (out.type == Interaction::Type::application_command || out.type == Interaction::Type::autocomplete ||
            out.type == Interaction::Type::message_component || out.type == Interaction::Type::modal_submit) {
            throw Malformed("no data");
        }
        return out;
    }
    const Object payload = object_of(payload_element, "data");
    // An autocomplete carries the command as it stands, one option marked as focused.
    if (out.type == Interaction::Type::application_command || out.type == Interaction::Type::autocomplete) {
        out.command = required_string(payload, "name");
        for_each_item(payload, "options", [&](Element option_element) {
            const Object option = object_of(option_element, "an option");
            const int type = required_int(option, "type");
            if (type == 1) {
                out.subcommand = required_string(option, "name");
                collect_options_of(option, out);
            } else if (type == 2) {
                // A subcommand group: we register none, but read "group sub" plainly.
                for_each_item(option, "options", [&](Element sub_element) {
                    const Object sub = object_of(sub_element, "a subcommand");
                    out.subcommand = required_string(sub, "name");
                    collect_options_of(sub, out);
                });
            } else {
                collect_options(option_element, out);
            }
        });
    } else if (out.type == Interaction::Type::message_component) {
        out.custom_id = required_string(payload, "custom_id");
        // A string select (component type 3) names itself in custom_id; the command
        // line is the value of the option chosen. We offer one choice per select.
        std::int64_t component_type = 2;
        if (payload.at_key("component_type").error() != simdjson::NO_SUCH_FIELD) {
            component_type = required_int(payload, "component_type");
        }
        if (component_type == 3) {
            // No value chosen, and the interaction is dropped as malformed.
            std::string_view chosen;
            if (required(payload, "values").at(0).get(chosen) != simdjson::SUCCESS) throw Malformed("no value chosen");
            out.custom_id = std::string(chosen);
        }
    } else if (out.type == Interaction::Type::modal_submit) {
        out.custom_id = required_string(payload, "custom_id");
        // Action rows, each holding one text input.
        for_each_item(payload, "components", [&](Element row) {
            for_each_item(object_of(row, "an action row"), "components", [&](Element input) {
                Object fields;
                if (input.get(fields) != simdjson::SUCCESS) {
                    out.options.emplace_back();  // an input that says nothing still holds its place
                    return;
                }
                out.options.emplace_back(optional_string(fields, "custom_id"), optional_string(fields, "value"));
            });
        });
    }
    return out;
}

std::optional<Interaction> read_logged(Element data) {
    try {
        return read_interaction(data);
    } catch (const Malformed& error) {
        spdlog::warn("discord: dropped a malformed interaction: {}", error.what());
        return std::nullopt;
    }
}

// Calls `read` with the document of `text`: this thread's parser, or one of its own for a
// document over that parser's size (a form's long texts). Nullopt (and a log line) when
// it is not JSON.
template <class Read>
std::optional<Interaction> with_document(std::string_view text, Read&& read) {
    simdjson::dom::element document;
    const auto error = net::parse_on_this_thread(text).get(document);
    if (error == simdjson::CAPACITY) {
        simdjson::dom::parser large;
        if (large.parse(text.data(), text.size(), true).get(document) == simdjson::SUCCESS) return read(document);
    } else if (error == simdjson::SUCCESS) {
        return read(document);
    }
    spdlog::warn("discord: dropped an interaction that is not JSON ({} bytes)", text.size());
    return std::nullopt;
}

}  // namespace

std::optional<Interaction> parse_interaction_frame(std::string_view frame) {
    return with_document(frame, [](Element document) -> std::optional<Interaction> {
        Element data;
        if (document.at_key("d").get(data) != simdjson::SUCCESS) {
            spdlog::warn("discord: dropped an interaction frame without its d");
            return std::nullopt;
        }
        return read_logged(data);
    });
}

std::optional<Interaction> parse_interaction(const json& data) {
    // Written out and read by the same reader as the gateway's frames, so both agree
    // (a string that is not UTF-8 is written with U+FFFD rather than throwing).
    return with_document(data.dump(-1, ' ', false, json::error_handler_t::replace), read_logged);
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
