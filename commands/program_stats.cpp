// /coach stats: renders the program figures for admins.
#include "commands/program_stats.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <utility>
#include <vector>

#include "commands/command_context.h"
#include "commands/pod_stats.h"
#include "commands/unmet_demand.h"
#include "storage/member_store.h"

namespace mentorbot {

namespace {

std::string fixed(double value, int decimals) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string duration_text(double minutes) {
    if (minutes < 90) return fixed(minutes, 0) + " min";
    if (minutes < 48 * 60) return fixed(minutes / 60, 1) + " h";
    return fixed(minutes / 60 / 24, 1) + " days";
}

}  // namespace

// "no mentor offers it", or "2 fitting mentors full this week, 1 held for working hours".
std::string describe_unmet_reasons(const TopicDemand& demand) {
    if (demand.reasons.empty())
        return demand.any_mentor_offers_it ? "no fitting mentor has room" : "no mentor offers it";
    if (demand.reasons.size() == 1) return demand.reasons.begin()->first;
    std::vector<std::pair<int, std::string>> counted;
    for (const auto& [reason, count] : demand.reasons) counted.emplace_back(count, reason);
    std::sort(counted.begin(), counted.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string text;
    for (const auto& [count, reason] : counted)
        text += (text.empty() ? "" : ", ") + std::to_string(count) + " " + reason;
    return text;
}

std::string describe_program_figures(const ProgramFigures& f) {
    std::ostringstream text;
    text << "📊 Program figures, last " << f.days << (f.days == 1 ? " day" : " days") << "\n";
    text << "Requests: " << f.requests;
    if (!f.requests_by_kind.empty()) {
        text << " (";
        bool first = true;
        for (const auto& [kind, n] : f.requests_by_kind) {
            text << (first ? "" : ", ") << kind << " " << n;
            first = false;
        }
        text << ")";
    }
    text << "\nMatch rate: " << (f.requests == 0 ? std::string("–") : fixed(100.0 * f.match_rate(), 0) + "%") << " ("
         << f.matched << " accepted)";
    if (f.assigned_by_hand > 0) {
        text << "\nAssigned by hand: " << f.assigned_by_hand << " (" << f.assigned_by_hand_accepted << " accepted)";
    }
    text << "\nMedian wait for an accept (requester's working time): "
         << (f.median_working_minutes_to_accept ? duration_text(*f.median_working_minutes_to_accept)
                                                : std::string("–"));
    text << "\nSessions completed: " << f.sessions_completed;
    const SessionOutcomes& o = f.outcomes;
    text << "\nSession outcomes (" << o.slot_passed << (o.slot_passed == 1 ? " slot" : " slots")
         << " passed): completed " << o.completed << ", no-shows " << o.no_shows;
    if (o.no_shows > 0) {
        text << " (reported by the mentor " << o.no_shows_reported_by_mentor << ", by the mentee "
             << o.no_shows_reported_by_mentee << ")";
    }
    text << ", rescheduled (pending) " << o.rescheduled << ", unconfirmed " << o.unconfirmed;
    text << "\nAverage rating: " << (f.average_rating ? fixed(*f.average_rating, 1) + " / 5" : std::string("–")) << " ("
         << f.ratings << (f.ratings == 1 ? " rating" : " ratings") << ")";
    text << "\nTop topics: ";
    if (f.top_topics.empty()) text << "–";
    for (std::size_t i = 0; i < f.top_topics.size(); ++i)
        text << (i ? ", " : "") << f.top_topics[i].topic << " " << f.top_topics[i].requests;
    text << "\nUnmet topics: ";
    if (f.unmet_topics.empty()) text << "none";
    for (std::size_t i = 0; i < f.unmet_topics.size(); ++i)
        text << (i ? ", " : "") << f.unmet_topics[i].topic << " " << f.unmet_topics[i].requests << " ("
             << describe_unmet_reasons(f.unmet_topics[i]) << ")";
    text << "\nMentor load: median "
         << fixed(f.mentor_load_median, f.mentor_load_median == static_cast<int>(f.mentor_load_median) ? 0 : 1)
         << ", max " << f.mentor_load_max << " sessions (" << f.mentors << (f.mentors == 1 ? " mentor" : " mentors")
         << ")";
    text << "\nLong-term pairs: " << f.long_term_pairs
         << " (going quiet, two check-ins without a meeting: " << f.long_term_going_quiet << ")";
    text << "\nActive pods: " << f.active_pods << " (" << f.pod_members << " memberships)";
    text << "\nCheck-ins: " << f.checkins << " (" << f.pods_that_met << (f.pods_that_met == 1 ? " pod" : " pods")
         << " met)";
    text << "\nAnnouncements: " << f.announcements << " (deliveries: " << f.deliveries_sent << " sent, "
         << f.deliveries_failed << " failed, " << f.deliveries_waiting << " waiting)";
    text << "\nFigures are counts only; no comment is ever shown with a name.";
    return text.str();
}

std::string describe_headline_figures(const ProgramFigures& f) {
    std::ostringstream text;
    text << "Last " << f.days << (f.days == 1 ? " day" : " days") << ": " << f.requests
         << (f.requests == 1 ? " request" : " requests") << ", match rate "
         << (f.requests == 0 ? std::string("–") : fixed(100.0 * f.match_rate(), 0) + "%") << " (" << f.matched
         << " accepted), median wait for an accept "
         << (f.median_working_minutes_to_accept ? duration_text(*f.median_working_minutes_to_accept) + " (working time)"
                                                : std::string("–"));
    text << "\nSessions completed: " << f.sessions_completed << ", average rating "
         << (f.average_rating ? fixed(*f.average_rating, 1) + " / 5" : std::string("–"));
    text << "\nUnmet topics: ";
    if (f.unmet_topics.empty()) text << "none";
    for (std::size_t i = 0; i < f.unmet_topics.size(); ++i)
        text << (i ? ", " : "") << f.unmet_topics[i].topic << " " << f.unmet_topics[i].requests;
    text << "\nActive pods: " << f.active_pods << " (" << f.pod_members
         << (f.pod_members == 1 ? " membership" : " memberships") << "), mentors: " << f.mentors;
    return text.str();
}

Reply program_stats(CommandContext& context) {
    int days = static_cast<int>(context.arguments().integer("days").value_or(30));
    // An admin sees the figures of their own workspace or server only.
    ProgramFigures figures = compute_program_figures(context.database, context.now(), days, context.caller_tenant(),
                                                     {context.config.default_hours_start,
                                                      context.config.default_hours_end});
    std::vector<OutboundMessage> nothing_sent;  // explaining matches, it offers nothing
    FlashFlow flow{context.database, context.config, context.clock.now(), nothing_sent};
    explain_unmet_demand(flow, figures, context.now() - days * 86400LL, context.caller_tenant());
    std::string text = describe_program_figures(figures);
    // Pods: attendance, size, repeat pairs and pods going quiet, in the admin's zone.
    {
        auto profile = MemberStore(context.database).find(context.caller().member_id());
        std::string zone = profile && !profile->time_zone.empty() ? profile->time_zone : "UTC";
        text += "\n" + describe_pod_health(context.database, context.now(), days, context.caller_tenant(), zone);
    }
    return Reply::private_text(text);
}

}  // namespace mentorbot
