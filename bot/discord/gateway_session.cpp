// The Discord Gateway v10 protocol as a pure state machine (see gateway_session.h and docs/protocols.md D2–D11).
#include "bot/discord/gateway_session.h"

#include <algorithm>
#include <cmath>

#include <spdlog/spdlog.h>

#include "bot/metrics.h"
#include "bot/net/json_parse.h"
#include "bot/net/simdjson_document.h"

namespace mentorbot::discord {

using nlohmann::json;

namespace {

enum Opcode : int {
    dispatch = 0,
    heartbeat = 1,
    identify = 2,
    resume = 6,
    reconnect = 7,
    invalid_session = 9,
    hello = 10,
    heartbeat_ack = 11,
};

constexpr std::string_view interaction_create = "INTERACTION_CREATE";

// Whether a frame is an INTERACTION_CREATE dispatch, told without building a document.
bool is_interaction_dispatch(simdjson::dom::element document) {
    simdjson::dom::object frame;
    std::int64_t op = -1;
    std::string_view name;
    return document.get(frame) == simdjson::SUCCESS && frame["op"].get(op) == simdjson::SUCCESS && op == dispatch &&
           frame["t"].get(name) == simdjson::SUCCESS && name == interaction_create;
}

Milliseconds scaled(Milliseconds base, double factor) {
    return Milliseconds(static_cast<Milliseconds::rep>(std::floor(static_cast<double>(base.count()) * factor)));
}

}  // namespace

CloseAction close_action(std::optional<std::uint16_t> code) {
    if (!code) return CloseAction::resume;  // dropped without a close frame
    switch (*code) {
        case 4004:
        case 4010:
        case 4011:
        case 4012:
        case 4013:
        case 4014: return CloseAction::fatal;
        case 4000:
        case 4001:
        case 4002:
        case 4003:
        case 4005:
        case 4008: return CloseAction::resume;
        case 4007:
        case 4009: return CloseAction::identify;
        default: break;
    }
    // Unknown Discord codes start a fresh session; transport-level codes (1000, 1001,
    // 1006, 1011, …) are network trouble, and the session survives them.
    if (*code >= 4000 && *code <= 4999) return CloseAction::identify;
    return CloseAction::resume;
}

std::string fatal_close_reason(std::uint16_t code) {
    switch (code) {
        case 4004: return "Discord rejected the bot token (close 4004): check DISCORD_BOT_TOKEN";
        case 4010: return "Discord rejected the shard (close 4010): check DISCORD_SHARD";
        case 4011: return "Discord requires sharding for this bot (close 4011): set DISCORD_SHARD=i/n";
        case 4012: return "Discord rejected the gateway version (close 4012)";
        case 4013: return "Discord rejected the gateway intents as invalid (close 4013)";
        case 4014: return "Discord refused privileged intents that are not enabled for this application (close 4014)";
        default: return "Discord closed the gateway with fatal code " + std::to_string(code);
    }
}

std::string gateway_connect_url(std::string_view base) {
    std::string url(base);
    if (auto query = url.find('?'); query != std::string::npos) url.erase(query);
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url + "/?v=10&encoding=json";
}

void GatewaySendBudget::forget_old(SteadyTime now) const {
    while (!sent_.empty() && now - sent_.front() >= window) sent_.pop_front();
}

bool GatewaySendBudget::try_take(SteadyTime now) {
    forget_old(now);
    if (static_cast<int>(sent_.size()) >= window_limit - reserved_for_heartbeats) return false;
    sent_.push_back(now);
    return true;
}

std::optional<SteadyTime> GatewaySendBudget::next_free(SteadyTime now) const {
    forget_old(now);
    if (static_cast<int>(sent_.size()) < window_limit - reserved_for_heartbeats) return now;
    return sent_.front() + window;
}

void IdentifyWindow::set_max_concurrency(long long max_concurrency) {
    max_concurrency_ = std::max(1LL, max_concurrency);
}

SteadyTime IdentifyWindow::earliest(int shard_id, SteadyTime now) const {
    auto last = last_identify_.find(bucket(shard_id));
    if (last == last_identify_.end()) return now;
    return std::max(now, last->second + window_ + margin);
}

void IdentifyWindow::identified(int shard_id, SteadyTime now) { last_identify_[bucket(shard_id)] = now; }

GatewaySession::GatewaySession(GatewayIdentity identity, std::string gateway_url, std::function<double()> random_unit)
    : identity_(std::move(identity)), gateway_url_(std::move(gateway_url)), random_unit_(std::move(random_unit)) {}

ReconnectPlan GatewaySession::first_connection() const {
    ReconnectPlan plan;
    plan.url = gateway_connect_url(gateway_url_);
    plan.reason = "first connection";
    return plan;
}

void GatewaySession::opened(SteadyTime now) {
    phase_ = Phase::awaiting_hello;
    opened_at_ = now;
    last_received_ = now;
    heartbeat_interval_ = Milliseconds(0);
    next_beat_.reset();
    awaiting_ack_ = false;
    missed_acks_ = 0;
    budget_.reset();
    queued_.clear();
    pending_.reset();
}

std::string GatewaySession::heartbeat_frame() const {
    json frame = {{"op", heartbeat}, {"d", nullptr}};
    if (sequence_) frame["d"] = *sequence_;
    return frame.dump();
}

std::string GatewaySession::identify_frame() const {
    json frame = {{"op", identify},
                  {"d",
                   {{"token", identity_.token},
                    {"intents", identity_.intents},
                    {"properties", {{"os", "linux"}, {"browser", "mentorbot"}, {"device", "mentorbot"}}},
                    {"shard", {identity_.shard_id, identity_.shard_count}}}}};
    return frame.dump();
}

std::string GatewaySession::resume_frame() const {
    json frame = {{"op", resume}, {"d", {{"token", identity_.token}, {"session_id", session_id_}, {"seq", nullptr}}}};
    if (sequence_) frame["d"]["seq"] = *sequence_;
    return frame.dump();
}

GatewayOutput GatewaySession::received(std::string_view text, SteadyTime now) {
    GatewayOutput out;
    if (phase_ == Phase::stopped || phase_ == Phase::disconnected) return out;
    // Each frame is lexed once: an interaction goes on as its text, anything else as a
    // document; a frame over the fast reader's size, or one it refuses, is read in full.
    json frame;
    simdjson::dom::element document;
    if (net::parse_on_this_thread(text).get(document) == simdjson::SUCCESS) {
        if (is_interaction_dispatch(document)) {
            last_received_ = now;
            if (std::int64_t sequence = 0; document["s"].get(sequence) == simdjson::SUCCESS) sequence_ = sequence;
            out.events.push_back(GatewayEvent{std::string(interaction_create), nullptr, std::string(text)});
            flush_queue(out, now);
            return out;
        }
        frame = net::to_nlohmann(document);
    } else {
        frame = net::parse_json(text);
    }
    if (!frame.is_object() || !frame.contains("op") || !frame["op"].is_number_integer()) {
        spdlog::warn("discord: dropped a malformed gateway frame ({} bytes)", text.size());
        metrics().add(metric::dropped, {{"transport", "discord"}, {"reason", "malformed"}});
        return out;
    }
    last_received_ = now;
    try {
        if (auto s = frame.find("s"); s != frame.end() && s->is_number_integer()) sequence_ = s->get<std::int64_t>();
        switch (frame["op"].get<int>()) {
            case hello: {
                const auto interval = frame.at("d").at("heartbeat_interval").get<std::int64_t>();
                // Discord sends about 41 s. Beyond an hour the deadline sums would overflow
                // the clock for absurd values, so such a Hello is as unusable as a negative one.
                if (interval <= 0 || interval > max_heartbeat_interval.count()) {
                    throw std::invalid_argument("heartbeat_interval out of range: " + std::to_string(interval));
                }
                // Fresh heartbeat state on every Hello: nothing from an old socket carries over.
                heartbeat_interval_ = Milliseconds(interval);
                awaiting_ack_ = false;
                missed_acks_ = 0;
                next_beat_ = now + scaled(heartbeat_interval_, random_unit_());
                phase_ = Phase::authenticating;
                if (resuming_ && !session_id_.empty()) {
                    budget_.try_take(now);
                    out.frames.push_back(resume_frame());
                } else {
                    resuming_ = false;
                    budget_.try_take(now);
                    out.frames.push_back(identify_frame());
                    out.identify = true;
                }
                break;
            }
            case heartbeat_ack:
                awaiting_ack_ = false;
                missed_acks_ = 0;
                break;
            case heartbeat:
                // The server wants a beat now. It is not an error and does not move our timer.
                out.frames.push_back(heartbeat_frame());
                break;
            case reconnect:
                return close_for("Discord asked us to reconnect (op 7)", "op7", CloseAction::resume, Milliseconds(0));
            case invalid_session: {
                const bool resumable = frame.contains("d") && frame["d"].is_boolean() && frame["d"].get<bool>();
                if (resumable) {
                    return close_for("invalid session, resumable (op 9)", "op9_resumable", CloseAction::resume,
                                     invalid_session_delay());
                }
                forget_session();
                return close_for("invalid session (op 9): starting a new one", "op9", CloseAction::identify,
                                 invalid_session_delay());
            }
            case dispatch: handle_dispatch(frame, text, out, now); break;
            default: spdlog::debug("discord: ignored gateway op {}", frame["op"].get<int>()); break;
        }
    } catch (const json::exception& error) {
        spdlog::warn("discord: dropped a gateway frame with unexpected fields: {}", error.what());
        metrics().add(metric::dropped, {{"transport", "discord"}, {"reason", "malformed"}});
    } catch (const std::invalid_argument& error) {
        spdlog::warn("discord: dropped a gateway frame: {}", error.what());
        metrics().add(metric::dropped, {{"transport", "discord"}, {"reason", "malformed"}});
    }
    flush_queue(out, now);
    return out;
}

void GatewaySession::handle_dispatch(json& frame, std::string_view text, GatewayOutput& out, SteadyTime now) {
    if (!frame.contains("t") || !frame["t"].is_string()) {
        spdlog::warn("discord: dropped a dispatch without an event name");
        return;
    }
    GatewayEvent event{frame["t"].get<std::string>(), nullptr, {}};
    if (event.name == interaction_create) {
        // One too large for the fast reader: interactions always come as their frame.
        event.frame = std::string(text);
    } else if (auto data = frame.find("d"); data != frame.end()) {
        event.data = std::move(*data);
    }
    if (event.name == "READY") {
        session_id_ = event.data.at("session_id").get<std::string>();
        resume_url_ = event.data.at("resume_gateway_url").get<std::string>();
        phase_ = Phase::ready;
        ready_at_ = now;
        resuming_ = false;
        failed_resumes_ = 0;
    } else if (event.name == "RESUMED") {
        phase_ = Phase::ready;
        ready_at_ = now;
        resuming_ = false;
        failed_resumes_ = 0;
    }
    out.events.push_back(std::move(event));
}

GatewayOutput GatewaySession::close_for(std::string reason, std::string cause, CloseAction next, Milliseconds delay,
                                        bool terminate) {
    spdlog::info("discord: closing the gateway socket: {}", reason);
    pending_ = PendingReconnect{next, delay, std::move(reason), std::move(cause)};
    next_beat_.reset();
    GatewayOutput out;
    out.close_code = reconnect_close_code;
    out.terminate = terminate;
    return out;
}

GatewayOutput GatewaySession::poll(SteadyTime now) {
    GatewayOutput out;
    if (phase_ == Phase::stopped || phase_ == Phase::disconnected || pending_) return out;

    if (phase_ != Phase::ready && now - opened_at_ >= ready_timeout) {
        return close_for("no READY within 60 s", "ready_timeout", CloseAction::resume, backoff(), true);
    }
    if (heartbeat_interval_.count() > 0 && now - last_received_ >= 2 * heartbeat_interval_) {
        return close_for("nothing received for two heartbeat intervals (zombie connection)", "zombie",
                         CloseAction::resume, backoff(), true);
    }
    if (next_beat_ && now >= *next_beat_) {
        if (awaiting_ack_) {
            // No ACK since the last beat. When nothing at all arrived since then the
            // socket is dead; when other frames did, we are merely behind on reading,
            // so allow one more interval before calling it a zombie.
            if (last_received_ <= last_beat_sent_ || ++missed_acks_ >= 2) {
                return close_for("no heartbeat ACK (zombie connection)", "zombie", CloseAction::resume, backoff(),
                                 true);
            }
        }
        out.frames.push_back(heartbeat_frame());
        awaiting_ack_ = true;
        last_beat_sent_ = now;
        next_beat_ = *next_beat_ + heartbeat_interval_;
        if (*next_beat_ <= now) next_beat_ = now + heartbeat_interval_;  // after a stall, do not burst
    }
    flush_queue(out, now);
    return out;
}

std::optional<SteadyTime> GatewaySession::next_deadline() const {
    if (phase_ == Phase::stopped || phase_ == Phase::disconnected || pending_) return std::nullopt;
    std::optional<SteadyTime> deadline;
    auto consider = [&](SteadyTime at) {
        if (!deadline || at < *deadline) deadline = at;
    };
    if (phase_ != Phase::ready) consider(opened_at_ + ready_timeout);
    if (heartbeat_interval_.count() > 0) consider(last_received_ + 2 * heartbeat_interval_);
    if (next_beat_) consider(*next_beat_);
    if (!queued_.empty()) {
        if (auto free = budget_.next_free(last_received_)) consider(*free);
    }
    return deadline;
}

GatewayOutput GatewaySession::send(std::string frame, SteadyTime now) {
    GatewayOutput out;
    if (frame.size() > max_frame_bytes) {
        spdlog::error("discord: refused to send a {}-byte gateway frame (limit {})", frame.size(), max_frame_bytes);
        return out;
    }
    queued_.push_back(std::move(frame));
    flush_queue(out, now);
    return out;
}

void GatewaySession::flush_queue(GatewayOutput& out, SteadyTime now) {
    if (phase_ != Phase::ready || out.close_code) return;
    while (!queued_.empty() && budget_.try_take(now)) {
        out.frames.push_back(std::move(queued_.front()));
        queued_.pop_front();
    }
}

ReconnectPlan GatewaySession::lost(std::optional<std::uint16_t> code, SteadyTime now) {
    ReconnectPlan plan;
    if (phase_ == Phase::stopped) {
        plan.stop = true;
        plan.reason = "stopped";
        return plan;
    }
    if (phase_ == Phase::ready && now - ready_at_ >= healthy_period) failed_connections_ = 0;

    CloseAction next;
    std::optional<Milliseconds> delay;
    if (pending_) {
        next = pending_->next;
        delay = pending_->delay;
        plan.reason = pending_->reason;
        plan.cause = pending_->cause;
    } else {
        next = close_action(code);
        plan.reason = code ? "closed with code " + std::to_string(*code) : "connection dropped";
        plan.cause = code ? "close_" + std::to_string(*code) : "dropped";
    }
    pending_.reset();
    next_beat_.reset();
    queued_.clear();
    phase_ = Phase::disconnected;

    if (next == CloseAction::fatal) {
        phase_ = Phase::stopped;
        plan.stop = true;
        plan.reason = fatal_close_reason(*code);
        return plan;
    }
    if (next == CloseAction::resume && (session_id_.empty() || resume_url_.empty())) next = CloseAction::identify;
    if (next == CloseAction::resume && failed_resumes_ >= 3) {
        // Several resumes in a row never reached RESUMED: the session is likely gone.
        plan.reason += "; resume keeps failing, starting a new session";
        next = CloseAction::identify;
    }
    if (next == CloseAction::identify) forget_session();

    plan.resume = next == CloseAction::resume;
    resuming_ = plan.resume;
    if (plan.resume) ++failed_resumes_;
    plan.url = gateway_connect_url(plan.resume ? resume_url_ : gateway_url_);
    plan.delay = delay ? *delay : backoff();
    ++failed_connections_;
    return plan;
}

Milliseconds GatewaySession::backoff() {
    const int exponent = std::min(failed_connections_, 10);
    return scaled(Milliseconds(1000LL << exponent), random_unit_());
}

Milliseconds GatewaySession::invalid_session_delay() {
    return Milliseconds(1000) + scaled(Milliseconds(4000), random_unit_());
}

void GatewaySession::forget_session() {
    session_id_.clear();
    resume_url_.clear();
    sequence_.reset();
    resuming_ = false;
}

}  // namespace mentorbot::discord
