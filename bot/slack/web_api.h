// Slack Web API calls with the bot token: awaitable, one queue per method and channel, 429 and 5xx handled.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bot/net/http_client.h"
#include "bot/net/http_pool.h"
#include "bot/net/retry_policy.h"
#include "bot/net/stop_signal.h"

namespace mentorbot::slack {

struct WebApiResult {
    bool ok = false;
    std::string error;       // Slack's `error`, or a network/HTTP description
    bool retryable = false;  // worth trying later (gave up after retries), false for Slack's own refusals
    nlohmann::json body;     // the whole response when it was JSON
    bool stopped = false;    // the client was destroyed before the call finished
    // Of several calls made as one step (a file's upload), the one that failed; `error` stays
    // Slack's own word, so it can be told apart ("missing_scope").
    std::string failed_call;
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

// Calls `POST {base}{method}` with a JSON body (S13). Calls that share a queue key run
// one after another in the order they were made; different keys run side by side on
// their own kept-alive connections. A 429 (or `ratelimited`) pauses every queue of that
// method for Retry-After (Slack limits per method, S14) and the call is retried; other
// methods keep going. A 5xx or network failure is retried with exponential backoff and
// jitter (net::send_with_retry); nothing is dropped silently. Requests, retries and
// rate limits are counted in the global metrics (transport "slack").
//
// call() and post_to_response_url() count the call as pending at once and return the
// awaitable that performs it. Once the client is destroyed, unfinished calls complete
// with `stopped` set, without touching it.
class WebApiClient {
public:
    WebApiClient(boost::asio::any_io_executor executor, std::shared_ptr<boost::asio::ssl::context> tls,
                 std::string api_base_url, std::string bot_token, WebApiOptions options = {});
    ~WebApiClient();
    WebApiClient(const WebApiClient&) = delete;
    WebApiClient& operator=(const WebApiClient&) = delete;

    // `queue_key` is usually the channel ("" puts the call in the method's shared queue).
    boost::asio::awaitable<WebApiResult> call(const std::string& method, nlohmann::json arguments,
                                              const std::string& queue_key);

    // Posts a JSON body to a full response_url (no token; same retry rules).
    boost::asio::awaitable<WebApiResult> post_to_response_url(const std::string& url, nlohmann::json body);

    // Calls a method with a form-encoded body (application/x-www-form-urlencoded), for the
    // methods that do not read JSON (files.getUploadURLExternal); same queues and rules as call().
    boost::asio::awaitable<WebApiResult> call_with_form(const std::string& method,
                                                        std::vector<std::pair<std::string, std::string>> fields,
                                                        const std::string& queue_key);

    // Posts a file's bytes to the upload_url files.getUploadURLExternal gave (no token: the
    // URL is the permission; same retry rules). An HTTP 200 is success.
    boost::asio::awaitable<WebApiResult> upload_to(const std::string& upload_url, std::string bytes,
                                                   std::string media_type);

    // The executor calls run on.
    const boost::asio::any_io_executor& executor() const { return executor_; }

private:
    struct Job {
        std::string method;
        std::string url;  // set for response_url posts and file uploads
        nlohmann::json arguments;
        // A body sent as it is instead of the JSON arguments (a form, a file's bytes).
        std::optional<std::string> raw_body;
        std::string content_type;
    };
    // Callers waiting for their turn on one queue key, first come first served.
    struct Queue {
        bool busy = false;
        std::deque<std::shared_ptr<boost::asio::steady_timer>> waiting;
    };
    class PendingCount;

    boost::asio::awaitable<WebApiResult> queued(std::shared_ptr<net::StopSignal> stop, std::string key,
                                                std::unique_ptr<Job> job, std::unique_ptr<PendingCount> counted);
    boost::asio::awaitable<WebApiResult> perform(const Job& job);
    void pass_turn(const std::string& key);

    boost::asio::any_io_executor executor_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    std::string api_base_url_;
    std::string bot_token_;
    WebApiOptions options_;
    net::RetryPolicy policy_;
    net::HttpPool pool_;
    std::map<std::string, Queue> queues_;
    std::map<std::string, std::chrono::steady_clock::time_point> method_paused_until_;
    std::shared_ptr<net::StopSignal> stop_;
};

}  // namespace mentorbot::slack
