// Pods, their members and wait lists, signup pools and check-ins.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace mentorbot {

struct Pod {
    long long id = 0;
    std::string name;
    std::string topic;
    std::string kind = "learning";  // learning, circle, cohort
    int size = 6;                   // capacity
    std::string cadence = "weekly";
    std::string meeting_day = "wed";     // mon…sun
    std::string meeting_time = "15:00";  // HH:MM in time_zone
    std::string time_zone = "UTC";
    std::string channel_id;  // empty: members get direct messages
    std::string creator_id;  // empty once the creator is forgotten
    long long pool_id = 0;   // 0: created by hand, not formed from a pool
    int round = 0;
    std::string explanation;
    long long created_at = 0;
    std::optional<long long> archived_at;
    // "<platform>:<tenant>" of the workspace or server the pod belongs to (see
    // MemberId::tenant_key); empty until it has a creator, channel or member.
    std::string tenant;
    // The time the round was asked to meet at (in time_zone); meeting_time is the nearest to
    // it inside the members' working hours. Empty: as meeting_time. The next round asks the same.
    std::string asked_time;

    bool archived() const { return archived_at.has_value(); }
};

struct PodPool {
    long long id = 0;
    std::string topic;
    std::string kind;
    int size = 6;
    int reform_weeks = 0;  // 0: formed once
    int rounds_formed = 0;
};

// A signed-up member as pod formation needs them.
struct PoolSignup {
    std::string member_id;
    std::optional<int> level;
    std::string department;
    std::string started_on;  // YYYY-MM-DD or empty
};

// Where a member stands in a pool: signed up (maybe sitting out one round) or gone.
struct PoolStanding {
    PodPool pool;
    bool left = false;              // left the pool: no round places them until they sign up again
    std::optional<int> skip_round;  // sits out this round only
};

enum class SignupOutcome { added, came_back, already };

struct PodMemberZone {
    std::string member_id;
    std::string time_zone;  // empty: UTC
};

class PodStore {
public:
    explicit PodStore(Database& database) : database_(database) {}

    // The pod's tenant is its own, else its creator's or channel's; a pod formed from a
    // pool takes its first member's (add_member).
    long long create(const Pod& pod);
    // Active or archived, by name (names are unique ignoring case).
    std::optional<Pod> find(const std::string& name);
    std::optional<Pod> find(long long pod_id);
    // Active pods with at least one member, by name; only those on `topic` when it is not empty.
    std::vector<Pod> active(const std::string& topic = {});
    // Active pods of one tenant ("discord:8138…"), by name.
    std::vector<Pod> active_in_tenant(const std::string& tenant);
    // Active pods the member is in, and those whose wait list they are on, by name.
    std::vector<Pod> active_of_member(const std::string& member_id);
    void archive(long long pod_id, long long now);
    void rename(long long pod_id, const std::string& name);

    std::vector<std::string> members(long long pod_id);  // in joining order
    std::vector<PodMemberZone> member_zones(long long pod_id);
    bool is_member(long long pod_id, const std::string& member_id);
    void add_member(long long pod_id, const std::string& member_id, long long now);
    bool remove_member(long long pod_id, const std::string& member_id);

    std::vector<std::string> waitlist(long long pod_id);  // first in line first
    bool is_waiting(long long pod_id, const std::string& member_id);
    void add_to_waitlist(long long pod_id, const std::string& member_id, long long now);
    bool remove_from_waitlist(long long pod_id, const std::string& member_id);

    long long add_checkin(long long pod_id, const std::string& member_id, const std::string& note, long long now);
    int checkin_count(long long pod_id);
    // When the member last recorded a meeting of the pod.
    std::optional<long long> last_checkin(long long pod_id, const std::string& member_id);

    // Pools of signups, one per (topic, kind).
    PodPool ensure_pool(const std::string& topic, const std::string& kind, long long now);
    std::optional<PodPool> find_pool(const std::string& topic, const std::string& kind);
    std::optional<PodPool> find_pool(long long pool_id);
    void save_pool(const PodPool& pool);
    // A member who had left the pool comes back (and no longer skips a round).
    SignupOutcome add_signup(long long pool_id, const std::string& member_id, long long now);
    // False when the member was not signed up (or had already left).
    bool leave_pool(long long pool_id, const std::string& member_id, long long now);
    // Sets (or with nullopt clears) the one round the member sits out.
    void set_skip_round(long long pool_id, const std::string& member_id, std::optional<int> round);
    // Members still in the pool; with `round`, without those who sit that round out.
    std::vector<PoolSignup> signups(long long pool_id, std::optional<int> round = std::nullopt);
    // How many members are still in the pool, counted from an index without reading them.
    int signup_count(long long pool_id);
    // Members still in the pool who sit out `round`.
    std::vector<std::string> skipping(long long pool_id, int round);
    std::optional<PoolStanding> standing(long long pool_id, const std::string& member_id);
    // Every pool the member signed up for (and maybe left), by topic and kind.
    std::vector<PoolStanding> standings(const std::string& member_id);
    // Member lists of every pod formed from the pool so far (all rounds).
    std::vector<std::vector<std::string>> earlier_pods(long long pool_id);
    std::vector<Pod> pods_of_round(long long pool_id, int round);

private:
    Database& database_;
};

}  // namespace mentorbot
