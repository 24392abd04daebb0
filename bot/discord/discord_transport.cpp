// mentorbot on Discord: interactions in through the gateway, answers and deliveries out through REST.
#include "bot/discord/discord_transport.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include "bot/discord/committed_reply.h"
#include "bot/metrics.h"
#include <stdexcept>

namespace mentorbot::discord {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

// The first two words of a command line ("/flash accept 12" → "/flash accept").
std::string command_key(const Interaction& interaction) {
    if (interaction.type == Interaction::Type::application_command) {
        return "/" + interaction.command + " " + interaction.subcommand;
    }
    const auto& line = interaction.custom_id;
    auto first = line.find(' ');
    if (first == std::string::npos) return line;
    auto second = line.find(' ', first + 1);
    return line.substr(0, second);
}

bool retryable_status(unsigned status) { return status == 0 || status == 429 || status >= 500; }

DeliveryOutcome failed(const RestResult& result) {
    DeliveryOutcome outcome;
    outcome.delivered = false;
    outcome.retryable = retryable_status(result.status);
    outcome.error = result.error.empty() ? "HTTP " + std::to_string(result.status) : result.error;
    return outcome;
}

// A message with a file that failed may go without it. Not when the bot may not write to
// the channel at all (401, 403, 404: the plain message would fail alike, and such answers
// count toward Discord's ban on invalid requests), nor when the client is shutting down.
// An interaction answered already (40060) is not a refused file either.
bool file_was_the_problem(const RestResult& result) {
    if (result.status == 401 || result.status == 403 || result.status == 404) return false;
    if (result.discord_code() == 40060) return false;
    return !(result.status == 0 && result.error == "shutting down");
}

RestCall callback_call(const Interaction& interaction, const json& body) {
    return RestCall{"POST",
                    {"POST /interactions/{interaction_id}/{token}/callback", interaction.id},
                    "/interactions/" + interaction.id + "/" + interaction.token + "/callback",
                    body};
}

// The answer to an interaction, its JSON written on the connections' thread.
RestCall answer_call(const Interaction& interaction, Reply reply) {
    RestCall call = callback_call(interaction, json());
    call.body.reset();
    call.body_from = [reply = std::move(reply)] { return callback_json(reply); };
    return call;
}

// A message to a channel or through a webhook, its JSON written on the connections' thread.
RestCall message_call(RestRoute route, std::string path, Message message, bool ephemeral) {
    RestCall call{"POST", std::move(route), std::move(path), std::nullopt};
    call.body_from = [message = std::move(message), ephemeral] { return message_json(message, ephemeral); };
    return call;
}

// Sends `request` with `file` when there is one (multipart/form-data). When Discord
// refuses the file, the request goes once more without it, logged with `what`: the
// message matters more than its file, whose links are in the text.
asio::awaitable<RestResult> call_with_file(DiscordRest& rest, RestCall request, std::optional<Attachment> file,
                                           std::string what) {
    if (!file) co_return co_await rest.call(std::move(request));
    RestCall plain = request;
    request.file = std::move(file);
    RestResult result = co_await rest.call(std::move(request));
    if (result.ok() || !file_was_the_problem(result)) co_return result;
    // The file is not tried again: the links in the text stand in for it.
    spdlog::warn("discord: the file for {} was not accepted ({}); sending it without the file", what, result.error);
    co_return co_await rest.call(std::move(plain));
}

// An interaction's answer once its command has run, handed to the REST client's thread.
struct AnswerToSend {
    DiscordRest* rest = nullptr;  // outlives this: it waits for its thread's work before it goes
    std::shared_ptr<DiscordFigures> figures;
    Interaction interaction;
    std::string key;  // "command subcommand", for the log
    RestRoute webhook_route;
    std::string webhook;
    bool deferred = false;  // a type 5 went first: the answer edits it
    bool is_public = false;
    std::vector<Message> pieces;
    std::optional<Attachment> attachment;  // goes with the last piece
    std::optional<json> modal;
    std::chrono::steady_clock::time_point received_at;
};

// From the gateway frame to Discord's answer to our first callback (type 4 or 5).
void observe_response(std::chrono::steady_clock::time_point received_at) {
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - received_at;
    metrics().observe(metric::response_seconds, {{"transport", "discord"}}, took.count());
}

// Sends the answer and its follow-ups on the REST client's thread, so the bot's thread
// goes on with the next command at once.
asio::awaitable<void> send_answer(AnswerToSend answer) {
    DiscordRest& rest = *answer.rest;
    const DiscordRest::Busy busy = rest.busy();
    const Interaction& interaction = answer.interaction;
    const auto file_with = [&](std::size_t piece) {
        return piece + 1 == answer.pieces.size() ? answer.attachment : std::nullopt;
    };
    const std::string what = "the answer to interaction " + interaction.id;
    RestResult result;
    if (answer.deferred) {
        RestCall request = message_call({"PATCH " + answer.webhook_route.route + "/messages/@original",
                                         answer.webhook_route.major},
                                        answer.webhook + "/messages/@original", answer.pieces.front(), false);
        request.method = "PATCH";
        std::optional<Attachment> file = file_with(0);
        result = co_await call_with_file(rest, std::move(request), std::move(file), what);
    } else if (answer.modal) {
        // A command given without options whose subcommand has a form: the form opens.
        // (After a deferral a modal cannot follow; the form's text went instead.)
        RestCall request = callback_call(interaction, *answer.modal);
        result = co_await rest.call(std::move(request));
        observe_response(answer.received_at);
    } else {
        Reply first;
        first.is_public = answer.is_public;
        first.response = answer.pieces.front();
        RestCall request = answer_call(interaction, std::move(first));
        std::optional<Attachment> file = file_with(0);
        result = co_await call_with_file(rest, std::move(request), std::move(file), what);
        observe_response(answer.received_at);
    }
    if (!result.ok()) {
        ++answer.figures->callbacks_failed;
        // 10062: the 3 s window closed; 40060: someone (a replay) answered already.
        spdlog::warn("discord: answering interaction {} failed: {} (code {})", interaction.id, result.error,
                     result.discord_code());
        co_return;
    }
    ++answer.figures->interactions_answered;
    spdlog::debug("discord: interaction {} ({}) answered{}", interaction.id, answer.key,
                  answer.deferred ? " after deferring" : "");
    for (std::size_t i = 1; i < answer.pieces.size(); ++i) {
        RestCall request = message_call({"POST " + answer.webhook_route.route, answer.webhook_route.major},
                                        answer.webhook, answer.pieces[i], !answer.is_public);
        std::optional<Attachment> file = file_with(i);
        auto follow_up = co_await call_with_file(rest, std::move(request), std::move(file), what);
        if (!follow_up.ok()) {
            spdlog::warn("discord: follow-up for interaction {} failed: {}", interaction.id, follow_up.error);
            break;
        }
    }
}

}  // namespace

std::shared_ptr<DiscordTransport> DiscordTransport::create(asio::any_io_executor executor,
                                                           std::shared_ptr<asio::ssl::context> tls,
                                                           CommandService& service,
                                                           std::shared_ptr<RegistrationRecord> registrations,
                                                           std::vector<CommandSpec> commands, DiscordOptions options,
                                                           StopHandler on_stop) {
    auto transport = std::shared_ptr<DiscordTransport>(new DiscordTransport(
        executor, tls, service, std::move(registrations), std::move(commands), std::move(options), std::move(on_stop)));
    std::weak_ptr<DiscordTransport> weak = transport;
    GatewayOptions gateway;
    gateway.identity = GatewayIdentity{transport->options_.token, 0, transport->options_.shard_id,
                                       transport->options_.shard_count};
    gateway.socket = transport->options_.socket;
    gateway.random_unit = transport->options_.random_unit;
    gateway.identify_window = transport->options_.identify_window;
    transport->gateway_ = GatewayClient::create(
        executor, tls, transport->rest_, std::move(gateway),
        [weak](const GatewayEvent& event, bool replayed) {
            if (auto self = weak.lock()) self->on_event(event, replayed);
        },
        [weak](const std::string& reason) {
            if (auto self = weak.lock()) {
                if (self->on_stop_) self->on_stop_(reason);
            }
        });
    return transport;
}

DiscordTransport::DiscordTransport(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls,
                                   CommandService& service, std::shared_ptr<RegistrationRecord> registrations,
                                   std::vector<CommandSpec> commands, DiscordOptions options, StopHandler on_stop)
    : executor_(std::move(executor)),
      tls_(std::move(tls)),
      service_(service),
      registrations_(std::move(registrations)),
      commands_(std::move(commands)),
      options_(std::move(options)),
      on_stop_(std::move(on_stop)) {
    RestOptions rest;
    rest.api_base = options_.api_base;
    rest.token = options_.token;
    rest.connections = options_.rest_connections;
    rest.server_error_backoff = options_.server_error_backoff;
    rest_ = std::make_shared<DiscordRest>(tls_, std::move(rest));
}

DiscordTransport::~DiscordTransport() = default;

void DiscordTransport::start() {
    // Coroutines take a keep-alive pointer as a parameter rather than a lambda capture:
    // a capture lives in the closure, which may die before the coroutine finishes.
    asio::co_spawn(executor_, register_commands(shared_from_this()), asio::detached);
    gateway_->start();
}

void DiscordTransport::stop() {
    if (stopped_) return;
    stopped_ = true;
    gateway_->stop();
    if (answers_in_flight_ == 0) {
        rest_->close_when_idle(answers_grace);
        return;
    }
    // The last answer to finish lets the REST client close; this timer bounds the wait.
    auto deadline = std::make_shared<asio::steady_timer>(executor_, answers_grace);
    deadline->async_wait([rest = rest_, deadline](boost::system::error_code) { rest->close_when_idle(answers_grace); });
}

asio::awaitable<void> DiscordTransport::register_commands(std::shared_ptr<DiscordTransport> /*keep_alive*/) {
    const json body = application_commands_json(commands_);
    const std::string hash = application_commands_hash(body);
    const std::string scope = options_.application_id +
                              (options_.guild_id.empty() ? ":global" : ":guild:" + options_.guild_id);
    try {
        if (registrations_->last_hash(scope) == hash) {
            figures_->registration_skipped = true;
            spdlog::info("discord: application commands unchanged since the last registration; not sending them");
            co_return;
        }
    } catch (const std::exception& error) {
        spdlog::warn("discord: could not read the last command registration: {}", error.what());
    }
    std::string path = "/applications/" + options_.application_id;
    RestRoute route{"PUT /applications/{application_id}/commands", options_.application_id};
    if (!options_.guild_id.empty()) {
        path += "/guilds/" + options_.guild_id;
        route = RestRoute{"PUT /applications/{application_id}/guilds/{guild_id}/commands", options_.guild_id};
    }
    path += "/commands";
    RestCall request{"PUT", route, path, body};
    auto result = co_await rest_->call(std::move(request));
    if (!result.ok()) {
        spdlog::error("discord: registering application commands failed: {}", result.error);
        co_return;
    }
    figures_->commands_registered = true;
    spdlog::info("discord: registered {} application commands {}", body.size(),
                 options_.guild_id.empty() ? "globally" : "in guild " + options_.guild_id);
    try {
        registrations_->remember(scope, hash);
    } catch (const std::exception& error) {
        spdlog::warn("discord: could not remember the command registration: {}", error.what());
    }
}

std::string DiscordTransport::guild_for(const Interaction& interaction) {
    if (!interaction.guild_id.empty()) {
        guild_of_user_.remember(interaction.user_id, interaction.guild_id);
        return interaction.guild_id;
    }
    if (const std::string* known = guild_of_user_.find(interaction.user_id)) return *known;
    if (options_.known_guild_of) {
        if (std::string remembered = options_.known_guild_of(interaction.user_id); !remembered.empty()) {
            guild_of_user_.remember(interaction.user_id, remembered);
            return remembered;
        }
    }
    return options_.guild_id;
}

void DiscordTransport::on_event(const GatewayEvent& event, bool replayed) {
    if (stopped_) return;
    if (event.name == "READY") {
        const auto user = event.data.value("user", json::object());
        spdlog::info("discord: ready as {}", user.is_object() ? user.value("username", "?") : "?");
        return;
    }
    if (event.name != "INTERACTION_CREATE") return;
    const auto received_at = std::chrono::steady_clock::now();
    auto interaction = parse_interaction_frame(event.frame);
    if (!interaction) {
        ++figures_->malformed_dropped;
        metrics().add(metric::dropped, {{"transport", "discord"}, {"reason", "malformed_interaction"}});
        return;
    }
    if (interaction->type == Interaction::Type::autocomplete) {
        // A keystroke from before a Resume is answered already or moot: Discord asked again.
        if (replayed) return;
        std::string guild = guild_for(*interaction);
        asio::co_spawn(executor_, offer_choices(shared_from_this(), std::move(*interaction), std::move(guild)),
                       asio::detached);
        return;
    }
    if (interaction->type != Interaction::Type::application_command &&
        interaction->type != Interaction::Type::message_component &&
        interaction->type != Interaction::Type::modal_submit) {
        return;
    }
    const auto now = std::chrono::system_clock::now();
    switch (ledger_.claim(interaction->id, replayed, now)) {
        case InteractionLedger::Verdict::already_answered:
            ++figures_->replays_skipped;
            spdlog::info("discord: interaction {} was already answered; skipping the replay", interaction->id);
            return;
        case InteractionLedger::Verdict::expired:
            ++figures_->expired_skipped;
            spdlog::info("discord: replayed interaction {} is past its 3 s window; skipping it", interaction->id);
            return;
        case InteractionLedger::Verdict::answer: break;
    }
    const bool late = now - snowflake_time(interaction->id) > options_.defer_after;
    const bool defer = late || slow_commands_.count(command_key(*interaction)) != 0;
    std::string guild = guild_for(*interaction);
    asio::co_spawn(executor_, answer(shared_from_this(), std::move(*interaction), std::move(guild), defer, received_at),
                   asio::detached);
}

asio::awaitable<RestResult> DiscordTransport::respond(const Interaction& interaction, const json& body) {
    RestCall request = callback_call(interaction, body);
    co_return co_await rest_->call(std::move(request));
}

asio::awaitable<void> DiscordTransport::offer_choices(std::shared_ptr<DiscordTransport> /*keep_alive*/,
                                                      Interaction interaction, std::string guild_id) {
    AnswerInFlight in_flight(*this);
    std::vector<Choice> choices;
    if (!guild_id.empty()) {
        try {
            choices = service_.run(request_for(interaction, guild_id)).choices;
        } catch (const std::invalid_argument& error) {
            spdlog::warn("discord: autocomplete {} dropped: {}", interaction.id, error.what());
            metrics().add(metric::dropped, {{"transport", "discord"}, {"reason", "unreadable"}});
            co_return;
        }
    }
    const RestResult result = co_await respond(interaction,
                                               autocomplete_callback_json(choices, interaction.focused_type == 4));
    if (!result.ok()) {
        ++figures_->callbacks_failed;
        spdlog::warn("discord: answering autocomplete {} failed: {} (code {})", interaction.id, result.error,
                     result.discord_code());
    }
}

asio::awaitable<void> DiscordTransport::answer(std::shared_ptr<DiscordTransport> /*keep_alive*/,
                                               Interaction interaction, std::string guild_id, bool defer,
                                               std::chrono::steady_clock::time_point received_at) {
    AnswerInFlight in_flight(*this);
    const std::string key = command_key(interaction);
    const std::string application = interaction.application_id.empty() ? options_.application_id
                                                                       : interaction.application_id;
    const std::string webhook = "/webhooks/" + application + "/" + interaction.token;
    const RestRoute webhook_route{"/webhooks/{application_id}/{token}", application + "/" + interaction.token};

    if (defer) {
        ++figures_->interactions_deferred;
        auto deferred = co_await respond(interaction, deferred_callback_json(public_commands_.count(key) == 0));
        observe_response(received_at);
        if (!deferred.ok()) {
            ++figures_->callbacks_failed;
            spdlog::warn("discord: deferring interaction {} failed: {}", interaction.id, deferred.error);
            co_return;
        }
    }

    Reply reply;
    if (guild_id.empty()) {
        reply = Reply::private_text("I only know members of a server. Use a mentorbot command in your server first.");
    } else {
        // The app answers every request, its own failures included, with the words and
        // error id the member should see; only ids no member id can be made of stop here.
        CommandRequest request;
        try {
            request = request_for(interaction, guild_id);
        } catch (const std::invalid_argument& error) {
            spdlog::warn("discord: interaction {} ({}) dropped: {}", interaction.id, key, error.what());
            metrics().add(metric::dropped, {{"transport", "discord"}, {"reason", "unreadable"}});
            co_return;
        }
        // Interactions arriving together share one commit; each is answered once that
        // commit made its changes durable (with the apology if it failed).
        request.commit = CommitPolicy::may_share_commit;
        auto waiting = std::make_shared<CommittedReply>(executor_);
        const auto started = std::chrono::steady_clock::now();
        service_.dispatch(std::move(request), CommittedReply::completion(waiting));
        // The command itself, not the commit it waits for, decides whether it is slow.
        const auto took = std::chrono::steady_clock::now() - started;
        if (options_.after_command) options_.after_command();
        if (took > options_.slow_command) {
            slow_commands_.insert(key);
        } else if (took < options_.slow_command / 4) {
            slow_commands_.erase(key);
        }
        if (std::optional<Reply> now = waiting->take_now()) {
            reply = std::move(*now);
        } else {
            reply = co_await CommittedReply::later(std::move(waiting));
        }
    }
    if (reply.is_public) {
        public_commands_.insert(key);
    } else {
        public_commands_.erase(key);
    }

    AnswerToSend sending;
    sending.rest = rest_.get();
    sending.figures = figures_;
    sending.key = key;
    sending.webhook_route = webhook_route;
    sending.webhook = webhook;
    sending.deferred = defer;
    sending.is_public = reply.is_public;
    // The file (an accepted session's .ics) goes with the last piece, under the links it
    // stands beside, as in a direct message.
    sending.pieces = split_message(reply.response);
    sending.attachment = std::move(reply.response.attachment);
    if (!defer && reply.form && reply.form->open) sending.modal = modal_callback_json(*reply.form->open);
    sending.received_at = received_at;
    sending.interaction = std::move(interaction);
    asio::co_spawn(rest_->executor(), send_answer(std::move(sending)), asio::detached);
}

void DiscordTransport::deliver(const OutboundMessage& message, std::function<void(DeliveryOutcome)> done) {
    asio::co_spawn(executor_, deliver_async(shared_from_this(), message),
                   [done = std::move(done)](std::exception_ptr error, DeliveryOutcome outcome) {
                       if (error) {
                           outcome = DeliveryOutcome{false, true, "internal error while delivering"};
                           try {
                               std::rethrow_exception(error);
                           } catch (const std::exception& e) {
                               spdlog::error("discord: delivery failed: {}", e.what());
                           }
                       }
                       // The outbox keeps what it cannot record; nothing may escape into the loop.
                       try {
                           done(outcome);
                       } catch (const std::exception& e) {
                           spdlog::error("discord: recording a delivery failed: {}", e.what());
                       }
                   });
}

asio::awaitable<RestResult> DiscordTransport::open_dm(const std::string& user_id) {
    if (auto known = dm_channel_of_user_.find(user_id); known != dm_channel_of_user_.end()) {
        RestResult cached;
        cached.status = 200;
        cached.body = json::object();
        cached.body["id"] = known->second;
        co_return cached;
    }
    // (Built step by step: GCC 12 miscompiles nested braced JSON inside coroutines.)
    json body = json::object();
    body["recipient_id"] = user_id;
    RestCall request{"POST", {"POST /users/@me/channels", ""}, "/users/@me/channels", body};
    auto result = co_await rest_->call(std::move(request));
    if (result.ok()) {
        if (!result.body.is_object() || !result.body.contains("id") || !result.body["id"].is_string()) {
            result.status = 502;
            result.error = "Discord answered without a DM channel id";
            co_return result;
        }
        dm_channel_of_user_[user_id] = result.body["id"].get<std::string>();
    }
    co_return result;
}

asio::awaitable<DeliveryOutcome> DiscordTransport::deliver_async(std::shared_ptr<DiscordTransport> /*keep_alive*/,
                                                                 OutboundMessage message) {
    const std::string& target = message.destination.target;
    const std::optional<MemberId> destination = MemberId::parse(target);
    if (!destination || destination->platform() != Platform::discord) {
        co_return DeliveryOutcome{false, false, "not a Discord destination: " + target};
    }
    const std::string id(destination->user());
    std::string channel = id;
    if (message.destination.kind == Destination::Kind::direct_message) {
        auto dm = co_await open_dm(id);
        if (!dm.ok()) co_return failed(dm);
        channel = dm.body["id"].get<std::string>();
    }
    const std::vector<Message> pieces = split_message(message.message);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        RestCall request = message_call({"POST /channels/{channel_id}/messages", channel},
                                        "/channels/" + channel + "/messages", pieces[i], false);
        // The file goes with the last piece, under the links it stands beside.
        std::optional<Attachment> file = i + 1 == pieces.size() ? message.message.attachment : std::nullopt;
        std::string what = "a message to channel " + channel;
        auto posted = co_await call_with_file(*rest_, std::move(request), std::move(file), std::move(what));
        if (!posted.ok()) co_return failed(posted);
    }
    co_return DeliveryOutcome{true, false, ""};
}

}  // namespace mentorbot::discord
