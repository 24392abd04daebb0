// The fake Slack: one-use tickets, hello, envelopes out, acks and Web API calls recorded.
#include "tests/fake_slack/fake_slack.h"

#include <algorithm>
#include <cctype>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/url/parse.hpp>

namespace mentorbot::testing {

namespace asio = boost::asio;
namespace http = boost::beast::http;

FakeSlack::FakeSlack(asio::io_context& io, const TestCertificates& certificates, bool use_tls)
    : FakeServer(io, certificates, use_tls) {}

FakeSlack::~FakeSlack() {
    *alive_ = false;
    stop();
}

namespace {

// The envelope id of an ack written without spaces, as the bot writes it; empty if the
// text does not have that shape.
std::string quick_envelope_id(std::string_view text) {
    constexpr std::string_view key = "\"envelope_id\":\"";
    const auto start = text.find(key);
    if (start == std::string_view::npos) return {};
    const auto end = text.find('"', start + key.size());
    if (end == std::string_view::npos) return {};
    return std::string(text.substr(start + key.size(), end - start - key.size()));
}

}  // namespace

std::string FakeSlack::next_envelope_id() { return "env-" + std::to_string(++envelope_counter_); }

FakeSlackConnection* FakeSlack::live_connection() {
    for (auto it = connections_.rbegin(); it != connections_.rend(); ++it) {
        auto& connection = **it;
        if (!connection.closed && !connection.disconnect_sent && connection.socket->is_open() &&
            !connection.socket->is_frozen()) {
            return &connection;
        }
    }
    return nullptr;
}

std::vector<FakeSlackConnection*> FakeSlack::open_connections() {
    std::vector<FakeSlackConnection*> open;
    for (auto& connection : connections_) {
        if (!connection->closed) open.push_back(connection.get());
    }
    return open;
}

void FakeSlack::send_hello(FakeSlackConnection& connection) {
    nlohmann::json hello{{"type", "hello"},
                         {"num_connections", open_connections().size()},
                         {"debug_info", {{"host", "fake-slack"}, {"approximate_connection_time", 18060}}},
                         {"connection_info", {{"app_id", "A1"}}}};
    connection.socket->send(hello.dump());
}

void FakeSlack::send_envelope(const nlohmann::json& envelope, FakeSlackConnection* connection) {
    if (!connection) connection = live_connection();
    if (!connection) throw std::runtime_error("fake Slack: no live connection to send an envelope on");
    connection->socket->send(envelope.dump());
}

std::string FakeSlack::send_slash_command(const std::string& command, const std::string& text, const std::string& user,
                                          const std::string& team, const std::string& channel,
                                          FakeSlackConnection* connection, std::string envelope_id) {
    if (envelope_id.empty()) envelope_id = next_envelope_id();
    // Slash payload values are all strings (S6).
    nlohmann::json payload{{"token", "verification-token"},
                           {"team_id", team},
                           {"team_domain", "example"},
                           {"channel_id", channel},
                           {"channel_name", "general"},
                           {"user_id", user},
                           {"user_name", "user-" + user},
                           {"command", command},
                           {"text", text},
                           {"api_app_id", "A1"},
                           {"is_enterprise_install", "false"},
                           {"response_url", response_url(envelope_id)},
                           {"trigger_id", "trigger-" + envelope_id}};
    if (!enterprise_id.empty()) {
        payload["enterprise_id"] = enterprise_id;
        payload["enterprise_name"] = "Example Grid";
    }
    send_envelope({{"envelope_id", envelope_id},
                   {"type", "slash_commands"},
                   {"accepts_response_payload", true},
                   {"payload", payload}},
                  connection);
    return envelope_id;
}

std::string FakeSlack::send_button_press(const std::string& value, const std::string& user, const std::string& team,
                                         FakeSlackConnection* connection) {
    return send_block_action({{"type", "button"},
                              {"action_id", "mentorbot-0"},
                              {"block_id", "b1"},
                              {"value", value},
                              {"text", {{"type", "plain_text"}, {"text", "Accept"}}},
                              {"action_ts", "1700000000.1"}},
                             user, team, connection);
}

std::string FakeSlack::send_select_choice(const std::string& value, const std::string& label, const std::string& user,
                                          const std::string& team, FakeSlackConnection* connection) {
    // As Slack sends a static_select choice: the option chosen in selected_option.
    return send_block_action(
        {{"type", "static_select"},
         {"action_id", "mentorbot-select-0"},
         {"block_id", "b2"},
         {"selected_option", {{"text", {{"type", "plain_text"}, {"text", label}, {"emoji", true}}}, {"value", value}}},
         {"placeholder", {{"type", "plain_text"}, {"text", "Choose…"}, {"emoji", true}}},
         {"action_ts", "1700000000.2"}},
        user, team, connection);
}

std::string FakeSlack::send_block_action(const nlohmann::json& action, const std::string& user, const std::string& team,
                                         FakeSlackConnection* connection) {
    const std::string envelope_id = next_envelope_id();
    nlohmann::json payload{{"type", "block_actions"},
                           {"user",
                            {{"id", user}, {"username", "user-" + user}, {"name", "user-" + user}, {"team_id", team}}},
                           {"api_app_id", "A1"},
                           {"team", {{"id", team}, {"domain", "example"}}},
                           {"channel", {{"id", "D1"}, {"name", "directmessage"}}},
                           {"is_enterprise_install", false},
                           {"response_url", response_url(envelope_id)},
                           {"trigger_id", "trigger-" + envelope_id},
                           {"actions", nlohmann::json::array({action})}};
    if (!enterprise_id.empty()) {
        payload["enterprise"] = {{"id", enterprise_id}, {"name", "Example Grid"}};
        payload["team"]["enterprise_id"] = enterprise_id;
    } else {
        payload["enterprise"] = nullptr;
    }
    send_envelope({{"envelope_id", envelope_id},
                   {"type", "interactive"},
                   {"accepts_response_payload", false},
                   {"payload", payload}},
                  connection);
    return envelope_id;
}

std::string FakeSlack::send_event(const std::string& event_id, int retry_attempt, FakeSlackConnection* connection,
                                  std::string envelope_id) {
    if (envelope_id.empty()) envelope_id = next_envelope_id();
    send_envelope({{"envelope_id", envelope_id},
                   {"type", "events_api"},
                   {"accepts_response_payload", false},
                   {"retry_attempt", retry_attempt},
                   {"retry_reason", retry_attempt > 0 ? "timeout" : ""},
                   {"payload",
                    {{"team_id", "T1"},
                     {"event_id", event_id},
                     {"event", {{"type", "app_mention"}, {"user", "U1"}, {"text", "<@B1> hi"}}}}}},
                  connection);
    return envelope_id;
}

std::string FakeSlack::send_app_home_opened(const std::string& user, const std::string& team, const std::string& tab,
                                            FakeSlackConnection* connection) {
    const std::string envelope_id = next_envelope_id();
    nlohmann::json event{{"type", "app_home_opened"},
                         {"user", user},
                         {"channel", "D" + user},
                         {"event_ts", "1515449522000016"},
                         {"tab", tab}};
    if (auto home = home_views_.find(user); home != home_views_.end() && tab == "home") event["view"] = home->second;
    nlohmann::json authorization{{"enterprise_id", nullptr},
                                 {"team_id", team},
                                 {"user_id", "UBOT"},
                                 {"is_bot", true},
                                 {"is_enterprise_install", false}};
    nlohmann::json payload{{"token", "verification-token"},
                           {"team_id", team},
                           {"api_app_id", "A1"},
                           {"event", event},
                           {"type", "event_callback"},
                           {"event_id", "Ev" + envelope_id},
                           {"event_time", 1515449522},
                           {"authorizations", {authorization}},
                           {"is_ext_shared_channel", false},
                           {"event_context", "4-eyJldCI6ImFwcF9ob21lX29wZW5lZCJ9"}};
    if (!enterprise_id.empty()) {
        payload["enterprise_id"] = enterprise_id;
        payload["authorizations"][0]["enterprise_id"] = enterprise_id;
    }
    send_envelope({{"envelope_id", envelope_id},
                   {"type", "events_api"},
                   {"accepts_response_payload", false},
                   {"retry_attempt", 0},
                   {"retry_reason", ""},
                   {"payload", payload}},
                  connection);
    return envelope_id;
}

std::string FakeSlack::send_home_button_press(const std::string& value, const std::string& user,
                                              const std::string& team, FakeSlackConnection* connection) {
    const std::string envelope_id = next_envelope_id();
    nlohmann::json view = nlohmann::json::object();
    if (auto home = home_views_.find(user); home != home_views_.end()) view = home->second;
    nlohmann::json payload{{"type", "block_actions"},
                           {"user",
                            {{"id", user}, {"username", "user-" + user}, {"name", "user-" + user}, {"team_id", team}}},
                           {"api_app_id", "A1"},
                           {"token", "verification-token"},
                           {"container", {{"type", "view"}, {"view_id", view.value("id", "VHOME")}}},
                           {"trigger_id", "trigger-" + envelope_id},
                           {"team", {{"id", team}, {"domain", "example"}}},
                           {"is_enterprise_install", false},
                           {"view", view},
                           {"actions",
                            {{{"type", "button"},
                              {"action_id", "mentorbot-home-0"},
                              {"block_id", "h1"},
                              {"value", value},
                              {"text", {{"type", "plain_text"}, {"text", "Home button"}}},
                              {"action_ts", "1700000000.2"}}}}};
    if (!enterprise_id.empty()) {
        payload["enterprise"] = {{"id", enterprise_id}, {"name", "Example Grid"}};
        payload["team"]["enterprise_id"] = enterprise_id;
    } else {
        payload["enterprise"] = nullptr;
    }
    send_envelope({{"envelope_id", envelope_id},
                   {"type", "interactive"},
                   {"accepts_response_payload", false},
                   {"payload", payload}},
                  connection);
    return envelope_id;
}

std::vector<FakeSlackView> FakeSlack::published_views_for(const std::string& user) const {
    std::vector<FakeSlackView> found;
    for (const auto& published : published_views_) {
        if (published.user_id == user) found.push_back(published);
    }
    return found;
}

namespace {

// view.state.values for a submission: each input block's element as Slack reports it.
nlohmann::json state_values(const nlohmann::json& view, const std::map<std::string, std::string>& answers) {
    nlohmann::json values = nlohmann::json::object();
    for (const auto& block : view.value("blocks", nlohmann::json::array())) {
        if (block.value("type", "") != "input") continue;
        const nlohmann::json& element = block["element"];
        const std::string type = element.value("type", "");
        const std::string action_id = element.value("action_id", "");
        auto answer = answers.find(block.value("block_id", ""));
        nlohmann::json state{{"type", type}};
        const auto option = [](const std::string& value) {
            return nlohmann::json{{"text", {{"type", "plain_text"}, {"text", value}, {"emoji", true}}},
                                  {"value", value}};
        };
        if (type == "plain_text_input") {
            state["value"] = answer == answers.end() ? nlohmann::json(nullptr) : nlohmann::json(answer->second);
        } else if (type == "users_select") {
            state["selected_user"] = answer == answers.end() ? nlohmann::json(nullptr) : nlohmann::json(answer->second);
        } else if (type == "datepicker") {
            state["selected_date"] = answer == answers.end() ? nlohmann::json(nullptr) : nlohmann::json(answer->second);
        } else if (type == "timepicker") {
            state["selected_time"] = answer == answers.end() ? nlohmann::json(nullptr) : nlohmann::json(answer->second);
        } else if (type == "channels_select") {
            state["selected_channel"] = answer == answers.end() ? nlohmann::json(nullptr)
                                                                : nlohmann::json(answer->second);
        } else if (type.starts_with("multi_")) {
            nlohmann::json selected = nlohmann::json::array();
            if (answer != answers.end()) {
                std::string rest = answer->second;
                for (std::size_t comma; (comma = rest.find(',')) != std::string::npos; rest.erase(0, comma + 1))
                    selected.push_back(option(rest.substr(0, comma)));
                if (!rest.empty()) selected.push_back(option(rest));
            }
            state["selected_options"] = selected;
        } else {
            state["selected_option"] = answer == answers.end() ? nlohmann::json(nullptr) : option(answer->second);
        }
        values[block.value("block_id", "")][action_id] = std::move(state);
    }
    return values;
}

nlohmann::json submitted_view(const nlohmann::json& view, const std::string& team, nlohmann::json values) {
    nlohmann::json submitted = view;
    submitted["id"] = "V1";
    submitted["team_id"] = team;
    submitted["state"] = {{"values", std::move(values)}};
    submitted["hash"] = "156772938.1827394";
    submitted["app_id"] = "A1";
    submitted["bot_id"] = "B1";
    return submitted;
}

}  // namespace

std::string FakeSlack::send_view_submission(const nlohmann::json& view,
                                            const std::map<std::string, std::string>& answers, const std::string& user,
                                            const std::string& team) {
    const std::string envelope_id = next_envelope_id();
    nlohmann::json payload{{"type", "view_submission"},
                           {"team", {{"id", team}, {"domain", "example"}}},
                           {"user",
                            {{"id", user}, {"username", "user-" + user}, {"name", "user-" + user}, {"team_id", team}}},
                           {"api_app_id", "A1"},
                           {"token", "verification-token"},
                           {"trigger_id", "trigger-" + envelope_id},
                           {"view", submitted_view(view, team, state_values(view, answers))},
                           {"response_urls", nlohmann::json::array()},
                           {"is_enterprise_install", false},
                           {"enterprise", nullptr}};
    send_envelope({{"envelope_id", envelope_id},
                   {"type", "interactive"},
                   {"accepts_response_payload", true},
                   {"payload", payload}});
    return envelope_id;
}

std::string FakeSlack::send_block_suggestion(const nlohmann::json& view, const std::string& action_id,
                                             const std::string& typed, const std::string& user,
                                             const std::string& team) {
    const std::string envelope_id = next_envelope_id();
    nlohmann::json payload{{"type", "block_suggestion"},
                           {"user",
                            {{"id", user}, {"username", "user-" + user}, {"name", "user-" + user}, {"team_id", team}}},
                           {"container", {{"type", "view"}, {"view_id", "V1"}}},
                           {"api_app_id", "A1"},
                           {"token", "verification-token"},
                           {"action_id", action_id},
                           {"block_id", action_id},
                           {"value", typed},
                           {"team", {{"id", team}, {"domain", "example"}}},
                           {"enterprise", nullptr},
                           {"is_enterprise_install", false},
                           {"view", submitted_view(view, team, nlohmann::json::object())}};
    send_envelope({{"envelope_id", envelope_id},
                   {"type", "interactive"},
                   {"accepts_response_payload", true},
                   {"payload", payload}});
    return envelope_id;
}

std::vector<nlohmann::json> FakeSlack::opened_views() const {
    std::vector<nlohmann::json> views;
    for (const auto& call : calls_)
        if (call.method == "views.open" && call.body.is_object())
            views.push_back(call.body.value("view", nlohmann::json()));
    return views;
}

void FakeSlack::send_disconnect(FakeSlackConnection& connection, const std::string& reason) {
    connection.disconnect_sent = true;
    connection.socket->send(
        nlohmann::json{{"type", "disconnect"}, {"reason", reason}, {"debug_info", {{"host", "fake-slack"}}}}.dump());
}

void FakeSlack::send_raw(FakeSlackConnection& connection, std::string text) {
    connection.socket->send(std::move(text));
}

std::vector<FakeSlackAck> FakeSlack::acks_for(const std::string& envelope_id) const {
    std::vector<FakeSlackAck> found;
    for (const auto& ack : acks_) {
        if (ack.envelope_id == envelope_id) found.push_back(ack);
    }
    return found;
}

std::vector<FakeSlackCall> FakeSlack::calls_of(const std::string& method) const {
    std::vector<FakeSlackCall> found;
    for (const auto& call : calls_) {
        if (call.method == method) found.push_back(call);
    }
    return found;
}

bool FakeSlack::accept_websocket(const ServerRequest& request, ServerResponse& refusal) {
    auto url = boost::urls::parse_origin_form(request.target());
    std::string ticket;
    if (url) {
        for (auto param : url->params()) {
            if (param.key == "ticket") ticket = param.value;
        }
    }
    auto found = tickets_.find(ticket);
    // A ticket URL works once (S2).
    if (found == tickets_.end() || found->second) {
        ++tickets_refused_;
        refusal = make_response(request, 401, R"({"ok":false,"error":"invalid_ticket"})");
        return false;
    }
    found->second = true;
    return true;
}

void FakeSlack::on_websocket(std::shared_ptr<ServerWebSocket> socket, const ServerRequest& request) {
    auto connection = std::make_unique<FakeSlackConnection>();
    connection->id = connections_.size() + 1;
    connection->ticket = std::string(request.target());
    connection->socket = socket;
    connection->opened_at = std::chrono::steady_clock::now();
    FakeSlackConnection* raw = connection.get();
    connections_.push_back(std::move(connection));
    if (on_connect) {
        on_connect(*raw);
    } else {
        send_hello(*raw);
    }
    const std::size_t id = raw->id;
    asio::co_spawn(io(), read_acks(socket, id, alive_), asio::detached);
}

// Parameters, not lambda captures: the coroutine outlives the statement that starts it.
asio::awaitable<void> FakeSlack::read_acks(std::shared_ptr<ServerWebSocket> socket, std::size_t id,
                                           std::shared_ptr<bool> alive) {
    // A named handler: GCC 12 mishandles non-trivial temporaries inside co_await.
    std::function<void(std::string)> on_message = [this, id, alive](std::string text) {
        if (!*alive) return;
        FakeSlackAck ack;
        nlohmann::json message;
        if (record) {
            message = nlohmann::json::parse(text, nullptr, false);
            ack.envelope_id = message.is_object() ? message.value("envelope_id", "") : "";
            ack.carries_payload = message.is_object() && message.contains("payload");
        } else {
            ack.envelope_id = quick_envelope_id(text);
            ack.carries_payload = text.find("\"payload\":") != std::string::npos;
        }
        ack.connection_id = id;
        ack.at = std::chrono::steady_clock::now();
        ++acks_received_;
        if (record) ack.message = std::move(message);
        if (on_ack) on_ack(ack);
        if (record) acks_.push_back(std::move(ack));
    };
    co_await socket->read_messages(std::move(on_message));
    if (!*alive) co_return;
    auto& connection = *connections_[id - 1];
    if (!connection.socket->is_frozen()) {
        connection.closed = true;
        connection.closed_at = std::chrono::steady_clock::now();
    }
}

namespace {

bool is_form(const ServerRequest& request) {
    return std::string(request[http::field::content_type]).rfind("application/x-www-form-urlencoded", 0) == 0;
}

std::string percent_decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
                   std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// The request's arguments: a JSON body, or a form's fields as strings.
nlohmann::json body_of(const ServerRequest& request) {
    if (!is_form(request)) return nlohmann::json::parse(request.body(), nullptr, false);
    nlohmann::json fields = nlohmann::json::object();
    std::string_view rest = request.body();
    while (!rest.empty()) {
        const std::size_t end = rest.find('&');
        const std::string_view pair = rest.substr(0, end);
        const std::size_t equals = pair.find('=');
        fields[percent_decoded(pair.substr(0, equals))] = equals == std::string_view::npos
                                                              ? std::string()
                                                              : percent_decoded(pair.substr(equals + 1));
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return fields;
}

}  // namespace

asio::awaitable<ServerResponse> FakeSlack::handle_http(ServerRequest request) {
    std::string path(request.target());
    std::string method;
    if (path.rfind("/api/", 0) == 0) {
        method = path.substr(5);
    } else if (path.rfind("/respond/", 0) == 0) {
        method = "response_url";
    } else if (path.rfind("/upload/v1/", 0) == 0) {
        // The upload_url getUploadURLExternal hands out: the URL is the permission, no token.
        method = "file upload";
    } else {
        co_return make_response(request, 404, R"({"ok":false,"error":"unknown_method"})");
    }
    if (record) {
        FakeSlackCall call{method,
                           path,
                           std::string(request[http::field::authorization]),
                           std::string(request[http::field::content_type]),
                           body_of(request),
                           std::chrono::steady_clock::now()};
        if (call.body.is_discarded()) call.body = nullptr;
        calls_.push_back(std::move(call));
    }

    if (auto scripted = scripted_.find(method); scripted != scripted_.end() && !scripted->second.empty()) {
        FakeSlackAnswer answer = std::move(scripted->second.front());
        scripted->second.pop_front();
        auto response = make_response(request, answer.status, answer.body);
        for (auto& [name, value] : answer.headers) response.set(name, value);
        co_return response;
    }

    const std::string authorization(request[http::field::authorization]);
    if (method == "response_url") co_return make_response(request, 200, "ok", "text/plain");
    if (method == "file upload") co_return receive_upload(request, path.substr(std::string("/upload/v1/").size()));
    if (method == "apps.connections.open") {
        if (authorization != "Bearer " + app_token) {
            co_return make_response(request, 200, R"({"ok":false,"error":"invalid_auth"})");
        }
        const std::string ticket = "ticket-" + std::to_string(tickets_.size() + 1);
        tickets_[ticket] = false;
        co_return make_response(
            request, 200,
            nlohmann::json{{"ok", true}, {"url", websocket_url("/link/?ticket=" + ticket + "&app_id=A1")}}.dump());
    }
    if (authorization != "Bearer " + bot_token) {
        co_return make_response(request, 200, R"({"ok":false,"error":"invalid_auth"})");
    }
    auto body = body_of(request);
    if (method == "files.getUploadURLExternal") co_return get_upload_url(request, body);
    if (method == "files.completeUploadExternal") co_return complete_upload(request, body);
    if (method == "conversations.open") {
        const std::string users = body.is_object() ? body.value("users", "") : "";
        if (users.empty()) co_return make_response(request, 200, R"({"ok":false,"error":"users_not_found"})");
        co_return make_response(request, 200, nlohmann::json{{"ok", true}, {"channel", {{"id", "D" + users}}}}.dump());
    }
    if (method == "chat.postMessage" || method == "chat.postEphemeral") {
        const std::string channel = body.is_object() ? body.value("channel", "") : "";
        if (channel.empty() || channel == "CGONE") {
            co_return make_response(request, 200, R"({"ok":false,"error":"channel_not_found"})");
        }
        co_return make_response(request, 200,
                                nlohmann::json{{"ok", true},
                                               {"channel", channel},
                                               {"ts", "1700000000." + std::to_string(++message_counter_)}}
                                    .dump());
    }
    if (method == "views.publish") co_return views_publish(request, body);
    if (method == "views.open") {
        // Slack refuses a view without a trigger, a title over 24 characters or more than 100 blocks.
        const bool valid = body.is_object() && !body.value("trigger_id", "").empty() && body.contains("view") &&
                           body["view"].value("type", "") == "modal" &&
                           body["view"]["title"].value("text", "").size() <= 24 * 4 &&
                           body["view"]["blocks"].size() <= 100;
        if (!valid) co_return make_response(request, 200, R"({"ok":false,"error":"invalid_arguments"})");
        co_return make_response(request, 200, nlohmann::json{{"ok", true}, {"view", body["view"]}}.dump());
    }
    co_return make_response(request, 200, R"({"ok":false,"error":"unknown_method"})");
}

std::vector<FakeSlackFile> FakeSlack::files_shared_in(const std::string& channel_id) const {
    std::vector<FakeSlackFile> shared;
    for (const auto& file : files_) {
        if (file.channel_id == channel_id) shared.push_back(file);
    }
    return shared;
}

ServerResponse FakeSlack::get_upload_url(const ServerRequest& request, const nlohmann::json& form) {
    const auto refuse = [&](const char* error) {
        return make_response(request, 200, nlohmann::json{{"ok", false}, {"error", error}}.dump());
    };
    // Slack reads this method's arguments from a form (or the query), not from JSON.
    if (!is_form(request)) return refuse("invalid_arguments");
    const std::string filename = form.is_object() ? form.value("filename", "") : "";
    const std::string length = form.is_object() ? form.value("length", "") : "";
    if (filename.empty() || length.empty() || length.find_first_not_of("0123456789") != std::string::npos ||
        std::stoull(length) == 0) {
        return refuse("missing_argument");  // "typically only occurs when the length provided is 0"
    }
    FakeSlackFile file;
    file.id = "F" + std::to_string(files_.size() + 1);
    file.filename = filename;
    file.length = std::stoull(length);
    files_.push_back(file);
    return make_response(
        request, 200,
        nlohmann::json{{"ok", true}, {"upload_url", http_url("/upload/v1/" + file.id)}, {"file_id", file.id}}.dump());
}

ServerResponse FakeSlack::receive_upload(const ServerRequest& request, const std::string& file_id) {
    for (auto& file : files_) {
        if (file.id != file_id) continue;
        file.bytes = request.body();
        file.content_type = std::string(request[http::field::content_type]);
        file.uploaded = true;
        return make_response(request, 200, "OK - " + std::to_string(file.bytes.size()), "text/plain");
    }
    return make_response(request, 404, "Not Found", "text/plain");
}

ServerResponse FakeSlack::complete_upload(const ServerRequest& request, const nlohmann::json& body) {
    const auto refuse = [&](const char* error) {
        return make_response(request, 200, nlohmann::json{{"ok", false}, {"error", error}}.dump());
    };
    if (!body.is_object() || !body.contains("files")) return refuse("invalid_arguments");
    // A form carries the array as a JSON string; a JSON body as the array itself.
    nlohmann::json listed = body["files"];
    if (listed.is_string()) listed = nlohmann::json::parse(listed.get<std::string>(), nullptr, false);
    if (!listed.is_array() || listed.empty()) return refuse("invalid_arguments");
    const std::string channel = body.value("channel_id", "");
    nlohmann::json completed = nlohmann::json::array();
    for (const auto& entry : listed) {
        const std::string id = entry.is_object() ? entry.value("id", "") : "";
        auto file = std::find_if(files_.begin(), files_.end(), [&](const FakeSlackFile& f) { return f.id == id; });
        // Slack answers file_not_found unless the bytes reached the upload URL, in full.
        if (file == files_.end() || !file->uploaded) return refuse("file_not_found");
        if (file->bytes.size() != file->length) return refuse("file_upload_size_mismatch");
        file->title = entry.value("title", file->filename);
        file->channel_id = channel;
        completed.push_back({{"id", file->id}, {"title", file->title}, {"name", file->filename}});
    }
    return make_response(request, 200, nlohmann::json{{"ok", true}, {"files", completed}}.dump());
}

ServerResponse FakeSlack::views_publish(const ServerRequest& request, const nlohmann::json& body) {
    const auto refuse = [&](const char* error) {
        return make_response(request, 200, nlohmann::json{{"ok", false}, {"error", error}}.dump());
    };
    if (!body.is_object() || !body.contains("user_id") || !body["user_id"].is_string() ||
        body["user_id"].get<std::string>().empty()) {
        return refuse("invalid_arguments");
    }
    // The view may come as an object or as JSON text, as Slack accepts both.
    nlohmann::json view = body.value("view", nlohmann::json());
    if (view.is_string()) view = nlohmann::json::parse(view.get<std::string>(), nullptr, false);
    if (!view.is_object() || view.value("type", "") != "home" || !view.contains("blocks") ||
        !view["blocks"].is_array()) {
        return refuse("invalid_arguments");
    }
    // Slack's limits on a Home view: 100 blocks, 3,000 characters of section text, 75 of a
    // button label, 2,000 of a button value, 150 of a header.
    if (view["blocks"].size() > 100) return refuse("invalid_blocks");
    for (const auto& block : view["blocks"]) {
        const std::string type = block.value("type", "");
        if (type == "section" && block["text"].value("text", "").size() > 3000) return refuse("invalid_blocks");
        if (type == "header" && block["text"].value("text", "").size() > 150) return refuse("invalid_blocks");
        if (type != "actions") continue;
        for (const auto& element : block["elements"]) {
            if (element["text"].value("text", "").size() > 75 || element.value("value", "").size() > 2000)
                return refuse("invalid_blocks");
        }
    }
    const std::string user = body["user_id"].get<std::string>();
    view["id"] = "V" + user;
    view["team_id"] = "T1";
    view["hash"] = "1700000000." + std::to_string(published_views_.size() + 1);
    home_views_[user] = view;
    if (record) published_views_.push_back({user, view, std::chrono::steady_clock::now()});
    return make_response(request, 200, nlohmann::json{{"ok", true}, {"view", view}}.dump());
}

}  // namespace mentorbot::testing
