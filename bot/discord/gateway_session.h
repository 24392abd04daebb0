// The Discord Gateway v10 protocol as a pure state machine: frames and time in; frames, closes and events out.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mentorbot::discord {

using SteadyTime = std::chrono::steady_clock::time_point;
using Milliseconds = std::chrono::milliseconds;

// Who we are on the gateway (D5). Interactions need no intents, so the default is 0.
struct GatewayIdentity {
    std::string token;
    std::int64_t intents = 0;
    int shard_id = 0;
    int shard_count = 1;
};

// What a close code means for the next connection (D9).
enum class CloseAction { resume, identify, fatal };
CloseAction close_action(std::optional<std::uint16_t> code);
// One line a human can act on, for the fatal codes.
std::string fatal_close_reason(std::uint16_t code);

// "wss://host" → "wss://host/?v=10&encoding=json" (D1, also for resume_gateway_url).
std::string gateway_connect_url(std::string_view base);

struct GatewayEvent {
    std::string name;  // the dispatch's "t", e.g. "INTERACTION_CREATE"
    // The dispatch's "d", for every event but INTERACTION_CREATE.
    nlohmann::json data;
    // INTERACTION_CREATE, nearly all of a busy bot's traffic, comes as its whole frame
    // instead: parse_interaction_frame reads the fields it needs straight from the text.
    std::string frame;
};

// What the client must do after feeding the session something.
struct GatewayOutput {
    std::vector<std::string> frames;          // write these, in order
    std::optional<std::uint16_t> close_code;  // then close this socket with this code
    // The socket is a zombie: drop TCP at once instead of waiting for a close handshake
    // that will never come.
    bool terminate = false;
    std::vector<GatewayEvent> events;  // dispatches for the application
    bool identify = false;             // one of `frames` is an Identify (it counts toward D5's limit)
};

// Discord accepts one Identify per 5 s per concurrency bucket (shard_id % max_concurrency,
// D5) and answers an early one with op 9. Every Identify sent counts, the refused ones
// too, so the next one waits for the window of the last one.
class IdentifyWindow {
public:
    static constexpr Milliseconds discord_window{5000};
    // Discord counts Identifies as they arrive: one held up on the way makes the next
    // look early, so keep clear of the edge.
    static constexpr Milliseconds margin{500};

    explicit IdentifyWindow(Milliseconds window = discord_window) : window_(window) {}
    // From /gateway/bot's session_start_limit; values below 1 count as 1.
    void set_max_concurrency(long long max_concurrency);
    int bucket(int shard_id) const { return static_cast<int>(shard_id % max_concurrency_); }
    // When this shard may send its next Identify.
    SteadyTime earliest(int shard_id, SteadyTime now) const;
    // This shard sent an Identify.
    void identified(int shard_id, SteadyTime now);

private:
    Milliseconds window_;
    long long max_concurrency_ = 1;
    std::map<int, SteadyTime> last_identify_;  // by bucket
};

// Where and when to connect next, once a socket is gone.
struct ReconnectPlan {
    bool stop = false;    // fatal: do not reconnect
    std::string reason;   // why, for the log (and the exit line when fatal)
    std::string cause;    // the same in one word, for the reconnects metric: op7, zombie, close_4000, …
    bool resume = false;  // Resume the session (else Identify a new one)
    std::string url;      // full URL with query
    Milliseconds delay{0};
};

// Limits gateway sends to 120 per 60 s per connection (D10). Heartbeats bypass it; the
// budget for everything else leaves room for them.
class GatewaySendBudget {
public:
    static constexpr int window_limit = 120;
    static constexpr int reserved_for_heartbeats = 10;
    static constexpr std::chrono::seconds window{60};

    bool try_take(SteadyTime now);
    std::optional<SteadyTime> next_free(SteadyTime now) const;
    void reset() { sent_.clear(); }

private:
    void forget_old(SteadyTime now) const;
    mutable std::deque<SteadyTime> sent_;
};

class GatewaySession {
public:
    enum class Phase { disconnected, awaiting_hello, authenticating, ready, stopped };

    // `gateway_url` is the D1 URL without query. `random_unit` returns [0, 1): jitter
    // for the first heartbeat and the backoffs, injected so tests are deterministic.
    GatewaySession(GatewayIdentity identity, std::string gateway_url, std::function<double()> random_unit);

    // The D1 URL may change between Identifies (it is fetched again before each one).
    void set_gateway_url(std::string url) { gateway_url_ = std::move(url); }
    // Where to connect first (Identify).
    ReconnectPlan first_connection() const;
    // A new socket is open; the server speaks first (Hello).
    void opened(SteadyTime now);
    // One text frame from the server. Malformed frames are logged and dropped.
    GatewayOutput received(std::string_view frame, SteadyTime now);
    // Heartbeats, zombie detection, READY timeout and queued sends. Call at next_deadline().
    GatewayOutput poll(SteadyTime now);
    std::optional<SteadyTime> next_deadline() const;
    // Queues a non-heartbeat frame under the send budget (frames over 4096 bytes are refused).
    GatewayOutput send(std::string frame, SteadyTime now);
    // The socket is gone. `code` is the close code received, or the one we closed with;
    // nullopt when the connection dropped without one.
    ReconnectPlan lost(std::optional<std::uint16_t> code, SteadyTime now);
    // Shutting down for good.
    void stop() { phase_ = Phase::stopped; }

    Phase phase() const { return phase_; }
    const std::string& session_id() const { return session_id_; }
    const std::string& resume_url() const { return resume_url_; }
    std::optional<std::int64_t> sequence() const { return sequence_; }
    Milliseconds heartbeat_interval() const { return heartbeat_interval_; }
    bool resuming() const { return resuming_; }

    static constexpr std::size_t max_frame_bytes = 4096;
    static constexpr std::chrono::seconds ready_timeout{60};
    static constexpr std::chrono::seconds healthy_period{60};
    static constexpr Milliseconds max_heartbeat_interval{std::chrono::hours(1)};
    // Our own close code for zombies and reconnects: anything but 1000/1001 keeps the session.
    static constexpr std::uint16_t reconnect_close_code = 4000;

private:
    std::string heartbeat_frame() const;
    std::string identify_frame() const;
    std::string resume_frame() const;
    void handle_dispatch(nlohmann::json& frame, std::string_view text, GatewayOutput& out, SteadyTime now);
    GatewayOutput close_for(std::string reason, std::string cause, CloseAction next, Milliseconds delay,
                            bool terminate = false);
    Milliseconds backoff();
    Milliseconds invalid_session_delay();
    void forget_session();
    void flush_queue(GatewayOutput& out, SteadyTime now);

    GatewayIdentity identity_;
    std::string gateway_url_;
    std::function<double()> random_unit_;

    Phase phase_ = Phase::disconnected;
    bool resuming_ = false;
    std::string session_id_;
    std::string resume_url_;
    std::optional<std::int64_t> sequence_;

    // Per connection; reset on every Hello and every new socket.
    SteadyTime opened_at_{};
    SteadyTime last_received_{};
    SteadyTime ready_at_{};
    Milliseconds heartbeat_interval_{0};
    std::optional<SteadyTime> next_beat_;
    bool awaiting_ack_ = false;
    SteadyTime last_beat_sent_{};
    int missed_acks_ = 0;
    GatewaySendBudget budget_;
    std::deque<std::string> queued_;

    // Decided by us when we close the socket ourselves; used by lost().
    struct PendingReconnect {
        CloseAction next;
        Milliseconds delay;
        std::string reason;
        std::string cause;
    };
    std::optional<PendingReconnect> pending_;

    int failed_connections_ = 0;  // backoff exponent; reset after a healthy period
    int failed_resumes_ = 0;      // falls back to Identify after a few
};

}  // namespace mentorbot::discord
