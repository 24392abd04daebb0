// Time- and size-bounded memory of handled envelope and event ids.
#include "bot/slack/envelope_dedupe.h"

#include <array>
#include <string>

namespace mentorbot::slack {

namespace {

constexpr char envelope_kind = 'e';
constexpr char event_kind = 'v';

// The kind letter and the id as one key, on the stack for any id Slack sends (UUIDs and
// event ids are far shorter); a longer one is spelled out in `spilled`.
class KindedKey {
public:
    KindedKey(char kind, std::string_view id) {
        if (id.size() < buffer_.size()) {
            buffer_[0] = kind;
            id.copy(buffer_.data() + 1, id.size());
            key_ = std::string_view(buffer_.data(), id.size() + 1);
        } else {
            spilled_ = std::string(1, kind).append(id);
            key_ = spilled_;
        }
    }
    KindedKey(const KindedKey&) = delete;
    KindedKey& operator=(const KindedKey&) = delete;
    std::string_view view() const { return key_; }

private:
    std::array<char, 128> buffer_{};
    std::string spilled_;
    std::string_view key_;
};

}  // namespace

bool EnvelopeDedupe::seen_before(std::string_view envelope_id, std::string_view event_id, Clock::time_point now) {
    forget_expired(now);
    return contains(envelope_kind, envelope_id) || contains(event_kind, event_id);
}

void EnvelopeDedupe::remember(std::string_view envelope_id, std::string_view event_id, Clock::time_point now) {
    forget_expired(now);
    remember_id(envelope_kind, envelope_id, now);
    remember_id(event_kind, event_id, now);
}

bool EnvelopeDedupe::contains(char kind, std::string_view id) const {
    if (id.empty()) return false;
    const KindedKey key(kind, id);
    return ids_.find(key.view()) != nullptr;
}

void EnvelopeDedupe::remember_id(char kind, std::string_view id, Clock::time_point now) {
    if (id.empty() || capacity_ == 0) return;
    const KindedKey key(kind, id);
    if (ids_.find(key.view()) != nullptr) return;
    while (ids_.size() >= capacity_) ids_.pop_oldest();
    ids_.push(key.view(), now + ttl_);
}

void EnvelopeDedupe::forget_expired(Clock::time_point now) {
    while (!ids_.empty() && ids_.oldest() <= now) ids_.pop_oldest();
}

}  // namespace mentorbot::slack
