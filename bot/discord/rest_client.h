// The Discord REST API client: a few kept-alive HTTPS connections behind per-bucket rate limiting (D16).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "bot/discord/rate_limiter.h"
#include "bot/net/http_client.h"
#include "bot/net/http_pool.h"
#include "bot/net/io_thread.h"
#include "bot/net/stop_signal.h"
#include "model/attachment.h"

namespace mentorbot::discord {

struct RestResult {
    unsigned status = 0;  // 0: no HTTP answer at all (network failure)
    nlohmann::json body;  // parsed JSON, or null
    std::string error;    // short reason when not ok, for logs and delivery outcomes
    bool ok() const { return status >= 200 && status < 300; }
    // Discord's JSON error code (10062 unknown interaction, 40060 already acknowledged, …).
    int discord_code() const;
};

// One REST request. Coroutines build it as a named local and move it into call():
// GCC 12 miscompiles brace-initialised temporaries inside a co_await expression.
struct RestCall {
    std::string method;
    RestRoute route;
    std::string path;  // relative to the API base, e.g. "/gateway/bot"
    std::optional<nlohmann::json> body;
    // Or the body written where the call runs, so the bot's thread only hands over what it
    // says (an answer's text and buttons) and the connections' thread builds the JSON.
    std::function<nlohmann::json()> body_from;
    // Sent with the body as multipart/form-data (payload_json + files[0]); the same
    // bucket, rate limits and retries as any other request.
    std::optional<Attachment> file;
};

struct RestOptions {
    std::string api_base = "https://discord.com/api/v10";
    std::string token;
    std::size_t connections = 4;  // parallel requests
    std::chrono::milliseconds server_error_backoff{500};
    net::HttpTimeouts timeouts;
};

// Sends and reads on a thread of its own, so answering interactions (TLS, the kernel's
// loopback or network work of each send) does not queue behind the commands.
class DiscordRest {
public:
    DiscordRest(std::shared_ptr<boost::asio::ssl::context> tls, RestOptions options);
    ~DiscordRest();

    // Sends the request, waiting for its rate-limit bucket and retrying 429s, 5xx and
    // network failures a few times (net::send_with_retry under the limiter's policy).
    // Requests, retries and 429s are counted in the global metrics (transport "discord").
    boost::asio::awaitable<RestResult> call(RestCall request);

    // Shuts down once no sender holds a Busy token, or after `at_most`, whichever is first.
    void close_when_idle(std::chrono::milliseconds at_most);
    // Where the connections live: a coroutine spawned here calls without a hop.
    boost::asio::any_io_executor executor() const { return executor_; }

    // Held by a sender running on executor() (an interaction's answer and its follow-ups):
    // close_when_idle() waits for it. Taken and dropped on that executor only.
    class Busy {
    public:
        Busy(Busy&& other) noexcept : idle_(std::move(other.idle_)) {}
        Busy(const Busy&) = delete;
        Busy& operator=(const Busy&) = delete;
        Busy& operator=(Busy&&) = delete;
        ~Busy();

    private:
        friend class DiscordRest;
        struct Idle;
        explicit Busy(std::shared_ptr<Idle> idle);
        std::shared_ptr<Idle> idle_;
    };
    Busy busy();

private:
    // The coroutine behind call(), which is a plain function so its argument never
    // lives in a coroutine frame as a temporary.
    boost::asio::awaitable<RestResult> perform(std::unique_ptr<RestCall> pending);

    void shutdown_here();

    // The connections, limits and retries live on this thread and everything below is
    // touched from it alone; it is declared first so it goes last.
    net::IoThread thread_;
    boost::asio::any_io_executor executor_;
    RestOptions options_;
    net::Endpoint api_;
    RestRateLimiter limiter_;
    net::HttpPool pool_;
    std::shared_ptr<net::StopSignal> stop_;
    // Wakes calls waiting on the limiter whenever an answer may have changed it.
    std::shared_ptr<net::WakeSignal> limits_changed_;
    // Senders holding Busy, and what to do once the last is done after close_when_idle().
    std::shared_ptr<Busy::Idle> idle_;
    std::unique_ptr<boost::asio::steady_timer> closing_deadline_;
};

}  // namespace mentorbot::discord
