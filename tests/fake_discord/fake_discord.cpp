// The fake Discord: REST routes the bot uses, and a Gateway that identifies, resumes, replays and misbehaves on cue.
#include "tests/fake_discord/fake_discord.h"

#include <algorithm>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "tests/support/multipart_form.h"

namespace mentorbot::testing {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

std::vector<std::string> segments(std::string_view path) {
    std::vector<std::string> out;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        auto end = path.find('/');
        out.emplace_back(path.substr(0, end));
        if (end == std::string_view::npos) break;
        path.remove_prefix(end);
    }
    return out;
}

// "files[3]" → 3; nullopt for any other field name.
std::optional<long long> file_index(const std::string& field) {
    if (!starts_with(field, "files[") || field.size() < 8 || field.back() != ']') return std::nullopt;
    const std::string digits = field.substr(6, field.size() - 7);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoll(digits);
}

// Whether `attachments` in the message has an entry whose id is the placeholder `index`.
bool declares(const json& message, long long index, const std::string& filename) {
    const auto attachments = message.find("attachments");
    if (attachments == message.end() || !attachments->is_array()) return false;
    for (const auto& entry : *attachments) {
        if (!entry.is_object() || !entry.contains("id")) continue;
        const json& id = entry["id"];
        const bool same = (id.is_number_integer() && id.get<long long>() == index) ||
                          (id.is_string() && id.get<std::string>() == std::to_string(index));
        if (same) return !entry.contains("filename") || entry["filename"] == filename;
    }
    return false;
}

// A request posted as multipart/form-data, read as the docs' "Uploading Files" describes
// it: payload_json holds the JSON body, each files[n] has a filename and is declared with
// id n in the attachments of the message (for an interaction callback, of its data).
// False when Discord would answer 50035.
bool read_form(const std::string& content_type, const std::string& body, const FakeDiscord::PostedFile& where,
               bool callback, FakeDiscord::Request& record, std::vector<FakeDiscord::PostedFile>& files) {
    const auto parts = parse_multipart_form(content_type, body);
    if (!parts) return false;
    json payload;
    for (const FormPart& part : *parts) {
        if (part.name == "payload_json") payload = json::parse(part.bytes, nullptr, /*allow_exceptions=*/false);
    }
    if (!payload.is_object()) return false;
    if (callback && (!payload.contains("data") || !payload["data"].is_object())) return false;
    const json& message = callback ? payload["data"] : payload;
    for (const FormPart& part : *parts) {
        if (part.name == "payload_json") continue;
        const auto index = file_index(part.name);
        if (!index || part.filename.empty() || !declares(message, *index, part.filename)) return false;
        FakeDiscord::PostedFile file = where;
        file.field = part.name;
        file.filename = part.filename;
        file.content_type = part.content_type;
        file.bytes = part.bytes;
        file.payload = payload;
        files.push_back(std::move(file));
    }
    record.body = payload;
    return true;
}

}  // namespace

FakeDiscord::FakeDiscord(asio::io_context& io, const TestCertificates& certificates) : FakeServer(io, certificates) {}

std::vector<const FakeDiscord::Request*> FakeDiscord::requests_to(const std::string& method,
                                                                  const std::string& path_prefix) const {
    std::vector<const Request*> out;
    for (const auto& request : requests) {
        if (request.method == method && starts_with(request.path, path_prefix)) out.push_back(&request);
    }
    return out;
}

std::size_t FakeDiscord::callback_count() const {
    std::size_t count = 0;
    for (const auto& [id, bodies] : callbacks) count += bodies.size();
    return count;
}

void FakeDiscord::script_once(std::string method, std::string path_prefix, unsigned status, json body,
                              std::vector<std::pair<std::string, std::string>> headers) {
    scripted_.push_back(
        Scripted{std::move(method), std::move(path_prefix), status, std::move(body), std::move(headers)});
}

asio::awaitable<ServerResponse> FakeDiscord::handle_http(ServerRequest request) {
    Request record;
    record.method = std::string(request.method_string());
    std::string target(request.target());
    // Routes match on the path alone: other clients add queries (a callback's ?with_response=false).
    target = target.substr(0, target.find('?'));
    record.path = starts_with(target, "/api/v10") ? target.substr(8) : target;
    record.authorization = std::string(request[boost::beast::http::field::authorization]);
    record.body = json::parse(request.body(), nullptr, /*allow_exceptions=*/false);
    record.at = std::chrono::steady_clock::now();
    const std::string connection(request[fake_connection_header]);
    if (!connection.empty()) record.connection = std::stoul(connection);
    if (hold_callbacks_until > 0 && record.method == "POST" && record.path.ends_with("/callback")) {
        co_await hold_callback();
    }
    ServerResponse response = answer(request, record);
    record.status = response.result_int();
    if (record.status == 429) {
        const json body = json::parse(response.body(), nullptr, /*allow_exceptions=*/false);
        double seconds = 0;
        if (body.is_object() && body.contains("retry_after") && body["retry_after"].is_number()) {
            seconds = body["retry_after"].get<double>();
        } else if (auto header = response.find("Retry-After"); header != response.end()) {
            seconds = std::stod(std::string(header->value()));
        }
        const bool global = (body.is_object() && body.value("global", false)) ||
                            response["X-RateLimit-Global"] == "true";
        rate_limit_windows.push_back(
            RateLimitWindow{record.path, record.connection, record.at,
                            record.at + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                            std::chrono::duration<double>(seconds)),
                            global});
    }
    if (keep_records) requests.push_back(std::move(record));
    co_return response;
}

asio::awaitable<void> FakeDiscord::hold_callback() {
    most_callbacks_held = std::max(most_callbacks_held, ++callbacks_held_);
    if (callbacks_held_ >= hold_callbacks_until) callbacks_released_ = true;
    asio::steady_timer tick(co_await asio::this_coro::executor);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!callbacks_released_ && std::chrono::steady_clock::now() < deadline) {
        tick.expires_after(std::chrono::milliseconds(1));
        co_await tick.async_wait(asio::use_awaitable);
    }
    --callbacks_held_;
}

std::optional<ServerResponse> FakeDiscord::read_files(const ServerRequest& request, Request& record,
                                                      const PostedFile& where, bool callback,
                                                      std::vector<PostedFile>& files) {
    const std::string content_type(request[boost::beast::http::field::content_type]);
    if (!starts_with(content_type, "multipart/form-data")) return std::nullopt;
    if (!read_form(content_type, request.body(), where, callback, record, files)) {
        return make_response(request, 400, R"({"message":"Invalid Form Body","code":50035})");
    }
    if (refuse_files > 0 && !files.empty()) {
        --refuse_files;
        files.clear();
        return make_response(request, 413, R"({"message":"Request entity too large","code":40005})");
    }
    return std::nullopt;
}

ServerResponse FakeDiscord::answer(const ServerRequest& request, Request& record) {
    for (auto it = scripted_.begin(); it != scripted_.end(); ++it) {
        if (it->method == record.method && starts_with(record.path, it->path_prefix)) {
            auto response = make_response(request, it->status, it->body.dump());
            for (const auto& [name, value] : it->headers) response.set(name, value);
            scripted_.erase(it);
            return response;
        }
    }
    const auto parts = segments(record.path);
    const bool needs_bot_token = parts.empty() || (parts[0] != "interactions" && parts[0] != "webhooks");
    if (needs_bot_token && record.authorization != "Bot " + accepted_token) {
        return make_response(request, 401, R"({"message":"401: Unauthorized","code":0})");
    }
    if (record.method == "GET" && record.path == "/gateway/bot") {
        json body = {{"url", websocket_url("/gateway")},
                     {"shards", 1},
                     {"session_start_limit",
                      {{"total", 1000}, {"remaining", 999}, {"reset_after", 0}, {"max_concurrency", max_concurrency}}}};
        return make_response(request, 200, body.dump());
    }
    if (record.method == "PUT" && parts.size() >= 3 && parts[0] == "applications" && parts.back() == "commands") {
        return make_response(request, 200, record.body.dump());
    }
    if (record.method == "POST" && parts.size() == 4 && parts[0] == "interactions" && parts[3] == "callback") {
        // Only an accepted callback answers the interaction (a refused one leaves no trace).
        if (auto answered = callbacks.find(parts[1]); answered != callbacks.end() && !answered->second.empty()) {
            return make_response(request, 400,
                                 R"({"message":"Interaction has already been acknowledged.","code":40060})");
        }
        std::vector<PostedFile> files;
        PostedFile where;
        where.interaction = parts[1];
        if (auto refused = read_files(request, record, where, /*callback=*/true, files)) return std::move(*refused);
        if (on_callback) on_callback(parts[1], record.body);
        callbacks[parts[1]].push_back(keep_records ? record.body : json());
        for (auto& file : files) posted_files.push_back(std::move(file));
        // No content, so no content type, as Discord answers (a client may parse a typed body).
        auto response = make_response(request, 204, "");
        response.erase(boost::beast::http::field::content_type);
        return response;
    }
    if (parts.size() >= 3 && parts[0] == "webhooks") {
        std::vector<PostedFile> files;
        PostedFile where;
        where.interaction = parts[2];
        if (auto refused = read_files(request, record, where, /*callback=*/false, files)) return std::move(*refused);
        for (auto& file : files) posted_files.push_back(std::move(file));
        return make_response(request, 200, R"({"id":"5000","channel_id":"C1"})");
    }
    if (record.method == "POST" && record.path == "/users/@me/channels") {
        ++dm_channels_opened;
        json body = {{"id", "DM" + record.body.value("recipient_id", std::string("?"))}, {"type", 1}};
        return make_response(request, 200, body.dump());
    }
    if (record.method == "POST" && parts.size() == 3 && parts[0] == "channels" && parts[2] == "messages") {
        std::vector<PostedFile> files;
        PostedFile where;
        where.channel = parts[1];
        if (auto refused = read_files(request, record, where, /*callback=*/false, files)) return std::move(*refused);
        if (rate_limit_every > 0 && ++posts_per_channel_[parts[1]] % rate_limit_every == 0) {
            json body = {{"message", "You are being rate limited."},
                         {"retry_after", rate_limit_seconds},
                         {"global", false}};
            auto response = make_response(request, 429, body.dump());
            response.set("X-RateLimit-Limit", "5");
            response.set("X-RateLimit-Remaining", "0");
            response.set("X-RateLimit-Reset-After", std::to_string(rate_limit_seconds));
            response.set("X-RateLimit-Bucket", "channel-messages");
            response.set("X-RateLimit-Scope", "user");
            return response;
        }
        channel_messages[parts[1]].push_back(record.body);
        for (auto& file : files) posted_files.push_back(std::move(file));
        auto response = make_response(request, 200, R"({"id":"6000"})");
        response.set("X-RateLimit-Limit", "5");
        response.set("X-RateLimit-Remaining", "4");
        response.set("X-RateLimit-Reset-After", "1.000");
        response.set("X-RateLimit-Bucket", "channel-messages");
        return response;
    }
    return make_response(request, 404, R"({"message":"404: Not Found","code":0})");
}

void FakeDiscord::on_websocket(std::shared_ptr<ServerWebSocket> socket, const ServerRequest& request) {
    gateway_connections.push_back(GatewayConnection{std::string(request.target()), std::chrono::steady_clock::now()});
    current_socket_ = socket;
    ready_socket_.reset();
    socket->send(
        json{{"op", 10}, {"d", {{"heartbeat_interval", heartbeat_interval_ms}}}, {"s", nullptr}, {"t", nullptr}}
            .dump());
    asio::co_spawn(io(), read_gateway(socket, lifetime_), asio::detached);
}

asio::awaitable<void> FakeDiscord::read_gateway(std::shared_ptr<ServerWebSocket> socket, std::shared_ptr<bool> alive) {
    std::function<void(std::string)> on_message = [this, socket, alive](std::string text) {
        if (*alive) handle_frame(socket, text);
    };
    co_await socket->read_messages(std::move(on_message));
    if (*alive && ready_socket_ == socket) ready_socket_.reset();
}

json FakeDiscord::dispatch_frame(std::int64_t seq, const std::string& name, const json& data) const {
    return {{"op", 0}, {"s", seq}, {"t", name}, {"d", data}};
}

void FakeDiscord::handle_frame(const std::shared_ptr<ServerWebSocket>& socket, const std::string& text) {
    const json frame = json::parse(text, nullptr, /*allow_exceptions=*/false);
    const int op = frame.is_object() ? frame.value("op", -1) : -1;
    if (op == 1) {
        ++heartbeats;
        if (acknowledge_heartbeats) socket->send(R"({"op":11,"d":null,"s":null,"t":null})");
    } else if (op == 2) {
        identifies.push_back(frame["d"]);
        const auto now = std::chrono::steady_clock::now();
        const json shard = frame["d"].value("shard", json::array({0, 1}));
        const int bucket = shard.is_array() && !shard.empty() && shard[0].is_number_integer()
                               ? shard[0].get<int>() % std::max(1, max_concurrency)
                               : 0;
        bool refused = false;
        if (refuse_identifies > 0) {
            --refuse_identifies;
            refused = true;
        }
        for (auto it = identify_arrivals.rbegin(); it != identify_arrivals.rend() && !refused; ++it) {
            if (it->bucket != bucket) continue;
            refused = identify_window.count() > 0 && now - it->at < identify_window;
            break;
        }
        identify_arrivals.push_back(IdentifyArrival{now, bucket, refused});
        if (refused) {
            socket->send(R"({"op":9,"d":false,"s":null,"t":null})");
            return;
        }
        session_id_ = "session-" + std::to_string(++sessions_started_);
        sequence_ = 0;
        event_log_.clear();
        ready_socket_ = socket;
        json ready = {{"v", 10},
                      {"user", {{"id", application_id}, {"username", "mentorbot"}, {"bot", true}}},
                      {"session_id", session_id_},
                      {"resume_gateway_url", websocket_url("/resume")},
                      {"application", {{"id", application_id}, {"flags", 0}}},
                      {"guilds", json::array()},
                      {"shard", frame["d"].value("shard", json::array({0, 1}))}};
        socket->send(dispatch_frame(++sequence_, "READY", ready).dump());
        if (on_ready) on_ready();
    } else if (op == 6) {
        resumes.push_back(frame["d"]);
        const auto& d = frame["d"];
        if (!session_id_.empty() && d.value("session_id", std::string()) == session_id_ && d.contains("seq") &&
            d["seq"].is_number_integer()) {
            const std::int64_t from = d["seq"].get<std::int64_t>() - replay_overlap;
            for (const auto& [seq, event] : event_log_) {
                if (seq > from) socket->send(event.dump());
            }
            ready_socket_ = socket;
            socket->send(dispatch_frame(++sequence_, "RESUMED", json::object()).dump());
        } else {
            socket->send(R"({"op":9,"d":false,"s":null,"t":null})");
        }
    } else {
        unexpected_frames.push_back(text);
    }
}

std::int64_t FakeDiscord::dispatch(const std::string& name, json data) {
    const std::int64_t seq = ++sequence_;
    json frame = dispatch_frame(seq, name, data);
    if (gateway_ready()) ready_socket_->send(frame.dump());
    // Without records (benchmarks), only a recent window stays replayable.
    if (!keep_records && event_log_.size() >= 1000) event_log_.erase(event_log_.begin(), event_log_.begin() + 500);
    event_log_.emplace_back(seq, std::move(frame));
    return seq;
}

std::int64_t FakeDiscord::dispatch_missed(const std::string& name, json data) {
    const std::int64_t seq = ++sequence_;
    event_log_.emplace_back(seq, dispatch_frame(seq, name, data));
    return seq;
}

void FakeDiscord::send_raw(std::string text) {
    if (current_socket_) current_socket_->send(std::move(text));
}

void FakeDiscord::close_gateway(std::uint16_t code) {
    closes.push_back(GatewayClose{code, std::chrono::steady_clock::now()});
    ready_socket_.reset();
    if (auto socket = current_socket_) asio::co_spawn(io(), socket->close(code), asio::detached);
}

void FakeDiscord::drop_gateway() {
    ready_socket_.reset();
    if (current_socket_) current_socket_->drop();
}

void FakeDiscord::freeze_gateway() {
    ready_socket_.reset();
    if (current_socket_) current_socket_->freeze();
}

}  // namespace mentorbot::testing
