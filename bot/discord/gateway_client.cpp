// Runs one Discord Gateway shard on the app's io_context: connect, feed the session, reconnect as it says.
#include "bot/discord/gateway_client.h"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>

#include <spdlog/spdlog.h>

#include "bot/metrics.h"
#include "bot/net/json_fields.h"

namespace mentorbot::discord {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

SteadyTime now() { return std::chrono::steady_clock::now(); }

// Coroutines get what they need as parameters (copied into their frame), never as
// lambda captures: a capture lives in the closure, which may die before the coroutine.
asio::awaitable<void> close_socket(std::shared_ptr<net::WebSocketClient> socket, std::uint16_t code) {
    co_await socket->close(code);
}

std::function<double()> seeded_random() {
    auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
    return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

}  // namespace

std::shared_ptr<GatewayClient> GatewayClient::create(asio::any_io_executor executor,
                                                     std::shared_ptr<asio::ssl::context> tls,
                                                     std::shared_ptr<DiscordRest> rest, GatewayOptions options,
                                                     EventHandler on_event, StopHandler on_stop) {
    return std::shared_ptr<GatewayClient>(new GatewayClient(std::move(executor), std::move(tls), std::move(rest),
                                                            std::move(options), std::move(on_event),
                                                            std::move(on_stop)));
}

GatewayClient::GatewayClient(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls,
                             std::shared_ptr<DiscordRest> rest, GatewayOptions options, EventHandler on_event,
                             StopHandler on_stop)
    : executor_(executor),
      tls_(std::move(tls)),
      rest_(std::move(rest)),
      options_(std::move(options)),
      on_event_(std::move(on_event)),
      on_stop_(std::move(on_stop)),
      session_(options_.identity, "", options_.random_unit ? options_.random_unit : seeded_random()),
      identify_window_(options_.identify_window),
      deadline_timer_(executor),
      sleep_timer_(executor) {
    if (!options_.random_unit) options_.random_unit = seeded_random();
}

void GatewayClient::start() {
    auto self = shared_from_this();
    asio::co_spawn(executor_, run(self), [self](std::exception_ptr error) {
        if (!error) return;
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            self->finish(std::string("the Discord gateway client failed: ") + e.what());
        }
    });
}

void GatewayClient::stop() {
    if (stopping_) return;
    stopping_ = true;
    session_.stop();
    sleep_timer_.cancel();
    deadline_timer_.cancel();
    if (socket_) {
        auto socket = socket_;
        asio::co_spawn(executor_, close_socket(socket, 1000), asio::detached);
    }
}

void GatewayClient::finish(const std::string& reason) {
    if (finished_) return;
    finished_ = true;
    spdlog::error("discord: {}", reason);
    if (on_stop_) on_stop_(reason);
}

asio::awaitable<void> GatewayClient::sleep_for(std::chrono::milliseconds duration) {
    sleep_timer_.expires_after(duration);
    co_await sleep_timer_.async_wait(asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<std::optional<std::string>> GatewayClient::fetch_gateway_url() {
    int failures = 0;
    while (!stopping_) {
        RestCall request{"GET", {"GET /gateway/bot", ""}, "/gateway/bot", std::nullopt};
        auto result = co_await rest_->call(std::move(request));
        if (stopping_) break;
        if (result.ok() && result.body.is_object() && result.body.contains("url") && result.body["url"].is_string()) {
            const auto limit = result.body.find("session_start_limit");
            if (limit != result.body.end() && limit->is_object()) {
                identify_window_.set_max_concurrency(net::integer_field(*limit, "max_concurrency", 1));
            }
            if (limit != result.body.end() && limit->is_object() && net::integer_field(*limit, "remaining", 1) <= 0) {
                // At most a day: Discord's limit resets daily, and a wild value must not park us.
                const auto wait = std::chrono::milliseconds(
                    std::clamp<long long>(net::integer_field(*limit, "reset_after", 60000), 1000, 24LL * 3600 * 1000));
                spdlog::warn("discord: no session starts left today; waiting {} s", wait.count() / 1000);
                co_await sleep_for(wait);
                continue;
            }
            const long long shards = net::integer_field(result.body, "shards", 1);
            if (shards > options_.identity.shard_count) {
                spdlog::info("discord: Discord recommends {} shards; running shard {}/{}", shards,
                             options_.identity.shard_id, options_.identity.shard_count);
            }
            co_return result.body["url"].get<std::string>();
        }
        if (result.status == 401) {
            finish("Discord rejected the bot token (401 on /gateway/bot): check DISCORD_BOT_TOKEN");
            co_return std::nullopt;
        }
        const auto delay = std::chrono::milliseconds(
            static_cast<long long>(options_.random_unit() * 1000.0 * (1 << std::min(failures++, 6))));
        spdlog::warn("discord: GET /gateway/bot failed ({}); retrying in {} ms", result.error, delay.count());
        co_await sleep_for(delay);
    }
    co_return std::nullopt;
}

asio::awaitable<void> GatewayClient::run(std::shared_ptr<GatewayClient> /*keep_alive*/) {
    ReconnectPlan plan = session_.first_connection();
    while (!stopping_) {
        if (plan.delay.count() > 0) co_await sleep_for(plan.delay);
        if (stopping_) break;
        std::string url = plan.url;
        if (!plan.resume) {
            auto base = co_await fetch_gateway_url();
            if (!base) break;
            session_.set_gateway_url(*base);
            url = gateway_connect_url(*base);
            // D5: an Identify inside the window of the last one is refused with op 9,
            // and that refusal counts as an Identify too: wait here instead.
            const auto open_at = identify_window_.earliest(options_.identity.shard_id, now());
            if (open_at > now()) {
                const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(open_at - now());
                spdlog::info("discord: waiting {} ms for the identify window", wait.count());
                co_await sleep_for(wait);
                if (stopping_) break;
            }
        }
        auto socket = net::WebSocketClient::create(executor_, tls_, options_.socket);
        std::optional<std::uint16_t> code;
        bool opened = false;
        try {
            const net::Endpoint endpoint = net::parse_endpoint(url);
            co_await socket->connect(endpoint);
            opened = true;
        } catch (const std::exception& error) {
            spdlog::warn("discord: could not connect to the gateway: {}", error.what());
        }
        if (opened && !stopping_) {
            ++figures_.connections;
            ++(plan.resume ? figures_.resumes : figures_.identifies);
            code = co_await serve(socket);
        } else if (opened) {
            co_await socket->close(1000);
        }
        if (stopping_) break;
        plan = session_.lost(code, now());
        if (plan.stop) {
            finish(plan.reason);
            co_return;
        }
        // A socket that never opened is a failed attempt, not a lost connection.
        if (opened) metrics().add(metric::reconnects, {{"transport", "discord"}, {"reason", plan.cause}});
        spdlog::info("discord: {}; {} in {} ms", plan.reason, plan.resume ? "resuming" : "identifying",
                     plan.delay.count());
    }
}

asio::awaitable<std::optional<std::uint16_t>> GatewayClient::serve(std::shared_ptr<net::WebSocketClient> socket) {
    socket_ = socket;
    session_.opened(now());
    asio::co_spawn(executor_, watch_deadlines(shared_from_this(), socket), asio::detached);
    // A named handler, not a lambda inside the co_await: GCC 12 destroys temporaries in a
    // co_await expression twice, which would release `socket` one time too many.
    net::WebSocketClient::TextHandler on_text = [this, socket](std::string text) {
        if (socket_ != socket) return;
        // Events that arrive between Resume and RESUMED are the replay of what we missed.
        const bool replayed = session_.resuming();
        apply(session_.received(text, now()), replayed);
        deadline_timer_.cancel();  // the deadlines may have moved
    };
    const auto end = co_await socket->run(std::move(on_text));
    socket_.reset();
    deadline_timer_.cancel();
    spdlog::info("discord: gateway connection ended ({}{}{})", net::to_string(end.kind),
                 end.close_code ? ", code " + std::to_string(end.close_code) : std::string(),
                 end.detail.empty() ? std::string() : ", " + end.detail);
    switch (end.kind) {
        case net::WebSocketEnd::closed_by_peer:
            if (end.close_code != 0) co_return end.close_code;
            co_return std::nullopt;
        case net::WebSocketEnd::message_too_big:
            metrics().add(metric::dropped, {{"transport", "discord"}, {"reason", "oversized"}});
            co_return std::uint16_t{1009};
        default:
            // Closed by us (the session knows why), half-open or a network failure: a drop.
            co_return std::nullopt;
    }
}

asio::awaitable<void> GatewayClient::watch_deadlines(std::shared_ptr<GatewayClient> /*keep_alive*/,
                                                     std::shared_ptr<net::WebSocketClient> socket) {
    while (socket_ == socket && !stopping_) {
        const auto deadline = session_.next_deadline();
        deadline_timer_.expires_at(deadline.value_or(now() + std::chrono::hours(1)));
        co_await deadline_timer_.async_wait(asio::as_tuple(asio::use_awaitable));
        if (socket_ != socket || stopping_) break;
        if (deadline && now() >= *deadline) apply(session_.poll(now()), false);
    }
}

void GatewayClient::apply(const GatewayOutput& output, bool replayed) {
    if (!socket_) return;
    for (const auto& frame : output.frames) socket_->send(frame);
    if (output.identify) identify_window_.identified(options_.identity.shard_id, now());
    if (output.close_code) {
        if (output.terminate) {
            ++figures_.zombies;
            socket_->terminate();
        } else {
            asio::co_spawn(executor_, close_socket(socket_, *output.close_code), asio::detached);
        }
    }
    for (const auto& event : output.events) {
        try {
            on_event_(event, replayed);
        } catch (const std::exception& error) {
            spdlog::error("discord: handling {} failed: {}", event.name, error.what());
        }
    }
}

}  // namespace mentorbot::discord
