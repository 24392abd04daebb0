// Pod attendance: "Did your pod meet?" asks and answers, quiet-stretch nudges, and the pod figures built on them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace mentorbot {

enum class AttendanceAnswer { recorded, changed, same, not_asked };

struct AttendanceAsk {
    long long meeting_at = 0;
    std::optional<std::string> answer;  // "met" or "skipped"
};

// Answers to "Did your pod meet?" for pods of one kind: met ÷ answered is its attendance rate.
struct KindAttendance {
    int asked = 0;
    int answered = 0;
    int met = 0;
};

// An active pod as the figures see it.
struct PodHealthRow {
    long long pod_id = 0;
    std::string name;
    std::string kind;
    std::string cadence;
    long long created_at = 0;
    std::optional<long long> last_checkin;  // by anyone
    int members = 0;
};

class PodAttendanceStore {
public:
    explicit PodAttendanceStore(Database& database) : database_(database) {}

    // Notes that the member was asked about the meeting; false when they already were.
    bool record_ask(long long pod_id, const std::string& member_id, long long meeting_at, long long now);
    // The member's latest ask for the pod, answered or not.
    std::optional<AttendanceAsk> latest_ask(long long pod_id, const std::string& member_id);
    // Answers the member's latest ask ("met" or "skipped").
    AttendanceAnswer answer(long long pod_id, const std::string& member_id, const std::string& answer, long long now);

    std::optional<long long> nudged_at(long long pod_id);
    void set_nudged(long long pod_id, long long now);
    std::optional<long long> last_checkin(long long pod_id);

    // Every ask of one pod and its answers.
    KindAttendance of_pod(long long pod_id);
    // Asks made since `since`, by pod kind, for pods of `tenant` (all tenants when empty).
    std::map<std::string, KindAttendance> attendance_by_kind(long long since, const std::string& tenant);
    // Active pods with at least one member, of `tenant` (all when empty), by name.
    std::vector<PodHealthRow> active_pods(const std::string& tenant);
    // Pairs of members of active pods formed from a pool who already shared an earlier pod of it.
    int pairs_met_before(const std::string& tenant);

private:
    Database& database_;
};

}  // namespace mentorbot
