// Slack Web API calls with the bot token: one queue per method and channel, 429 and 5xx handled.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/net/http_client.h"

namespace mentorbot::slack {

struct WebApiResult {
    bool ok = false;
    std::string error;       // Slack's `error`, or a network/HTTP description
    bool retryable = false;  // worth trying later (gave up after retries), false for Slack's own refusals
    nlohmann::json body;     // the whole response when it was JSON
};

struct WebApiOptions {
    // Attempts per call for 5xx and network failures (429 waits do not count).
    int max_attempts = 6;
    std::chrono::steady_clock::duration retry_initial = std::chrono::milliseconds(500);
    std::chrono::steady_clock::duration retry_max = std::chrono::seconds(30);
    // Used when a 429 carries no Retry-After.
    std::chrono::steady_clock::duration default_retry_after = std::chrono::seconds(30);
    net::HttpTimeouts timeouts{};
};

struct WebApiStats {
    std::size_t requests = 0;      // HTTP requests sent
    std::size_t rate_limited = 0;  // 429 (or ok:false ratelimited) answers
    std::size_t retried = 0;       // 5xx and network failures retried
};

// Calls `POST {base}{method}` with a JSON body (S13). Calls that share a queue key run
// one after another in order; different keys run side by side on their own kept-alive
// connections. A 429 pauses every queue of that method for Retry-After (Slack limits
// per method) and the call is retried; other methods keep going. A 5xx or network
// failure is retried with exponential backoff and jitter; nothing is dropped silently:
// `done` is called exactly once, on this client's executor.
class WebApiClient {
public:
    WebApiClient(boost::asio::any_io_executor executor, std::shared_ptr<boost::asio::ssl::context> tls,
                 std::string api_base_url, std::string bot_token, WebApiOptions options = {});
    ~WebApiClient();

    // `queue_key` is usually the channel ("" puts the call in the method's shared queue).
    void call(const std::string& method, nlohmann::json arguments, const std::string& queue_key,
              std::function<void(WebApiResult)> done);

    // Posts a JSON body to a full response_url (no token; same retry rules).
    void post_to_response_url(const std::string& url, nlohmann::json body, std::function<void(WebApiResult)> done);

    const WebApiStats& stats() const { return stats_; }

private:
    struct Job {
        std::string method;
        std::string url;  // set for response_url posts
        nlohmann::json arguments;
        std::function<void(WebApiResult)> done;
    };
    struct Queue {
        std::deque<Job> jobs;
        bool running = false;
    };
    boost::asio::awaitable<void> drain(std::string key);
    boost::asio::awaitable<WebApiResult> perform(Job& job);
    std::unique_ptr<net::HttpClient> take_connection();
    void return_connection(std::unique_ptr<net::HttpClient> client);
    void enqueue(const std::string& key, Job job);

    boost::asio::any_io_executor executor_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    std::string api_base_url_;
    std::string bot_token_;
    WebApiOptions options_;
    net::Endpoint api_origin_;
    std::map<std::string, Queue> queues_;
    std::map<std::string, std::chrono::steady_clock::time_point> method_paused_until_;
    std::vector<std::unique_ptr<net::HttpClient>> idle_connections_;
    WebApiStats stats_;
    std::size_t pending_ = 0;  // queued or in flight, mirrored in the requests-pending gauge
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// Equal-jitter exponential backoff: attempt 1 → about `initial`, doubling up to `cap`.
std::chrono::steady_clock::duration backoff_delay(int attempt, std::chrono::steady_clock::duration initial,
                                                  std::chrono::steady_clock::duration cap);

}  // namespace mentorbot::slack
