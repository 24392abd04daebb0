// A size-bounded, oldest-first memory of replies to deliveries.
#include "bot/recent_replies.h"

namespace mentorbot {

const Reply* RecentReplies::find(const std::string& delivery_key) const {
    auto found = replies_.find(delivery_key);
    return found == replies_.end() ? nullptr : &found->second;
}

std::size_t RecentReplies::weight(const std::string& delivery_key, const Reply& reply) {
    std::size_t bytes = 2 * delivery_key.size() + reply.response.text.size() + 64;
    if (const auto& file = reply.response.attachment)
        bytes += file->name.size() + file->media_type.size() + file->bytes.size();
    for (const auto& button : reply.response.buttons) bytes += button.label.size() + button.command_line.size() + 64;
    for (const auto& select : reply.response.selects) {
        bytes += select.placeholder.size() + 64;
        for (const auto& option : select.options) bytes += option.label.size() + option.command_line.size() + 64;
    }
    return bytes;
}

void RecentReplies::remember(const std::string& delivery_key, const Reply& reply) {
    if (delivery_key.empty() || replies_.count(delivery_key) != 0) return;
    Reply kept;
    kept.response = reply.response;
    kept.is_public = reply.is_public;
    bytes_ += weight(delivery_key, kept);
    replies_.emplace(delivery_key, std::move(kept));
    oldest_first_.push_back(delivery_key);
    while (bytes_ > max_bytes_ && !oldest_first_.empty()) {
        auto oldest = replies_.find(oldest_first_.front());
        bytes_ -= weight(oldest->first, oldest->second);
        replies_.erase(oldest);
        oldest_first_.pop_front();
    }
}

}  // namespace mentorbot
