// The Socket Mode connection supervisor: one connecting state, overlapping refreshes, dedupe and acks.
#include "bot/slack/socket_mode_client.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>
#include <stdexcept>

#include "bot/metrics.h"
#include "bot/slack/ack.h"
#include "bot/slack/slash_command_frame.h"
#include "bot/net/retry_policy.h"
#include "bot/net/json_fields.h"
#include "bot/net/json_parse.h"

namespace mentorbot::slack {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

using net::integer_field;
using net::string_field;

// Slack will keep refusing these: retrying only burns the rate limit (S1).
bool is_permanent_auth_error(const std::string& error) {
    return error == "invalid_auth" || error == "not_authed" || error == "account_inactive" ||
           error == "team_disabled" || error == "token_revoked" || error == "missing_scope" ||
           error == "not_allowed_token_type";
}

struct PermanentFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct RateLimited : std::runtime_error {
    RateLimited(const std::string& what, Clock::duration wait) : std::runtime_error(what), wait(wait) {}
    Clock::duration wait;
};

long long milliseconds(Clock::duration duration) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
}

void count_dropped(const char* reason) { metrics().add(metric::dropped, {{"transport", "slack"}, {"reason", reason}}); }

void count_reconnect(const std::string& reason) {
    metrics().add(metric::reconnects, {{"transport", "slack"}, {"reason", reason}});
}

// Why a connection that was serving ended, in one word for the reconnects metric.
const char* lost_reason(net::WebSocketEnd end) {
    switch (end) {
        case net::WebSocketEnd::unresponsive: return "half_open";
        case net::WebSocketEnd::message_too_big: return "oversized_frame";
        case net::WebSocketEnd::closed_by_peer: return "closed_by_peer";
        case net::WebSocketEnd::network_error: return "tcp_drop";
        case net::WebSocketEnd::closed_by_us: return "closed_by_us";
    }
    return "unknown";
}

}  // namespace

const char* to_string(SocketModeState state) {
    switch (state) {
        case SocketModeState::idle: return "idle";
        case SocketModeState::connecting: return "connecting";
        case SocketModeState::connected: return "connected";
        case SocketModeState::stopped: return "stopped";
    }
    return "unknown";
}

struct SocketModeClient::Connection {
    Connection(std::size_t id, asio::any_io_executor executor) : id(id), hello_signal(executor) {}
    std::size_t id;
    std::shared_ptr<net::WebSocketClient> socket;
    asio::steady_timer hello_signal;  // cancelled by hello or by the end of the connection
    bool hello = false;
    bool retiring = false;     // Slack asked us to move away; a replacement is on its way
    bool close_first = false;  // too_many_websockets: no new connection until this one is gone
    bool closing = false;
    bool ended = false;
    bool serving = false;  // the connecting step finished with it (a failure before counts there)
    std::string disconnect_reason;
    Clock::time_point hello_at{};
    Clock::time_point last_frame_at{};
};

std::shared_ptr<SocketModeClient> SocketModeClient::create(asio::any_io_executor executor,
                                                           std::shared_ptr<asio::ssl::context> tls,
                                                           std::string api_base_url, std::string app_token,
                                                           EnvelopeSink sink, SocketModeOptions options) {
    return std::shared_ptr<SocketModeClient>(new SocketModeClient(
        std::move(executor), std::move(tls), std::move(api_base_url), std::move(app_token), std::move(sink), options));
}

SocketModeClient::SocketModeClient(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls,
                                   std::string api_base_url, std::string app_token, EnvelopeSink sink,
                                   SocketModeOptions options)
    : executor_(executor),
      tls_(std::move(tls)),
      api_base_url_(std::move(api_base_url)),
      app_token_(std::move(app_token)),
      sink_(std::move(sink)),
      options_(options),
      wake_(executor),
      backoff_timer_(executor),
      dedupe_(options.dedupe_ttl) {}

SocketModeClient::~SocketModeClient() = default;

void SocketModeClient::start() {
    if (state_ != SocketModeState::idle) return;
    state_ = SocketModeState::connecting;
    asio::co_spawn(executor_, supervise(), [](std::exception_ptr failure) {
        if (!failure) return;
        try {
            std::rethrow_exception(failure);
        } catch (const std::exception& error) {
            spdlog::critical("slack: connection supervisor failed: {}", error.what());
        }
    });
}

void SocketModeClient::stop() {
    if (stopping_) return;
    stopping_ = true;
    state_ = SocketModeState::stopped;
    for (auto& connection : std::vector(connections_)) close_connection(connection);
    wake_.cancel();
    backoff_timer_.cancel();
}

std::size_t SocketModeClient::ready_connections() const {
    std::size_t ready = 0;
    for (const auto& connection : connections_) {
        if (connection->hello && !connection->ended && !connection->closing) ++ready;
    }
    return ready;
}

void SocketModeClient::handle_frame_without_socket(std::string text) {
    if (!socketless_) {
        socketless_ = std::make_shared<Connection>(0, executor_);
        // Never connected: sends return false and closing it does nothing.
        socketless_->socket = net::WebSocketClient::create(executor_, tls_, options_.socket);
        socketless_->hello = true;
    }
    on_frame(socketless_, std::move(text));
}

bool SocketModeClient::needs_connection() const {
    if (stopping_) return false;
    for (const auto& connection : connections_) {
        if (connection->close_first && !connection->ended) return false;
    }
    for (const auto& connection : connections_) {
        if (connection->hello && !connection->retiring && !connection->closing && !connection->ended) return false;
    }
    return true;
}

void SocketModeClient::wake_supervisor() { wake_.cancel(); }

asio::awaitable<void> SocketModeClient::pause(Clock::duration delay) {
    backoff_timer_.expires_after(delay);
    co_await backoff_timer_.async_wait(asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<void> SocketModeClient::supervise() {
    auto self = shared_from_this();
    bool backed_off = false;
    while (!stopping_) {
        if (!needs_connection()) {
            state_ = SocketModeState::connected;
            wake_.expires_at(Clock::time_point::max());
            co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
            continue;
        }
        // The only place that opens connections: however many things went wrong at
        // once, at most one new connection is on its way.
        state_ = SocketModeState::connecting;
        for (const auto& connection : connections_) {
            // A retiring connection that served well proves the endpoint healthy again.
            if (connection->hello && Clock::now() - connection->hello_at >= options_.healthy_after) failures_ = 0;
        }
        if (failures_ > 0 && !backed_off) {
            auto delay = net::Backoff{options_.backoff_initial, options_.backoff_max, /*jitter=*/true}.delay(failures_);
            spdlog::info("slack: reconnecting in {} ms (attempt {})", milliseconds(delay), failures_ + 1);
            co_await pause(delay);
            backed_off = true;
            continue;  // re-check: stop() or a recovered connection may have changed things
        }
        backed_off = false;
        Clock::duration rate_limit_wait{};
        try {
            const std::string url = co_await request_ticket();
            auto connection = co_await open_connection(url);
            connection->serving = true;
            ++stats_.connections_opened;
            state_ = SocketModeState::connected;
            // The new connection is ready: only now let go of the ones being replaced.
            for (auto& other : std::vector(connections_)) {
                if (other != connection && other->retiring) {
                    asio::co_spawn(executor_, retire_when_quiet(other), asio::detached);
                }
            }
        } catch (const PermanentFailure& error) {
            stop_for_good(error.what());
        } catch (const RateLimited& error) {
            spdlog::warn("slack: {}; waiting {} ms", error.what(), milliseconds(error.wait));
            rate_limit_wait = error.wait;
        } catch (const std::exception& error) {
            ++failures_;
            ++stats_.connection_failures;
            spdlog::warn("slack: could not connect: {}", error.what());
        }
        if (rate_limit_wait > Clock::duration::zero()) co_await pause(rate_limit_wait);
    }
    state_ = SocketModeState::stopped;
}

asio::awaitable<std::string> SocketModeClient::request_ticket() {
    if (!api_)
        api_ = std::make_unique<net::HttpClient>(executor_, tls_, net::parse_endpoint(api_base_url_), options_.http);
    net::HttpRequest request;
    request.target = net::resolve_endpoint(api_base_url_, "apps.connections.open").target;
    request.headers.emplace_back("Authorization", "Bearer " + app_token_);
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    ++stats_.tickets_requested;
    net::HttpResponse response;
    try {
        response = co_await api_->send(request);
    } catch (const std::exception& error) {
        api_->close();
        throw std::runtime_error(std::string("apps.connections.open: ") + error.what());
    }
    if (response.status == 429) {
        metrics().add(metric::rate_limited, {{"transport", "slack"}});
        const auto wait =
            net::parse_retry_after(response.header("Retry-After")).value_or(options_.default_rate_limit_wait);
        throw RateLimited("apps.connections.open rate limited", wait);
    }
    if (response.status != 200) {
        throw std::runtime_error("apps.connections.open: HTTP " + std::to_string(response.status));
    }
    auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (!body.is_object()) throw std::runtime_error("apps.connections.open: response is not JSON");
    if (!body.value("ok", false)) {
        const std::string error = string_field(body, "error");
        if (is_permanent_auth_error(error)) {
            throw PermanentFailure("apps.connections.open refused the app token (" + error +
                                   "); check SLACK_APP_TOKEN");
        }
        if (error == "ratelimited") metrics().add(metric::rate_limited, {{"transport", "slack"}});
        if (error == "ratelimited")
            throw RateLimited("apps.connections.open rate limited", options_.default_rate_limit_wait);
        throw std::runtime_error("apps.connections.open: " + (error.empty() ? std::string("ok:false") : error));
    }
    std::string url = string_field(body, "url");
    if (url.empty()) throw std::runtime_error("apps.connections.open: no url in the answer");
    co_return url;
}

asio::awaitable<std::shared_ptr<SocketModeClient::Connection>> SocketModeClient::open_connection(
    const std::string& url) {
    const net::Endpoint endpoint = net::parse_endpoint(url);  // wss only, except loopback
    auto connection = std::make_shared<Connection>(next_connection_id_++, executor_);
    connection->socket = net::WebSocketClient::create(executor_, tls_, options_.socket);
    co_await connection->socket->connect(endpoint);
    connections_.push_back(connection);
    asio::co_spawn(executor_, read_connection(connection), asio::detached);

    // Slack may say `disconnect` (even link_disabled) before hello: the reader handles
    // it and cancels this wait.
    connection->hello_signal.expires_after(options_.hello_timeout);
    co_await connection->hello_signal.async_wait(asio::as_tuple(asio::use_awaitable));
    if (stopping_) {
        close_connection(connection);
        throw std::runtime_error("stopping");
    }
    if (!connection->hello || connection->ended || connection->retiring) {
        close_connection(connection);
        if (!connection->disconnect_reason.empty()) {
            throw std::runtime_error("Slack sent disconnect (" + connection->disconnect_reason + ") before hello");
        }
        throw std::runtime_error(connection->ended ? "connection ended before hello" : "no hello in time");
    }
    co_return connection;
}

asio::awaitable<void> SocketModeClient::read_connection(std::shared_ptr<Connection> connection) {
    auto self = shared_from_this();
    std::weak_ptr<Connection> weak = connection;
    // A named handler: GCC 12 mishandles non-trivial temporaries inside co_await.
    net::WebSocketClient::TextHandler on_text = [this, weak](std::string text) {
        if (auto alive = weak.lock()) on_frame(alive, std::move(text));
    };
    auto end = co_await connection->socket->run(std::move(on_text));
    connection->ended = true;
    connection->hello_signal.cancel();
    std::erase(connections_, connection);
    if (end.kind == net::WebSocketEnd::unresponsive) ++stats_.unresponsive_drops;
    if (end.kind == net::WebSocketEnd::message_too_big) count_dropped("oversized");
    const bool was_live = connection->hello && !connection->retiring && !connection->closing;
    if (was_live) {
        spdlog::warn("slack: connection #{} lost ({}: {})", connection->id, net::to_string(end.kind), end.detail);
        if (!stopping_) count_reconnect(lost_reason(end.kind));
        // A connection that dies young counts as a failed attempt, so a flapping
        // endpoint backs off instead of being hammered.
        if (Clock::now() - connection->hello_at < options_.healthy_after) {
            ++failures_;
        } else {
            failures_ = 0;
        }
    } else {
        spdlog::info("slack: connection #{} closed ({})", connection->id, net::to_string(end.kind));
    }
    wake_supervisor();
}

void SocketModeClient::on_frame(const std::shared_ptr<Connection>& connection, std::string text) {
    const auto received_at = Clock::now();
    connection->last_frame_at = received_at;
    auto message = read_socket_mode_frame(text);
    if (message.is_discarded() || !message.is_object()) {
        ++stats_.malformed_frames;
        count_dropped("malformed");
        spdlog::warn("slack: dropped a malformed frame ({} bytes) on connection #{}", text.size(), connection->id);
        return;
    }
    const std::string type = string_field(message, "type");
    if (type == "hello") {
        connection->hello = true;
        connection->hello_at = Clock::now();
        const long long slack_count = integer_field(message, "num_connections");
        long long approximate_seconds = 0;
        if (auto debug = message.find("debug_info"); debug != message.end()) {
            approximate_seconds = integer_field(*debug, "approximate_connection_time");
        }
        spdlog::info("slack: connection #{} ready; Slack counts {} connection(s), this one lives about {} s",
                     connection->id, slack_count, approximate_seconds);
        if (slack_count > static_cast<long long>(ready_connections())) {
            spdlog::warn("slack: Slack counts {} connections but this process holds {}; another instance may be "
                         "running with the same app token",
                         slack_count, ready_connections());
        }
        connection->hello_signal.cancel();
        return;
    }
    if (type == "disconnect") {
        on_disconnect_request(connection, string_field(message, "reason"));
        return;
    }
    if (message.contains("envelope_id")) {
        on_envelope(connection, message, received_at);
        return;
    }
    spdlog::debug("slack: ignoring a '{}' frame", type);
}

void SocketModeClient::on_disconnect_request(const std::shared_ptr<Connection>& connection, const std::string& reason) {
    spdlog::info("slack: Slack asks connection #{} to disconnect ({})", connection->id, reason);
    connection->disconnect_reason = reason.empty() ? "unspecified" : reason;
    // Before hello this is a failed attempt, not a lost connection.
    if (reason != "link_disabled" && connection->hello && !connection->retiring) {
        count_reconnect(connection->disconnect_reason);
    }
    if (reason == "link_disabled") {
        stop_for_good("Socket Mode is turned off for this Slack app (link_disabled); enable it in the app settings");
        return;
    }
    connection->retiring = true;
    if (reason == "too_many_websockets" || !connection->hello) {
        // Over the cap: the old socket must be gone before we ask for a new one.
        connection->close_first = reason == "too_many_websockets";
        close_connection(connection);
    }
    // Over the cap, reconnecting at once only meets the cap again (another instance may
    // hold the connections): each time in a row waits longer, with jitter, up to the
    // backoff cap. A connection still being opened fails that attempt, which counts already.
    if (reason == "too_many_websockets" && connection->serving) ++failures_;
    // warning, refresh_requested and anything new: the supervisor opens a replacement
    // while this one keeps serving; it is closed once the replacement said hello.
    wake_supervisor();
}

void SocketModeClient::on_envelope(const std::shared_ptr<Connection>& connection, const nlohmann::json& envelope,
                                   Clock::time_point received_at) {
    ++stats_.envelopes;
    const std::string envelope_id = string_field(envelope, "envelope_id");
    std::string event_id;
    if (auto payload = envelope.find("payload"); payload != envelope.end())
        event_id = string_field(*payload, "event_id");
    if (envelope_id.empty()) {
        ++stats_.malformed_frames;
        count_dropped("malformed");
        spdlog::warn("slack: dropped an envelope without an id on connection #{}", connection->id);
        return;
    }
    if (stopping_) {
        // Shutting down: leave it unacknowledged so Slack delivers it again elsewhere.
        spdlog::info("slack: envelope {} arrived while stopping; not run, not acked", envelope_id);
        return;
    }
    // A re-sent envelope goes through the sink again: the app answers it from its
    // run-once record without running the command, so the ack carries the same reply.
    const bool duplicate = dedupe_.seen_before(envelope_id, event_id);
    if (duplicate) {
        ++stats_.duplicates;
        spdlog::info("slack: envelope {} seen before; acked again, not run again", envelope_id);
    }
    if (!duplicate) dedupe_.remember(envelope_id, event_id);
    if (duplicate && string_field(envelope, "type") == "events_api") {
        send_ack(connection, envelope_id, make_ack(envelope_id), received_at);
        return;
    }
    // The ack may come later than this call (after the command's batch commits): it
    // holds the connection and the client only weakly.
    std::weak_ptr<SocketModeClient> weak_self = weak_from_this();
    auto ack_sender = [weak_self, connection, envelope_id, received_at](std::string ack) {
        if (auto self = weak_self.lock()) self->send_ack(connection, envelope_id, std::move(ack), received_at);
    };
    try {
        sink_(envelope, std::move(ack_sender));
    } catch (const std::exception& error) {
        spdlog::error("slack: envelope {} failed: {}", envelope_id, error.what());
        send_ack(connection, envelope_id, make_ack(envelope_id), received_at);
    }
}

void SocketModeClient::send_ack(const std::shared_ptr<Connection>& connection, const std::string& envelope_id,
                                std::string ack, Clock::time_point received_at) {
    auto acked = [&] {
        ++stats_.acks_sent;
        const std::chrono::duration<double> took = Clock::now() - received_at;
        metrics().observe(metric::response_seconds, {{"transport", "slack"}}, took.count());
    };
    // Ack on the connection it came in on; if that one is going away, any ready one.
    if (connection->socket && connection->socket->send(ack)) {
        acked();
        spdlog::debug("slack: envelope {} acked on connection #{}", envelope_id, connection->id);
        return;
    }
    for (auto& other : connections_) {
        if (other->hello && other->socket->send(ack)) {
            acked();
            return;
        }
    }
    spdlog::warn("slack: no open connection to ack envelope {}", envelope_id);
}

asio::awaitable<void> SocketModeClient::retire_when_quiet(std::shared_ptr<Connection> connection) {
    auto self = shared_from_this();
    // The close handshake discards whatever is still unread, and Slack may have sent
    // envelopes on the old connection just before its replacement said hello: let it go
    // quiet first (briefly, and never for long).
    constexpr auto quiet = std::chrono::milliseconds(200);
    const auto give_up_at = Clock::now() + std::chrono::seconds(2);
    asio::steady_timer wait(executor_);
    while (!connection->closing && !connection->ended && !stopping_ && Clock::now() < give_up_at &&
           Clock::now() - connection->last_frame_at < quiet) {
        wait.expires_after(std::chrono::milliseconds(50));
        co_await wait.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    close_connection(connection);
}

void SocketModeClient::close_connection(const std::shared_ptr<Connection>& connection) {
    if (connection->closing || connection->ended) return;
    connection->closing = true;
    asio::co_spawn(executor_, connection->socket->close(1000), asio::detached);
}

void SocketModeClient::stop_for_good(const std::string& reason) {
    if (!fatal_reason_.empty()) return;
    fatal_reason_ = reason;
    spdlog::critical("slack: stopping the Slack connection for good: {}", reason);
    stop();
    if (on_fatal_) asio::post(executor_, [handler = on_fatal_, reason] { handler(reason); });
}

}  // namespace mentorbot::slack
