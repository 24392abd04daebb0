// A fake Discord for tests and benchmarks: REST API and Gateway v10 on 127.0.0.1 with TLS from the test CA.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/fake_server.h"

namespace mentorbot::testing {

class FakeDiscord : public FakeServer {
public:
    static constexpr const char* bot_token = "fake-bot-token";
    static constexpr const char* application_id = "900";

    FakeDiscord(boost::asio::io_context& io, const TestCertificates& certificates);
    ~FakeDiscord() override { *lifetime_ = false; }

    std::string api_base() const { return http_url("/api/v10"); }
    // The bot token the REST API accepts (a test may choose a more distinctive one).
    std::string accepted_token = bot_token;

    // ---- Gateway behaviour the test chooses ----
    int heartbeat_interval_ms = 45000;
    bool acknowledge_heartbeats = true;
    // On Resume, also replay this many events the client had already seen (Discord may).
    int replay_overlap = 0;
    // Discord's identify rate limit (D5): an Identify arriving within this window of the
    // previous one in its concurrency bucket is refused with op 9 d:false. Zero: no limit.
    std::chrono::milliseconds identify_window{0};
    int max_concurrency = 1;  // reported by /gateway/bot; buckets are shard % this
    // Refuses the next this-many Identifies with op 9 d:false whatever their timing.
    int refuse_identifies = 0;

    // ---- REST faults ----
    // Answers every n-th message post to each channel with a 429 of this length (0: off).
    int rate_limit_every = 0;
    double rate_limit_seconds = 0.05;

    // ---- Gateway controls ----
    // Sends a dispatch on the ready connection, or keeps it for the Resume replay when
    // there is none. Returns its sequence number.
    std::int64_t dispatch(const std::string& name, nlohmann::json data);
    // Logs a dispatch as sent without sending it: an event lost on the way, which only a
    // Resume replay brings back.
    std::int64_t dispatch_missed(const std::string& name, nlohmann::json data);
    void send_raw(std::string text);  // on the current connection, as is
    void send_frame(const nlohmann::json& frame) { send_raw(frame.dump()); }
    void close_gateway(std::uint16_t code);
    void drop_gateway();    // TCP gone, no close frame
    void freeze_gateway();  // half-open: TCP up, nothing answers
    bool gateway_ready() const { return ready_socket_ != nullptr && ready_socket_->is_open(); }
    // The newest gateway connection (what the client sent to close it, for one).
    std::shared_ptr<ServerWebSocket> gateway_socket() const { return current_socket_; }

    // ---- What the client did ----
    struct GatewayConnection {
        std::string target;  // path and query it connected to
        std::chrono::steady_clock::time_point opened;
    };
    std::vector<GatewayConnection> gateway_connections;
    std::vector<nlohmann::json> identifies;  // every Identify received, refused ones too
    struct IdentifyArrival {
        std::chrono::steady_clock::time_point at;
        int bucket = 0;
        bool refused = false;  // answered with op 9; otherwise READY went out at `at`
    };
    std::vector<IdentifyArrival> identify_arrivals;
    struct GatewayClose {
        std::uint16_t code = 0;
        std::chrono::steady_clock::time_point at;
    };
    std::vector<GatewayClose> closes;  // sent by close_gateway()
    std::vector<nlohmann::json> resumes;
    std::size_t heartbeats = 0;
    std::vector<std::string> unexpected_frames;
    std::string session_id() const { return session_id_; }

    struct Request {
        std::string method;
        std::string path;  // after /api/v10
        std::string authorization;
        nlohmann::json body;
        std::chrono::steady_clock::time_point at;
        unsigned status = 0;         // what the fake answered
        std::size_t connection = 0;  // which keep-alive connection it came on
    };
    // A 429 the fake answered: nothing more for `path` should leave the client between
    // its reading of it and `until` (for a global one, nothing but interaction answers).
    struct RateLimitWindow {
        std::string path;
        std::size_t connection = 0;
        std::chrono::steady_clock::time_point at;
        std::chrono::steady_clock::time_point until;
        bool global = false;
    };
    std::vector<RateLimitWindow> rate_limit_windows;
    std::vector<Request> requests;
    // Benchmarks turn this off: then requests and callback bodies are not kept (only
    // which interactions were answered) and only the last events stay replayable, so
    // the fake's memory stays flat under load.
    bool keep_records = true;
    std::vector<const Request*> requests_to(const std::string& method, const std::string& path_prefix) const;
    // Interaction callbacks by interaction id, in arrival order.
    std::map<std::string, std::vector<nlohmann::json>> callbacks;
    std::size_t callback_count() const;
    // Channel messages posted, by channel id (a message with files: its payload_json).
    std::map<std::string, std::vector<nlohmann::json>> channel_messages;
    // A file posted with a channel message, an interaction callback or a webhook follow-up
    // or edit (multipart/form-data, "Uploading Files").
    struct PostedFile {
        std::string channel;      // the channel of a message post; empty otherwise
        std::string interaction;  // the interaction id of a callback, the token of a webhook call
        std::string field;        // "files[0]"
        std::string filename;
        std::string content_type;
        std::string bytes;
        // The payload_json: a message with its "attachments", or a callback {type, data}
        // whose data holds them.
        nlohmann::json payload;
    };
    std::vector<PostedFile> posted_files;
    // Answers the next this-many requests that carry a file (message posts, interaction
    // callbacks, webhook follow-ups and edits) with 413 "Request entity too large" (code
    // 40005), as Discord does for a file over the upload limit.
    int refuse_files = 0;
    // Holds each interaction callback's answer until this many wait together (or 5 s have
    // passed): how many answers a client sends at once, rather than one per round trip.
    std::size_t hold_callbacks_until = 0;
    std::size_t most_callbacks_held = 0;
    std::size_t dm_channels_opened = 0;

    // Answers the next request matching (method, path prefix) with this instead.
    void script_once(std::string method, std::string path_prefix, unsigned status, nlohmann::json body,
                     std::vector<std::pair<std::string, std::string>> headers = {});
    // Called after READY went out (end-to-end scripts start there).
    std::function<void()> on_ready;
    // Called for each interaction callback (benchmarks measure latency with it).
    std::function<void(const std::string& interaction_id, const nlohmann::json& body)> on_callback;

protected:
    boost::asio::awaitable<ServerResponse> handle_http(ServerRequest request) override;
    void on_websocket(std::shared_ptr<ServerWebSocket> socket, const ServerRequest& request) override;

private:
    // Waits while hold_callbacks_until says a callback's answer must.
    boost::asio::awaitable<void> hold_callback();
    std::size_t callbacks_held_ = 0;
    bool callbacks_released_ = false;
    // Reads one gateway connection; `alive` turns false when the fake is destroyed.
    boost::asio::awaitable<void> read_gateway(std::shared_ptr<ServerWebSocket> socket, std::shared_ptr<bool> alive);
    void handle_frame(const std::shared_ptr<ServerWebSocket>& socket, const std::string& text);
    nlohmann::json dispatch_frame(std::int64_t seq, const std::string& name, const nlohmann::json& data) const;
    ServerResponse answer(const ServerRequest& request, Request& record);
    // Reads a multipart body (for a callback, its files are declared in its data) into
    // `record` and `files`; an error answer when Discord would refuse it (a malformed form,
    // or a file refused on cue), nullopt when it is accepted or not multipart.
    std::optional<ServerResponse> read_files(const ServerRequest& request, Request& record, const PostedFile& where,
                                             bool callback, std::vector<PostedFile>& files);

    struct Scripted {
        std::string method;
        std::string path_prefix;
        unsigned status;
        nlohmann::json body;
        std::vector<std::pair<std::string, std::string>> headers;
    };
    std::deque<Scripted> scripted_;
    std::map<std::string, int> posts_per_channel_;
    std::shared_ptr<ServerWebSocket> current_socket_;
    std::shared_ptr<ServerWebSocket> ready_socket_;
    std::string session_id_;
    int sessions_started_ = 0;
    std::int64_t sequence_ = 0;
    std::vector<std::pair<std::int64_t, nlohmann::json>> event_log_;  // for Resume replays
    std::shared_ptr<bool> lifetime_ = std::make_shared<bool>(true);
};

}  // namespace mentorbot::testing
