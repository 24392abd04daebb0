// Members and their profiles: skills, goals, level, department, zone, location, start date.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace mentorbot {

struct MemberProfile {
    std::string id;
    std::string display_name;
    std::optional<int> level;
    std::string department;
    std::string time_zone;  // empty: unknown (treated as UTC)
    std::string location;
    std::string started_on;  // YYYY-MM-DD or empty
    std::vector<std::string> skills;
    std::vector<std::string> goals;
};

class MemberStore {
public:
    explicit MemberStore(Database& database) : database_(database) {}

    // Creates the member on first contact; keeps the best known display name.
    void ensure(const std::string& member_id, const std::string& display_name, long long now);
    bool exists(const std::string& member_id);
    // The guild a Discord user was last active in ("" when never seen), for their DMs.
    std::string discord_guild_of(const std::string& user_id);
    // For the caller of a command: a newcomer is created (and, if they had asked to be
    // forgotten, has now come back); a known member is written only when their display
    // name was still unknown, so a command that changes nothing else stays a pure read.
    void note_caller(const std::string& member_id, const std::string& display_name, long long now);
    std::optional<MemberProfile> find(const std::string& member_id);
    // Writes the profile's scalar fields (the tags are written separately).
    void update(const MemberProfile& profile, long long now);
    // kind: "skill", "goal" or "topic"; replaces the whole set.
    void replace_tags(const std::string& member_id, const std::string& kind, const std::vector<std::string>& tags);
    std::vector<std::string> tags(const std::string& member_id, const std::string& kind);
    // A mentor's short bio for /mentor list: plain text, empty when none. It lives in the
    // member's row, so forgetting the member drops it with everything else they wrote.
    void set_bio(const std::string& member_id, const std::string& bio, long long now);
    std::string bio(const std::string& member_id);
    // All members, ordered by id (for the console's :users and exports).
    std::vector<MemberProfile> all();
    long long count();

    // Deletes the member's profile and every text they wrote; anonymous counts stay
    // (requests, sessions and ratings lose the link to the person).
    void forget(const std::string& member_id, long long now);
    // True when this id asked to be forgotten (only a hash of it is kept).
    bool was_forgotten(const std::string& member_id);
    // A member who comes back by using the bot again starts afresh.
    void clear_forgotten(const std::string& member_id);

private:
    // The member's id and name leave every table that held them in passing: explanations,
    // declines, sent messages, timers and kept answers.
    void scrub_mentions(const std::string& member_id);
    Database& database_;
};

}  // namespace mentorbot
