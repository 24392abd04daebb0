// Web API queues: ordered per key, paused per method on 429, retried on 5xx and network errors.
#include "bot/slack/web_api.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>
#include <spdlog/spdlog.h>

#include "bot/metrics.h"
#include "bot/net/json_fields.h"

namespace mentorbot::slack {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t idle_connection_limit = 8;

void count_pending(double change) { metrics().add(metric::requests_pending, {{"transport", "slack"}}, change); }

Clock::duration parse_retry_after(const std::string& header, Clock::duration fallback) {
    if (header.empty()) return fallback;
    try {
        double seconds = std::stod(header);
        if (seconds < 0) return fallback;
        return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    } catch (const std::exception&) {
        return fallback;
    }
}

asio::awaitable<void> sleep_for(Clock::duration delay) {
    asio::steady_timer timer(co_await asio::this_coro::executor, delay);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

}  // namespace

Clock::duration backoff_delay(int attempt, Clock::duration initial, Clock::duration cap) {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    Clock::duration ceiling = initial;
    for (int i = 1; i < attempt && ceiling < cap; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, cap);
    std::uniform_int_distribution<Clock::rep> jitter(0, ceiling.count() / 2);
    return ceiling / 2 + Clock::duration(jitter(random));
}

WebApiClient::WebApiClient(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls,
                           std::string api_base_url, std::string bot_token, WebApiOptions options)
    : executor_(std::move(executor)),
      tls_(std::move(tls)),
      api_base_url_(std::move(api_base_url)),
      bot_token_(std::move(bot_token)),
      options_(options),
      api_origin_(net::parse_endpoint(api_base_url_)) {}

WebApiClient::~WebApiClient() {
    *alive_ = false;
    count_pending(-static_cast<double>(pending_));  // calls that will never finish now
}

void WebApiClient::call(const std::string& method, nlohmann::json arguments, const std::string& queue_key,
                        std::function<void(WebApiResult)> done) {
    enqueue(method + "\n" + queue_key, Job{method, {}, std::move(arguments), std::move(done)});
}

void WebApiClient::post_to_response_url(const std::string& url, nlohmann::json body,
                                        std::function<void(WebApiResult)> done) {
    // response_urls are per interaction; ordering matters only within one.
    enqueue("response_url\n" + url, Job{"response_url", url, std::move(body), std::move(done)});
}

void WebApiClient::enqueue(const std::string& key, Job job) {
    Queue& queue = queues_[key];
    queue.jobs.push_back(std::move(job));
    ++pending_;
    count_pending(1);
    if (!queue.running) {
        queue.running = true;
        asio::co_spawn(executor_, drain(key), asio::detached);
    }
}

asio::awaitable<void> WebApiClient::drain(std::string key) {
    auto alive = alive_;
    while (*alive) {
        auto found = queues_.find(key);
        if (found == queues_.end() || found->second.jobs.empty()) {
            if (found != queues_.end()) queues_.erase(found);  // idle queues cost nothing
            co_return;
        }
        Job job = std::move(found->second.jobs.front());
        found->second.jobs.pop_front();
        WebApiResult result = co_await perform(job);
        if (!*alive) co_return;
        --pending_;
        count_pending(-1);
        if (job.done) job.done(std::move(result));
    }
}

asio::awaitable<WebApiResult> WebApiClient::perform(Job& job) {
    auto alive = alive_;
    int failures = 0;
    for (;;) {
        if (auto paused = method_paused_until_.find(job.method); paused != method_paused_until_.end()) {
            if (paused->second > Clock::now()) co_await sleep_for(paused->second - Clock::now());
            if (!*alive) co_return WebApiResult{false, "shutting down", true, {}};
        }
        net::HttpRequest request;
        std::unique_ptr<net::HttpClient> client;
        std::unique_ptr<net::HttpClient> one_off;
        net::HttpClient* connection = nullptr;
        if (job.url.empty()) {
            request.target = net::resolve_endpoint(api_base_url_, job.method).target;
            request.headers.emplace_back("Authorization", "Bearer " + bot_token_);
            client = take_connection();
            connection = client.get();
        } else {
            auto endpoint = net::parse_endpoint(job.url);
            request.target = endpoint.target;
            one_off = std::make_unique<net::HttpClient>(executor_, tls_, endpoint, options_.timeouts);
            connection = one_off.get();
        }
        request.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
        request.body = job.arguments.dump();
        ++stats_.requests;

        std::string failure;
        net::HttpResponse response;
        try {
            response = co_await connection->send(request);
        } catch (const std::exception& error) {
            failure = error.what();
        }
        if (!*alive) co_return WebApiResult{false, "shutting down", true, {}};
        if (client && failure.empty()) return_connection(std::move(client));

        nlohmann::json body = failure.empty() ? nlohmann::json::parse(response.body, nullptr, false) : nlohmann::json();
        const bool slack_ratelimited = net::string_field(body, "error", "") == "ratelimited";
        if (failure.empty() && (response.status == 429 || slack_ratelimited)) {
            ++stats_.rate_limited;
            metrics().add(metric::rate_limited, {{"transport", "slack"}});
            auto wait = parse_retry_after(response.header("Retry-After"), options_.default_retry_after);
            auto& until = method_paused_until_[job.method];
            until = std::max(until, Clock::now() + wait);
            spdlog::warn("slack: {} rate limited, waiting {} ms", job.method,
                         std::chrono::duration_cast<std::chrono::milliseconds>(wait).count());
            continue;
        }
        if (failure.empty() && response.status >= 500) failure = "HTTP " + std::to_string(response.status);
        if (!failure.empty()) {
            if (++failures >= options_.max_attempts) {
                spdlog::error("slack: {} failed after {} attempts: {}", job.method, failures, failure);
                co_return WebApiResult{false, failure, true, {}};
            }
            ++stats_.retried;
            auto delay = backoff_delay(failures, options_.retry_initial, options_.retry_max);
            spdlog::warn("slack: {} failed ({}), retrying in {} ms", job.method, failure,
                         std::chrono::duration_cast<std::chrono::milliseconds>(delay).count());
            co_await sleep_for(delay);
            if (!*alive) co_return WebApiResult{false, "shutting down", true, {}};
            continue;
        }
        if (response.status != 200) {
            co_return WebApiResult{false, "HTTP " + std::to_string(response.status), false, {}};
        }
        if (!job.url.empty() && !body.is_object()) {
            // response_url answers plain "ok"-style bodies; a 200 is success.
            co_return WebApiResult{true, {}, false, {}};
        }
        if (!body.is_object()) co_return WebApiResult{false, "response is not JSON", true, {}};
        if (auto ok = body.find("ok"); ok == body.end() || *ok != true) {
            co_return WebApiResult{false, net::string_field(body, "error", "unknown_error"), false, body};
        }
        co_return WebApiResult{true, {}, false, std::move(body)};
    }
}

std::unique_ptr<net::HttpClient> WebApiClient::take_connection() {
    if (!idle_connections_.empty()) {
        auto client = std::move(idle_connections_.back());
        idle_connections_.pop_back();
        return client;
    }
    return std::make_unique<net::HttpClient>(executor_, tls_, api_origin_, options_.timeouts);
}

void WebApiClient::return_connection(std::unique_ptr<net::HttpClient> client) {
    if (idle_connections_.size() < idle_connection_limit) idle_connections_.push_back(std::move(client));
}

}  // namespace mentorbot::slack
