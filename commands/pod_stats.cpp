// Pod figures for /coach stats, from the attendance answers and the active pods.
#include "commands/pod_stats.h"

#include <cstdio>
#include <sstream>

#include "commands/pod_attendance.h"
#include "domain/time_zones.h"
#include "storage/pod_attendance_store.h"

namespace mentorbot {

namespace {
constexpr std::size_t max_quiet_listed = 25;
}  // namespace

std::string describe_pod_health(Database& database, long long now, int days, const std::string& tenant,
                                const std::string& zone) {
    PodAttendanceStore attendance(database);
    std::ostringstream text;
    // Met ÷ answered: an unanswered ask says nothing either way, so it is shown but not counted.
    text << "Pod attendance (\"Did your pod meet?\" answers): ";
    auto by_kind = attendance.attendance_by_kind(now - days * 86400LL, tenant);
    if (by_kind.empty()) text << "no answers yet";
    bool first = true;
    for (const auto& [kind, figures] : by_kind) {
        text << (first ? "" : ", ") << kind << " ";
        if (figures.answered == 0) text << "–";
        else text << (100 * figures.met + figures.answered / 2) / figures.answered << "%";
        text << " (" << figures.met << " met of " << figures.answered << " answered, " << figures.asked << " asked)";
        first = false;
    }

    auto pods = attendance.active_pods(tenant);
    int members = 0;
    for (const PodHealthRow& pod : pods) members += pod.members;
    text << "\nAverage pod size: ";
    if (pods.empty()) {
        text << "–";
    } else {
        char average[16];
        std::snprintf(average, sizeof average, "%.1f", static_cast<double>(members) / static_cast<double>(pods.size()));
        text << average << " (" << members << " members in " << pods.size() << (pods.size() == 1 ? " pod)" : " pods)");
    }
    text << "\nPairs that met before (in an earlier round's pod): " << attendance.pairs_met_before(tenant);

    text << "\nPods going quiet (no meeting for two of their cadences): ";
    std::size_t quiet = 0;
    for (const PodHealthRow& row : pods) {
        Pod pod;
        pod.created_at = row.created_at;
        pod.cadence = row.cadence;
        if (!is_going_quiet(pod, row.last_checkin, now)) continue;
        if (++quiet > max_quiet_listed) continue;
        text << (quiet == 1 ? "" : ", ") << row.name << " ("
             << (row.last_checkin ? "last met " + format_in_zone(from_unix(*row.last_checkin), zone)
                                  : std::string("never met"))
             << ")";
    }
    if (quiet == 0) text << "none";
    if (quiet > max_quiet_listed) text << " …and " << quiet - max_quiet_listed << " more";
    return text.str();
}

}  // namespace mentorbot
