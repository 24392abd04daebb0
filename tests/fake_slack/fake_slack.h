// A fake Slack for tests and benchmarks: Web API methods and Socket Mode over TLS on 127.0.0.1.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/fake_server.h"

namespace mentorbot::testing {

inline constexpr const char* fake_app_token = "xapp-1-test-app-token";
inline constexpr const char* fake_bot_token = "xoxb-test-bot-token";

// What the fake saw of one Socket Mode connection.
struct FakeSlackConnection {
    std::size_t id = 0;
    std::string ticket;
    std::shared_ptr<ServerWebSocket> socket;
    std::chrono::steady_clock::time_point opened_at{};
    std::chrono::steady_clock::time_point closed_at{};  // set when its read side ended
    bool closed = false;
    bool disconnect_sent = false;  // we told it to go away; new envelopes go elsewhere
};

struct FakeSlackAck {
    std::string envelope_id;
    nlohmann::json message;        // the whole ack (only while recording)
    bool carries_payload = false;  // the ack holds a reply ("payload")
    std::size_t connection_id = 0;
    std::chrono::steady_clock::time_point at{};
};

struct FakeSlackCall {
    std::string method;  // "chat.postMessage", … or "response_url"
    std::string path;
    std::string authorization;
    std::string content_type;
    nlohmann::json body;  // parsed JSON or form fields (as strings), or null
    std::chrono::steady_clock::time_point at{};
};

// A file shared with the upload flow: getUploadURLExternal, the bytes, completeUploadExternal.
struct FakeSlackFile {
    std::string id;        // "F1", …
    std::string filename;  // as getUploadURLExternal named it
    std::size_t length = 0;
    std::string bytes;         // what reached the upload_url
    std::string content_type;  // of the upload
    bool uploaded = false;
    std::string title;       // from completeUploadExternal
    std::string channel_id;  // where it was shared; empty until completed
};

// A Home tab view the bot published with views.publish (as Slack keeps it: with an id).
struct FakeSlackView {
    std::string user_id;
    nlohmann::json view;
    std::chrono::steady_clock::time_point at{};
};

// A canned HTTP answer the next call of a method gets instead of the normal one.
struct FakeSlackAnswer {
    unsigned status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

class FakeSlack : public FakeServer {
public:
    FakeSlack(boost::asio::io_context& io, const TestCertificates& certificates, bool use_tls = true);
    ~FakeSlack() override;

    std::string api_base_url() const { return http_url("/api/"); }
    // The tokens this Slack accepts (a test may choose more distinctive ones).
    std::string app_token = fake_app_token;
    std::string bot_token = fake_bot_token;

    // Scripted answers, used once each, in order, per method ("apps.connections.open", …).
    void script(const std::string& method, FakeSlackAnswer answer) { scripted_[method].push_back(std::move(answer)); }
    // Called for every new Socket Mode connection instead of the plain hello.
    std::function<void(FakeSlackConnection&)> on_connect;
    void send_hello(FakeSlackConnection& connection);
    // Called for every ack (benchmarks time them).
    std::function<void(const FakeSlackAck&)> on_ack;
    // Keep acks and calls (tests); benchmarks turn this off to keep memory flat. Without
    // recording an ack is not parsed whole: the fake reads its envelope id and whether
    // it carries a payload, so the load generator costs little beside the bot it drives.
    bool record = true;
    // The Enterprise Grid organisation the next envelopes come from; empty outside Grid.
    std::string enterprise_id;

    // Newest connection that is open and was not told to disconnect; nullptr if none.
    FakeSlackConnection* live_connection();
    std::vector<FakeSlackConnection*> open_connections();
    const std::vector<std::unique_ptr<FakeSlackConnection>>& connections() const { return connections_; }

    // Envelopes; each returns the envelope id it used. `connection` null = live_connection().
    std::string send_slash_command(const std::string& command, const std::string& text, const std::string& user = "U1",
                                   const std::string& team = "T1", const std::string& channel = "C1",
                                   FakeSlackConnection* connection = nullptr, std::string envelope_id = {});
    std::string send_button_press(const std::string& value, const std::string& user = "U1",
                                  const std::string& team = "T1", FakeSlackConnection* connection = nullptr);
    // A choice in a static_select: block_actions with the option in selected_option.
    std::string send_select_choice(const std::string& value, const std::string& label, const std::string& user = "U1",
                                   const std::string& team = "T1", FakeSlackConnection* connection = nullptr);
    // block_actions carrying `action`, from `user` of `team`, in a direct message.
    std::string send_block_action(const nlohmann::json& action, const std::string& user, const std::string& team,
                                  FakeSlackConnection* connection = nullptr);
    std::string send_event(const std::string& event_id, int retry_attempt, FakeSlackConnection* connection = nullptr,
                           std::string envelope_id = {});
    // app_home_opened as the Events API sends it over Socket Mode (tab "home" or "messages");
    // the event carries the user's current Home view once one was published, as Slack's does.
    std::string send_app_home_opened(const std::string& user = "U1", const std::string& team = "T1",
                                     const std::string& tab = "home", FakeSlackConnection* connection = nullptr);
    // A button pressed on the user's Home tab: a block_actions payload from a view, so with the
    // view and no channel, message or response_url.
    std::string send_home_button_press(const std::string& value, const std::string& user = "U1",
                                       const std::string& team = "T1", FakeSlackConnection* connection = nullptr);
    // A modal submitted (interactive view_submission, shaped like Slack's documented
    // example): `view` as views.open received it, `answers` field → value as the member
    // picked or typed it (a user id, a choice's value, "a,b" for a multi-select); fields
    // not answered are left empty the way Slack sends them.
    std::string send_view_submission(const nlohmann::json& view, const std::map<std::string, std::string>& answers,
                                     const std::string& user = "U1", const std::string& team = "T1");
    // An external select asking for options (interactive block_suggestion) in `view`.
    std::string send_block_suggestion(const nlohmann::json& view, const std::string& action_id,
                                      const std::string& typed, const std::string& user = "U1",
                                      const std::string& team = "T1");
    // The views opened with views.open, oldest first (the `view` argument of each).
    std::vector<nlohmann::json> opened_views() const;
    void send_envelope(const nlohmann::json& envelope, FakeSlackConnection* connection = nullptr);
    void send_disconnect(FakeSlackConnection& connection, const std::string& reason);
    void send_raw(FakeSlackConnection& connection, std::string text);

    const std::vector<FakeSlackAck>& acks() const { return acks_; }
    std::vector<FakeSlackAck> acks_for(const std::string& envelope_id) const;
    const std::vector<FakeSlackCall>& calls() const { return calls_; }
    std::vector<FakeSlackCall> calls_of(const std::string& method) const;
    // Every Home view published (views.publish calls Slack accepted), oldest first.
    const std::vector<FakeSlackView>& published_views() const { return published_views_; }
    std::vector<FakeSlackView> published_views_for(const std::string& user) const;
    std::size_t tickets_issued() const { return tickets_.size(); }
    std::size_t tickets_refused() const { return tickets_refused_; }
    std::size_t acks_received() const { return acks_received_; }
    std::string response_url(const std::string& id) const { return http_url("/respond/" + id); }
    // Files by id, in the order their uploads were asked for.
    const std::vector<FakeSlackFile>& files() const { return files_; }
    // Files shared into `channel_id` by completeUploadExternal.
    std::vector<FakeSlackFile> files_shared_in(const std::string& channel_id) const;

protected:
    boost::asio::awaitable<ServerResponse> handle_http(ServerRequest request) override;
    bool accept_websocket(const ServerRequest& request, ServerResponse& refusal) override;
    void on_websocket(std::shared_ptr<ServerWebSocket> socket, const ServerRequest& request) override;

private:
    std::string next_envelope_id();
    ServerResponse views_publish(const ServerRequest& request, const nlohmann::json& body);
    ServerResponse get_upload_url(const ServerRequest& request, const nlohmann::json& form);
    ServerResponse receive_upload(const ServerRequest& request, const std::string& file_id);
    ServerResponse complete_upload(const ServerRequest& request, const nlohmann::json& body);
    boost::asio::awaitable<void> read_acks(std::shared_ptr<ServerWebSocket> socket, std::size_t id,
                                           std::shared_ptr<bool> alive);

    std::map<std::string, std::deque<FakeSlackAnswer>> scripted_;
    std::map<std::string, bool> tickets_;  // ticket → already used
    std::size_t tickets_refused_ = 0;
    std::vector<std::unique_ptr<FakeSlackConnection>> connections_;
    std::vector<FakeSlackAck> acks_;
    std::size_t acks_received_ = 0;
    std::vector<FakeSlackCall> calls_;
    std::size_t envelope_counter_ = 0;
    std::size_t message_counter_ = 0;
    std::vector<FakeSlackView> published_views_;
    std::vector<FakeSlackFile> files_;
    std::map<std::string, nlohmann::json> home_views_;  // user → their Home as Slack shows it now
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace mentorbot::testing
