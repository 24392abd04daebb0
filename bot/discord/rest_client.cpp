// Discord REST calls over a small pool of kept-alive connections, paced by the rate limiter.
#include "bot/discord/rest_client.h"

#include <algorithm>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/discord/multipart_message.h"
#include "bot/metrics.h"
#include "bot/net/retrying_send.h"

namespace mentorbot::discord {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

// Counts a call in the pending-requests gauge for as long as it lives.
struct PendingRequest {
    PendingRequest() { metrics().add(metric::requests_pending, {{"transport", "discord"}}, 1); }
    ~PendingRequest() { metrics().add(metric::requests_pending, {{"transport", "discord"}}, -1); }
    PendingRequest(const PendingRequest&) = delete;
    PendingRequest& operator=(const PendingRequest&) = delete;
};

std::optional<double> number_header(const net::HttpResponse& response, std::string_view name) {
    const std::string text = response.header(name);
    if (text.empty()) return std::nullopt;
    try {
        return std::stod(text);  // Reset-After is fractional ("0.352"): never parse it as an integer
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

RateLimitFacts facts_of(const net::HttpResponse& response, const json& body) {
    RateLimitFacts facts;
    facts.status = static_cast<int>(response.status);
    if (auto remaining = number_header(response, "X-RateLimit-Remaining"))
        facts.remaining = static_cast<int>(*remaining);
    facts.reset_after = number_header(response, "X-RateLimit-Reset-After");
    if (auto bucket = response.header("X-RateLimit-Bucket"); !bucket.empty()) facts.bucket = bucket;
    facts.retry_after = number_header(response, "Retry-After");
    facts.global = response.header("X-RateLimit-Global") == "true";
    if (body.is_object()) {
        if (auto retry = body.find("retry_after"); retry != body.end() && retry->is_number()) {
            facts.retry_after = retry->get<double>();
        }
        if (auto global = body.find("global"); global != body.end() && global->is_boolean() && global->get<bool>()) {
            facts.global = true;
        }
    }
    return facts;
}

}  // namespace

int RestResult::discord_code() const {
    if (body.is_object()) {
        if (auto code = body.find("code"); code != body.end() && code->is_number_integer()) return code->get<int>();
    }
    return 0;
}

namespace {

net::Endpoint api_endpoint(const std::string& base) {
    net::Endpoint api = net::parse_endpoint(base);
    while (!api.target.empty() && api.target.back() == '/') api.target.pop_back();
    return api;
}

// A named coroutine, not a coroutine lambda: its arguments live in its own frame.
asio::awaitable<void> pause_until(std::shared_ptr<net::WakeSignal> changed, std::shared_ptr<net::StopSignal> stop,
                                  std::chrono::steady_clock::time_point at) {
    if (stop->stopped()) co_return;
    co_await changed->sleep_until(at);
}

net::HttpPoolOptions pool_options(const RestOptions& options) {
    net::HttpPoolOptions pool;
    pool.max_connections = std::max<std::size_t>(1, options.connections);
    pool.max_idle = pool.max_connections;
    pool.timeouts = options.timeouts;
    return pool;
}

}  // namespace

DiscordRest::DiscordRest(std::shared_ptr<asio::ssl::context> tls, RestOptions options)
    : thread_("discord-rest"),
      executor_(thread_.executor()),
      options_(std::move(options)),
      api_(api_endpoint(options_.api_base)),
      limiter_(options_.server_error_backoff),
      pool_(executor_, std::move(tls), api_, pool_options(options_)),
      stop_(std::make_shared<net::StopSignal>(executor_)),
      limits_changed_(std::make_shared<net::WakeSignal>(executor_)),
      idle_(std::make_shared<Busy::Idle>()) {}

// What Busy tokens share with the client: their count, and the shutdown the last one
// starts after close_when_idle(). Shared, so a token dropped after the client (an
// abandoned sender) finds `shut_down` emptied and does nothing.
struct DiscordRest::Busy::Idle {
    int senders = 0;
    bool closing = false;
    std::function<void()> shut_down;
};

DiscordRest::Busy::Busy(std::shared_ptr<Idle> idle) : idle_(std::move(idle)) { ++idle_->senders; }

DiscordRest::Busy::~Busy() {
    if (!idle_) return;
    if (--idle_->senders == 0 && idle_->closing && idle_->shut_down) idle_->shut_down();
}

DiscordRest::Busy DiscordRest::busy() { return Busy(idle_); }

DiscordRest::~DiscordRest() {
    // Calls under way end on their thread (their callers hear "shutting down"); only then
    // may the connections they use go.
    asio::post(executor_, [this] { shutdown_here(); });
    thread_.finish();
    idle_->shut_down = nullptr;
    closing_deadline_.reset();
}

void DiscordRest::close_when_idle(std::chrono::milliseconds at_most) {
    auto close = [this, at_most] {
        if (idle_->closing) return;
        idle_->closing = true;
        if (idle_->senders == 0) {
            shutdown_here();
            return;
        }
        idle_->shut_down = [this] { shutdown_here(); };
        closing_deadline_ = std::make_unique<asio::steady_timer>(executor_, at_most);
        closing_deadline_->async_wait([this](boost::system::error_code error) {
            if (!error) shutdown_here();
        });
    };
    // The thread is joined before this object goes, so the posted work never outlives it.
    asio::post(executor_, close);
}

void DiscordRest::shutdown_here() {
    if (closing_deadline_) closing_deadline_->cancel();
    stop_->stop();
    limits_changed_->wake();
    pool_.shutdown();
}

asio::awaitable<RestResult> DiscordRest::call(RestCall request) {
    auto pending = std::make_unique<RestCall>(std::move(request));
    if (thread_.running_here()) return perform(std::move(pending));
    // The call runs on the connections' thread; its result comes back to the caller's.
    return asio::co_spawn(executor_, perform(std::move(pending)), asio::use_awaitable);
}

asio::awaitable<RestResult> DiscordRest::perform(std::unique_ptr<RestCall> pending) {
    const PendingRequest counted;
    if (!pending->body && pending->body_from) pending->body = pending->body_from();
    net::HttpRequest request;
    request.method = pending->method;
    request.target = api_.target + pending->path;
    request.headers = {{"Authorization", "Bot " + options_.token},
                       {"User-Agent", "DiscordBot (https://github.com/mentorbot/mentorbot, " MENTORBOT_VERSION ")"}};
    if (pending->body && pending->file) {
        MultipartBody multipart = message_with_file(*pending->body, *pending->file);
        request.headers.emplace_back("Content-Type", std::move(multipart.content_type));
        request.body = std::move(multipart.body);
    } else if (pending->body) {
        request.headers.emplace_back("Content-Type", "application/json");
        request.body = pending->body->dump();
    }

    const RestRoute route = pending->route;
    net::SendHooks hooks;
    hooks.transport = "discord";
    hooks.what = pending->method + " " + route.route;
    hooks.earliest_send = [this, route] { return limiter_.earliest_send(route, std::chrono::steady_clock::now()); };
    // Waiting calls look again after every answer: one may free a bucket's next slot
    // long before the fallback moment the limiter gave them.
    hooks.pause = [changed = limits_changed_, stop = stop_](std::chrono::steady_clock::time_point at) {
        return pause_until(changed, stop, at);
    };
    hooks.sending = [this, route] { limiter_.sending(route, std::chrono::steady_clock::now()); };
    hooks.unanswered = [this, route] {
        limiter_.unanswered(route, std::chrono::steady_clock::now());
        limits_changed_->wake();
    };
    hooks.read_answer = [this, route](const net::HttpResponse& response, int attempt) -> std::optional<net::RateLimit> {
        // Only a 429's body matters to the limiter (retry_after, global).
        const json body = response.status == 429 ? json::parse(response.body, nullptr, false) : json();
        const auto decision = limiter_.on_response(route, facts_of(response, body), attempt,
                                                   std::chrono::steady_clock::now());
        limits_changed_->wake();
        if (response.status != 429) return std::nullopt;
        return net::RateLimit{decision.delay};
    };
    net::SendOutcome outcome = co_await net::send_with_retry(pool_, stop_, limiter_.policy(), std::move(hooks),
                                                             std::move(request));

    RestResult result;
    if (outcome.response) {
        result.status = outcome.response->status;
        result.body = json::parse(outcome.response->body, nullptr, /*allow_exceptions=*/false);
        if (result.body.is_discarded()) result.body = nullptr;
        if (!result.ok()) {
            result.error = "HTTP " + std::to_string(result.status);
            if (result.body.is_object() && result.body.contains("message") && result.body["message"].is_string()) {
                result.error += " " + result.body["message"].get<std::string>();
            }
        }
    } else if (!outcome.network_error.empty()) {
        result = RestResult{0, nullptr, "network: " + outcome.network_error};
    }
    if (outcome.stopped && result.error.empty() && !result.ok()) result.error = "shutting down";
    co_return result;
}

}  // namespace mentorbot::discord
