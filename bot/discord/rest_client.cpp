// Discord REST calls over a small pool of kept-alive connections, paced by the rate limiter.
#include "bot/discord/rest_client.h"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <charconv>

#include <spdlog/spdlog.h>

#include "bot/metrics.h"

namespace mentorbot::discord {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

constexpr int max_network_attempts = 3;

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

DiscordRest::DiscordRest(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls, RestOptions options)
    : executor_(std::move(executor)),
      tls_(std::move(tls)),
      options_(std::move(options)),
      api_(net::parse_endpoint(options_.api_base)),
      limiter_(options_.server_error_backoff) {
    while (!api_.target.empty() && api_.target.back() == '/') api_.target.pop_back();
}

DiscordRest::~DiscordRest() = default;

void DiscordRest::shutdown() {
    shut_down_ = true;
    for (auto& waiter : waiting_for_client_) waiter->cancel();
    for (auto& sleeper : sleepers_) {
        if (auto timer = sleeper.lock()) timer->cancel();
    }
    // Only idle connections: closing one with a request in flight would pull the stream
    // from under it. Busy ones are closed when their request returns.
    for (auto* client : idle_) client->close();
}

asio::awaitable<void> DiscordRest::sleep_until(std::chrono::steady_clock::time_point when) {
    auto timer = std::make_shared<asio::steady_timer>(executor_, when);
    std::erase_if(sleepers_, [](const auto& weak) { return weak.expired(); });
    sleepers_.push_back(timer);
    co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<net::HttpClient*> DiscordRest::acquire() {
    while (!shut_down_) {
        if (!idle_.empty()) {
            auto* client = idle_.back();
            idle_.pop_back();
            co_return client;
        }
        if (clients_.size() < std::max<std::size_t>(1, options_.connections)) {
            clients_.push_back(std::make_unique<net::HttpClient>(executor_, tls_, api_, options_.timeouts));
            co_return clients_.back().get();
        }
        auto waiter = std::make_shared<asio::steady_timer>(executor_, std::chrono::steady_clock::time_point::max());
        waiting_for_client_.push_back(waiter);
        co_await waiter->async_wait(asio::as_tuple(asio::use_awaitable));
    }
    co_return nullptr;
}

void DiscordRest::release(net::HttpClient* client) {
    if (shut_down_) client->close();
    idle_.push_back(client);
    if (!waiting_for_client_.empty()) {
        waiting_for_client_.front()->cancel();
        waiting_for_client_.pop_front();
    }
}

asio::awaitable<RestResult> DiscordRest::call(RestCall request) {
    return perform(std::make_unique<RestCall>(std::move(request)));
}

asio::awaitable<RestResult> DiscordRest::perform(std::unique_ptr<RestCall> pending) {
    const PendingRequest counted;
    const std::string& method = pending->method;
    const RestRoute& route = pending->route;
    const std::string& path = pending->path;
    const std::optional<json>& body = pending->body;
    net::HttpRequest request;
    request.method = method;
    request.target = api_.target + path;
    request.headers = {{"Authorization", "Bot " + options_.token},
                       {"User-Agent", "DiscordBot (https://github.com/mentorbot/mentorbot, " MENTORBOT_VERSION ")"}};
    if (body) {
        request.headers.emplace_back("Content-Type", "application/json");
        request.body = body->dump();
    }

    RestResult result;
    int network_failures = 0;
    for (int attempt = 1; !shut_down_; ++attempt) {
        for (auto at = limiter_.earliest_send(route, std::chrono::steady_clock::now());
             at > std::chrono::steady_clock::now() && !shut_down_;
             at = limiter_.earliest_send(route, std::chrono::steady_clock::now())) {
            co_await sleep_until(at);
        }
        if (shut_down_) break;
        net::HttpClient* client = co_await acquire();
        if (!client) break;
        limiter_.sending(route, std::chrono::steady_clock::now());
        ++requests_sent_;
        net::HttpResponse response;
        std::string network_error;
        try {
            response = co_await client->send(request);
        } catch (const std::exception& error) {
            network_error = error.what();
        }
        release(client);
        if (!network_error.empty()) {
            result = RestResult{0, nullptr, "network: " + network_error};
            if (++network_failures >= max_network_attempts) break;
            spdlog::warn("discord: {} {} failed ({}), retrying", method, route.route, network_error);
            co_await sleep_until(std::chrono::steady_clock::now() +
                                 options_.server_error_backoff * (1 << (network_failures - 1)));
            continue;
        }
        result.status = response.status;
        result.body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
        if (result.body.is_discarded()) result.body = nullptr;
        result.error.clear();
        const auto decision = limiter_.on_response(route, facts_of(response, result.body), attempt,
                                                   std::chrono::steady_clock::now());
        if (response.status == 429) {
            ++rate_limited_;
            metrics().add(metric::rate_limited, {{"transport", "discord"}});
        }
        if (result.ok()) co_return result;
        result.error = "HTTP " + std::to_string(response.status);
        if (result.body.is_object() && result.body.contains("message") && result.body["message"].is_string()) {
            result.error += " " + result.body["message"].get<std::string>();
        }
        if (!decision.retry) break;
        co_await sleep_until(std::chrono::steady_clock::now() + decision.delay);
    }
    if (shut_down_ && result.error.empty()) result.error = "shutting down";
    co_return result;
}

}  // namespace mentorbot::discord
