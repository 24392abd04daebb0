// Web API queues: ordered per key, paused per method on 429, retried on 5xx and network errors.
#include "bot/slack/web_api.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cctype>
#include <spdlog/spdlog.h>

#include "bot/metrics.h"
#include "bot/net/json_fields.h"
#include "bot/net/retrying_send.h"

namespace mentorbot::slack {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t idle_connection_limit = 8;

void count_pending(double change) { metrics().add(metric::requests_pending, {{"transport", "slack"}}, change); }

// name=value&… with every byte outside the unreserved set percent-encoded.
std::string form_encoded(const std::vector<std::pair<std::string, std::string>>& fields) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty()) out += '&';
        for (const std::string* part : {&name, &value}) {
            for (unsigned char c : *part) {
                if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
                    out += static_cast<char>(c);
                } else {
                    out += '%';
                    out += hex[c >> 4];
                    out += hex[c & 0x0F];
                }
            }
            if (part == &name) out += '=';
        }
    }
    return out;
}

WebApiResult stopped_result() { return WebApiResult{false, "shutting down", true, {}, true}; }

net::RetryPolicy web_api_policy(const WebApiOptions& options) {
    net::RetryPolicy policy;
    policy.max_attempts = options.max_attempts;
    policy.rate_limits_count = false;  // a 429 pauses the method; the call waits, it does not fail (S14)
    policy.backoff = net::Backoff{options.retry_initial, options.retry_max, /*jitter=*/true};
    policy.default_retry_after = options.default_retry_after;
    return policy;
}

net::HttpPoolOptions api_pool_options(const WebApiOptions& options) {
    net::HttpPoolOptions pool;
    pool.max_connections = 0;  // one per busy queue
    pool.max_idle = idle_connection_limit;
    pool.timeouts = options.timeouts;
    return pool;
}

}  // namespace

// Counts a call in the requests-pending gauge from the moment it is made until its
// coroutine ends (or is destroyed without ever running).
class WebApiClient::PendingCount {
public:
    PendingCount() { count_pending(1); }
    ~PendingCount() { count_pending(-1); }
    PendingCount(const PendingCount&) = delete;
    PendingCount& operator=(const PendingCount&) = delete;
};

WebApiClient::WebApiClient(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls,
                           std::string api_base_url, std::string bot_token, WebApiOptions options)
    : executor_(std::move(executor)),
      tls_(std::move(tls)),
      api_base_url_(std::move(api_base_url)),
      bot_token_(std::move(bot_token)),
      options_(options),
      policy_(web_api_policy(options_)),
      pool_(executor_, tls_, net::parse_endpoint(api_base_url_), api_pool_options(options_)),
      stop_(std::make_shared<net::StopSignal>(executor_)) {}

WebApiClient::~WebApiClient() {
    stop_->stop();
    for (auto& [key, queue] : queues_) {
        for (auto& turn : queue.waiting) turn->cancel();
    }
}

asio::awaitable<WebApiResult> WebApiClient::call(const std::string& method, nlohmann::json arguments,
                                                 const std::string& queue_key) {
    auto job = std::make_unique<Job>();
    job->method = method;
    job->arguments = std::move(arguments);
    return queued(stop_, method + "\n" + queue_key, std::move(job), std::make_unique<PendingCount>());
}

asio::awaitable<WebApiResult> WebApiClient::post_to_response_url(const std::string& url, nlohmann::json body) {
    // response_urls are per interaction; ordering matters only within one.
    auto job = std::make_unique<Job>();
    job->method = "response_url";
    job->url = url;
    job->arguments = std::move(body);
    return queued(stop_, "response_url\n" + url, std::move(job), std::make_unique<PendingCount>());
}

asio::awaitable<WebApiResult> WebApiClient::call_with_form(const std::string& method,
                                                           std::vector<std::pair<std::string, std::string>> fields,
                                                           const std::string& queue_key) {
    auto job = std::make_unique<Job>();
    job->method = method;
    job->raw_body = form_encoded(fields);
    job->content_type = "application/x-www-form-urlencoded";
    return queued(stop_, method + "\n" + queue_key, std::move(job), std::make_unique<PendingCount>());
}

asio::awaitable<WebApiResult> WebApiClient::upload_to(const std::string& upload_url, std::string bytes,
                                                      std::string media_type) {
    auto job = std::make_unique<Job>();
    job->method = "file upload";
    job->url = upload_url;
    job->raw_body = std::move(bytes);
    job->content_type = std::move(media_type);
    return queued(stop_, "file upload\n" + upload_url, std::move(job), std::make_unique<PendingCount>());
}

asio::awaitable<WebApiResult> WebApiClient::queued(std::shared_ptr<net::StopSignal> stop, std::string key,
                                                   std::unique_ptr<Job> job,
                                                   [[maybe_unused]] std::unique_ptr<PendingCount> counted) {
    if (stop->stopped()) co_return stopped_result();
    Queue& queue = queues_[key];
    if (queue.busy) {
        auto turn = std::make_shared<asio::steady_timer>(executor_, asio::steady_timer::time_point::max());
        queue.waiting.push_back(turn);
        co_await turn->async_wait(asio::as_tuple(asio::use_awaitable));
        if (stop->stopped()) co_return stopped_result();
    } else {
        queue.busy = true;
    }
    WebApiResult result;
    try {
        result = co_await perform(*job);
    } catch (const std::exception& error) {
        // A body that cannot be encoded (invalid UTF-8): Slack would refuse it every time.
        result = WebApiResult{false, error.what(), false, {}};
    }
    if (stop->stopped()) co_return stopped_result();
    pass_turn(key);
    co_return result;
}

void WebApiClient::pass_turn(const std::string& key) {
    auto found = queues_.find(key);
    if (found == queues_.end()) return;
    if (found->second.waiting.empty()) {
        queues_.erase(found);  // idle queues cost nothing
        return;
    }
    auto next = std::move(found->second.waiting.front());
    found->second.waiting.pop_front();
    next->cancel();  // the queue stays busy: the turn passes to the next caller
}

asio::awaitable<WebApiResult> WebApiClient::perform(const Job& job) {
    auto stop = stop_;
    net::HttpRequest request;
    std::unique_ptr<net::HttpPool> one_off;  // response_urls get a fresh connection per attempt
    net::HttpPool* pool = &pool_;
    if (job.url.empty()) {
        request.target = net::resolve_endpoint(api_base_url_, job.method).target;
        request.headers.emplace_back("Authorization", "Bearer " + bot_token_);
    } else {
        auto endpoint = net::parse_endpoint(job.url);
        request.target = endpoint.target;
        net::HttpPoolOptions fresh;
        fresh.max_idle = 0;
        fresh.timeouts = options_.timeouts;
        one_off = std::make_unique<net::HttpPool>(executor_, tls_, std::move(endpoint), fresh);
        pool = one_off.get();
    }
    if (job.raw_body) {
        request.headers.emplace_back("Content-Type", job.content_type);
        request.body = *job.raw_body;
    } else {
        request.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
        request.body = job.arguments.dump();
    }

    const std::string method = job.method;
    const Clock::duration default_wait = options_.default_retry_after;
    net::SendHooks hooks;
    hooks.transport = "slack";
    hooks.what = method;
    hooks.earliest_send = [this, method] {
        auto paused = method_paused_until_.find(method);
        return paused == method_paused_until_.end() ? Clock::time_point{} : paused->second;
    };
    hooks.read_answer = [this, method, default_wait](const net::HttpResponse& response,
                                                     int) -> std::optional<net::RateLimit> {
        bool limited = response.status == 429;
        if (!limited && response.body.find("ratelimited") != std::string::npos) {
            const auto body = nlohmann::json::parse(response.body, nullptr, false);
            limited = net::string_field(body, "error", "") == "ratelimited";
        }
        if (!limited) return std::nullopt;
        const auto wait = net::parse_retry_after(response.header("Retry-After")).value_or(default_wait);
        auto& until = method_paused_until_[method];
        until = std::max(until, Clock::now() + wait);
        spdlog::warn("slack: {} rate limited, waiting {} ms", method,
                     std::chrono::duration_cast<std::chrono::milliseconds>(wait).count());
        return net::RateLimit{wait};
    };
    const net::SendOutcome outcome = co_await net::send_with_retry(*pool, stop, policy_, std::move(hooks),
                                                                   std::move(request));

    if (outcome.stopped) co_return stopped_result();
    if (!outcome.response) co_return WebApiResult{false, outcome.network_error, true, {}};
    const net::HttpResponse& response = *outcome.response;
    if (outcome.gave_up) co_return WebApiResult{false, "HTTP " + std::to_string(response.status), true, {}};
    if (response.status != 200) {
        co_return WebApiResult{false, "HTTP " + std::to_string(response.status), false, {}};
    }
    // The upload service answers a plain "OK - <length>": its 200 is the success.
    if (!job.url.empty() && job.raw_body) co_return WebApiResult{true, {}, false, {}};
    nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
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

}  // namespace mentorbot::slack
