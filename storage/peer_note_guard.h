// Who may send a member peer notes: each sender's count over the last day, and the mutes members set.
#pragma once

#include <string>

#include "storage/database.h"

namespace mentorbot {

class PeerNoteGuard {
public:
    // Stands for every sender in a mute.
    static constexpr const char* everyone = "*";

    explicit PeerNoteGuard(Database& database) : database_(database) {}

    // Peer notes `from_id` sent after `since`.
    int sent_since(const std::string& from_id, long long since);
    // `member_id` takes no peer notes from `muted_id` (or from anyone: `everyone`).
    void mute(const std::string& member_id, const std::string& muted_id, long long now);
    // Returns false when there was no such mute.
    bool unmute(const std::string& member_id, const std::string& muted_id);
    // Whether `member_id` muted `sender_id` or everyone.
    bool is_muted(const std::string& member_id, const std::string& sender_id);

private:
    Database& database_;
};

}  // namespace mentorbot
