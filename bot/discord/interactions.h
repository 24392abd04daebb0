// Discord interactions ↔ neutral commands: INTERACTION_CREATE in, CommandService call, callback JSON out (D12–D14).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <unordered_set>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/command_request.h"
#include "model/reply.h"

namespace mentorbot::discord {

// The parts of an INTERACTION_CREATE payload the bot uses.
struct Interaction {
    enum class Type { ping = 1, application_command = 2, message_component = 3, autocomplete = 4, modal_submit = 5 };
    std::string id;
    std::string application_id;
    std::string token;
    Type type = Type::application_command;
    std::string guild_id;  // empty in a DM
    std::string channel_id;
    std::string user_id;
    std::string display_name;
    std::uint64_t permissions = 0;  // member.permissions; 0 in a DM
    // Type 2: the slash command, its subcommand and its options as text.
    std::string command;
    std::string subcommand;
    std::vector<std::pair<std::string, std::string>> options;
    // Type 3: the command line the component carries: a button's custom_id, or the
    // value of the option chosen in a string select.
    std::string custom_id;
    // Type 4: the option being typed (its value so far is among `options`), and its
    // option type (3 a string, 4 an integer: the choices offered must be of that type).
    std::string focused_option;
    int focused_type = 3;
    // Type 5 (a modal submitted): `custom_id` names the form, `options` holds its text inputs.
};

// Reads an INTERACTION_CREATE frame as the gateway sent it (its "d"); nullopt (and a log
// line) when it is unusable. The fields are read straight from simdjson's document.
std::optional<Interaction> parse_interaction_frame(std::string_view frame);
// The same for the `d` of an INTERACTION_CREATE already parsed (tests, tools).
std::optional<Interaction> parse_interaction(const nlohmann::json& data);

constexpr std::uint64_t administrator_permission = 1ULL << 3;
constexpr std::uint64_t manage_server_permission = 1ULL << 5;

// Who is calling, in neutral terms; `guild_id` is the interaction's guild or, in a DM,
// the guild the member is known in.
Caller caller_for(const Interaction& interaction, const std::string& guild_id);

// The interaction as a request to the app: type 2 as typed options, type 3 (a button)
// as the command line it carries, type 4 as a query for the focused option's values, type 5
// (a modal) as a form submission. Throws std::invalid_argument when
// the guild or user id cannot make a member id.
CommandRequest request_for(const Interaction& interaction, const std::string& guild_id);

// Reply text as Discord shows it. The bot's own mentions of Discord members (see
// model/mention.h) become Discord mentions ("<@42>") and are the only users the message
// may ping; everything else is shown as typed and pings nobody: a "<@42>", role, channel
// or "<@discord:G1:42>" a member typed, and @everyone / @here, are broken with a
// zero-width space, and the message body's allowed_mentions lists only `users`.
struct DiscordText {
    std::string content;
    std::vector<std::string> users;  // user ids we mention, each once, at most 100
};
DiscordText render_text(std::string_view text);

// A message body for a callback, follow-up or channel post: content (≤ 2000 characters),
// buttons as components (custom_id = command line, ≤ 100 characters), each select as a
// string select in an action row of its own (option value = command line), ephemeral flag,
// and allowed_mentions {"parse": [], "users": [the members we mention]}.
nlohmann::json message_json(const Message& message, bool ephemeral);
// Splits a message into Discord-sized pieces (≤ 2000 characters, at line breaks when
// possible); the buttons and selects go with the last piece.
std::vector<Message> split_message(const Message& message);
// The interaction callback for a finished reply: type 4 CHANNEL_MESSAGE_WITH_SOURCE.
nlohmann::json callback_json(const Reply& reply);
// The deferred callback: type 5, so the reply may follow through the webhook.
nlohmann::json deferred_callback_json(bool ephemeral);
// A form as a modal: type 9 MODAL with up to 5 text inputs (Discord modals hold nothing
// else), custom_id naming the form; a choice or topic field is short text whose
// placeholder lists the choices, and person and channel fields are left to the typed
// command. nullopt when no field fits.
std::optional<nlohmann::json> modal_callback_json(const Form& form);
// The answer to an autocomplete: type 8 with at most 25 choices, names and values cut to
// Discord's 100 characters.
nlohmann::json autocomplete_callback_json(const std::vector<Choice>& choices, bool integer_values = false);

// When Discord created the object with this snowflake id.
std::chrono::system_clock::time_point snowflake_time(std::string_view id);
// The snowflake as a number, when `id` is one written the usual way (decimal digits, no
// leading zero), so that the number gives back exactly this text; nullopt otherwise.
std::optional<std::uint64_t> snowflake_number(std::string_view id);

// Guarantees one response per interaction, also when a Resume replays events, and skips
// replayed interactions whose 3-second response window has already closed.
class InteractionLedger {
public:
    static constexpr std::chrono::seconds response_window{3};
    static constexpr std::chrono::minutes remember_for{15};

    enum class Verdict { answer, already_answered, expired };
    // Claims the interaction for answering. `replayed` is true for events that arrive
    // while a Resume replays missed events.
    Verdict claim(const std::string& interaction_id, bool replayed, std::chrono::system_clock::time_point now);
    std::size_t size() const { return answered_.size() + answered_as_text_.size(); }

private:
    using TimePoint = std::chrono::system_clock::time_point;
    // A busy bot remembers every interaction of the last 15 minutes: ids are snowflakes,
    // kept as numbers (about a third of the memory of the text in a set and a queue).
    // An id that is not one, which Discord does not send, is kept as text.
    std::unordered_set<std::uint64_t> answered_;
    std::deque<std::pair<TimePoint, std::uint64_t>> order_;  // oldest first
    std::unordered_set<std::string> answered_as_text_;
    std::deque<std::pair<TimePoint, std::string>> order_as_text_;
};

}  // namespace mentorbot::discord
