// Splits a pool of pod signups into pods (learning, circle, cohort): pure, deterministic, explains itself.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mentorbot {

enum class PodKind { learning, circle, cohort };

std::string_view pod_kind_name(PodKind kind);
// "learning", "circle", "cohort"; throws std::invalid_argument otherwise.
PodKind parse_pod_kind(std::string_view name);

// One member of the pool, as formation sees them.
struct PodCandidate {
    std::string member_id;
    int level = 3;            // 1–6
    std::string department;   // may be empty (counted as one "unknown" department)
    std::string start_month;  // "YYYY-MM"; may be empty (counted as one "unknown" month)
    // Working hours as minutes of the UTC day: [hours_utc_start, hours_utc_start + hours_length)
    // on a 24-hour circle, so a shift may run past UTC midnight. A length of 0: hours unknown,
    // any meeting time suits.
    int hours_utc_start = 0;
    int hours_length = 0;
};

struct FormationRequest {
    PodKind kind = PodKind::learning;
    std::vector<PodCandidate> pool;
    // The pods of earlier rounds (member ids); pairs who shared one are kept apart when
    // an equivalent member can take their place. Ids not in the pool are ignored.
    std::vector<std::vector<std::string>> earlier_pods;
    int target_size = 6;  // at least 1
    std::uint64_t seed = 0;
    // The meeting time asked for, as a minute of the UTC day: each pod meets at the quarter
    // hour nearest to it inside every member's working hours.
    int preferred_utc_minute = 15 * 60;
};

// Why a pod looks the way it does.
struct PodExplanation {
    std::map<int, int> levels;                // level → members
    std::map<std::string, int> departments;   // department → members
    std::map<std::string, int> start_months;  // "YYYY-MM" → members
    int repeated_pairs = 0;                   // pairs in this pod who already shared a pod (no swap could avoid it)
    int swaps = 0;                            // swaps with other pods that kept earlier pod-mates apart
};

struct FormedPod {
    std::vector<std::string> member_ids;  // sorted
    PodExplanation why;
    int meeting_utc_minute = 0;  // a quarter hour of the UTC day
    // Members whose working hours the meeting falls outside: no arrangement within the size
    // rules found them a pod that meets in their hours, so they joined the nearest one.
    std::vector<std::string> outside_hours;
};

struct FormationResult {
    std::vector<FormedPod> pods;
    int repeated_pairs_before_swaps = 0;  // pairs of earlier pod-mates in the first arrangement
    int repeated_pairs_after_swaps = 0;   // and after the swaps that keep them apart
};

// Forms pods of about `target_size`: every member of the pool in exactly one pod, sizes
// differing by at most one, no pod below two people nor below target_size - 1 when the
// pool allows it (leftovers join pods, so a pair becomes a trio rather than leaving one
// person alone); a pool of one forms no pod. Learning pods spread levels (every pod gets
// one of the k most senior and one of the k most junior members, k = number of pods);
// circle pods spread departments (a department appears twice in a pod only when it has
// more members than there are pods); cohort pods are consecutive runs in start-month
// order, cut so that as few months as possible whose people fit in one pod are split,
// then as few months at all, then between the start months furthest apart. Then members
// are swapped with others of the same level / department / month (which keeps all of the
// above exactly) whenever the swap reduces the number of earlier pod-mates who meet again.
// Time zones come first: when the members' working hours share no quarter hour, members are
// ordered by the middle of their working day (in UTC) and cut into runs of pod sizes, the
// rotation of that circle chosen so that most members are in runs that share an hour; runs
// that share an hour are merged into bands, and the kind's rules apply within each band.
// Small pools (12 or fewer) with someone left outside are searched exhaustively for pods that
// each share an hour. Each pod meets at the quarter hour nearest to preferred_utc_minute
// inside all its members' hours, else at the one most of them work at.
// O(n log n + h) for n members and h earlier pairs. Throws std::invalid_argument for a
// target size below 1, a level outside 1–6 or a member listed twice.
FormationResult form_pods(const FormationRequest& request);

// One line per pod for people: "levels 2,3,4,5 · 3 departments (eng, ops, sales) · joined Sep 2026 (3), …".
std::string describe_pod(const FormedPod& pod, PodKind kind);

// For whoever formed the round, where the odd ones out went when pods are not all of
// `target_size`: "5 people in pods of 2: one pod became a trio so nobody is alone." Empty
// when every pod has exactly `target_size`.
std::string describe_sizes(const FormationResult& result, int target_size);

}  // namespace mentorbot
