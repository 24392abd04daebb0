// The Home view gathered from the stores: requests, offers, sessions, pods, the mentor offer and, for admins, the
// program.
#include "commands/home_view.h"

#include <algorithm>

#include "commands/flash_flow.h"
#include "commands/meeting_calendar.h"
#include "commands/pod_scheduling.h"
#include "commands/program_stats.h"
#include "domain/format.h"
#include "domain/pod_schedule.h"
#include "domain/time_zones.h"
#include "model/mention.h"
#include "storage/job_store.h"
#include "storage/member_store.h"
#include "storage/offer_store.h"
#include "storage/pod_store.h"
#include "storage/program_figures.h"
#include "storage/request_store.h"
#include "storage/session_store.h"

namespace mentorbot {

namespace {

// What a Home is read with: the member, their zone and the moment.
struct Reader {
    Database& database;
    const CommandRegistry& registry;
    const std::string& member_id;
    std::string zone;
    Seconds now;

    std::string when(long long at) const { return format_in_zone(from_unix(at), zone); }
};

// "under a minute", "15 min", "3 h", "2 days": how long something has waited.
std::string waited_text(long long seconds) {
    const long long minutes = std::max(0LL, seconds / 60);
    if (minutes == 0) return "under a minute";
    if (minutes < 90) return std::to_string(minutes) + " min";
    if (minutes < 48 * 60) return std::to_string(minutes / 60) + " h";
    return std::to_string(minutes / (24 * 60)) + " days";
}

std::string request_line(const FlashRequest& request) {
    return "#" + std::to_string(request.id) + " " + request.kind + " · " + request.topic + " · " +
           std::to_string(request.minutes) + " min";
}

// Keeps the first entries of a long list and says how many more there are and where to see them.
void keep_first(std::vector<Message>& entries, std::size_t most, const std::string& all_of_them) {
    if (entries.size() <= most) return;
    const std::size_t more = entries.size() - most;
    entries.resize(most);
    entries.push_back({"…and " + std::to_string(more) + " more: " + all_of_them, {}});
}

HomeSection things_to_do() {
    HomeSection section{"What would you like to do?", {}};
    section.entries.push_back({"",
                               {{"Ask for help", "/flash request"},
                                {"Offer to mentor", "/mentor offer"},
                                {"Find a mentor", "/mentor list"},
                                {"Join a pod", "/pod list"}}});
    return section;
}

// Whether a held request waits for its next round of offers (everyone asked in this round
// stayed silent) rather than for a mentor's working hours: its retry starts a new round.
bool next_round_of(const Reader& reader, const FlashRequest& request) {
    const std::optional<std::string> retry =
        JobStore(reader.database).pending_payload(JobKey::request_retry(request.id, *request.held_until));
    if (!retry) return false;
    const std::optional<RequestRetry> pending = request_retry_from(*retry);
    return pending && pending->new_pass;
}

// The member's own requests that still wait for a mentor (accepted ones show as sessions).
HomeSection open_requests(const Reader& reader) {
    HomeSection section{"Your requests", {}};
    const long long now = to_unix(reader.now);
    for (const FlashRequest& request : RequestStore(reader.database).not_closed_of(reader.member_id)) {
        if (request.is(RequestStatus::accepted)) continue;
        std::string text = request_line(request) + " · ";
        if (request.is(RequestStatus::offered) && !request.candidate_id.empty()) {
            text += "offered to " + mention(request.candidate_id) + ", waiting for their answer";
        } else if (request.held_until && *request.held_until > now && next_round_of(reader, request)) {
            // The pass ended without an answer: it is not held for anyone's hours, and the
            // mentors who let it lapse are asked again then, so the reader sees it is not stuck.
            const std::size_t asked = RequestStore(reader.database).lapsed_in_this_pass(request.id).size();
            text += (asked == 0   ? std::string("no mentor who fits could be asked today")
                     : asked == 1 ? std::string("1 mentor asked, no answer yet")
                                  : std::to_string(asked) + " mentors asked, no answer yet") +
                    ": I ask again on " + reader.when(*request.held_until);
        } else if (request.held_until && *request.held_until > now) {
            text += "held for a mentor's working hours: I ask on " + reader.when(*request.held_until);
        } else if (request.is(RequestStatus::queued)) {
            text += "waiting for a mentor for " + waited_text(now - request.created_at);
        } else {
            text += "looking for a mentor";
        }
        const std::string id = std::to_string(request.id);
        section.entries.push_back({text, {{"Why", "/flash why " + id}, {"Cancel", "/flash cancel " + id}}});
    }
    if (section.entries.empty()) section.entries.push_back({"You have no open requests.", {}});
    keep_first(section.entries, home_entries_per_section, "/flash list");
    return section;
}

// Requests offered to the member as a mentor, with the Accept and Decline of the offer itself.
HomeSection offers_to_answer(const Reader& reader) {
    HomeSection section{"Waiting for your answer", {}};
    for (const FlashRequest& request : RequestStore(reader.database).offered_to(reader.member_id)) {
        std::string text = (request.requester_id.empty() ? std::string("A former member")
                                                         : mention(request.requester_id)) +
                           " asks for " + request.kind + " help on " + request.topic + " (" +
                           std::to_string(request.minutes) + " min), request #" + std::to_string(request.id);
        if (!request.note.empty()) text += "\nNote: " + request.note;
        const std::string id = std::to_string(request.id);
        section.entries.push_back({text, {{"Accept", "/flash accept " + id}, {"Decline", "/flash decline " + id}}});
    }
    keep_first(section.entries, home_entries_per_section, "/flash list");
    return section;
}

// Sessions not held yet, on either side, soonest first, with their calendar links.
HomeSection upcoming_sessions(const Reader& reader) {
    HomeSection section{"Upcoming sessions", {}};
    SessionStore store(reader.database);
    const long long now = to_unix(reader.now);
    std::vector<Session> sessions = store.not_yet_held(reader.member_id, true, now);
    for (Session& session : store.not_yet_held(reader.member_id, false, now)) sessions.push_back(std::move(session));
    std::sort(sessions.begin(), sessions.end(), [](const Session& a, const Session& b) {
        // Without a slot last: nothing to put in a calendar yet.
        if (a.starts_at.has_value() != b.starts_at.has_value()) return a.starts_at.has_value();
        if (a.starts_at && *a.starts_at != *b.starts_at) return *a.starts_at < *b.starts_at;
        return a.id < b.id;
    });
    for (const Session& session : sessions) {
        const bool mentoring = session.mentor_id == reader.member_id;
        const std::string other = session.other_than(reader.member_id);
        std::string text = "Session #" + std::to_string(session.id) + " · " + session.kind + " · " + session.topic +
                           " with " + (other.empty() ? std::string("a former member") : mention(other)) +
                           (mentoring ? " (you mentor)" : "") + "\n";
        if (session.starts_at) {
            text += reader.when(*session.starts_at) + ", " + std::to_string(session.minutes) + " min";
            Meeting meeting;
            meeting.session_id = session.id;
            meeting.start = from_unix(*session.starts_at);
            meeting.length = std::chrono::minutes(session.minutes);
            meeting.mentor_id = session.mentor_id;
            meeting.mentee_id = session.mentee_id;
            meeting.topic = session.topic;
            meeting.context = "request #" + std::to_string(session.request_id) + " (" + session.kind + ", " +
                              session.topic + ")";
            text += meeting_links(reader.database, meeting).lines();
        } else {
            text += "No slot yet: your working hours do not meet; agree on a time together.";
        }
        section.entries.push_back({text, {{"Cancel", "/flash cancel " + std::to_string(session.request_id)}}});
    }
    // A long-term pairing goes on after its first meeting: it stays here with its rhythm and
    // when the next meeting falls (the check-in a week before proposes the slot).
    for (const Session& pairing : store.ongoing_pairings(reader.member_id)) {
        if (std::any_of(sessions.begin(), sessions.end(),
                        [&](const Session& listed) { return listed.id == pairing.id; }))
            continue;
        const bool mentoring = pairing.mentor_id == reader.member_id;
        const std::string other = pairing.other_than(reader.member_id);
        const int rhythm_days = pairing.rhythm_days.value_or(28);
        std::string text = "Long-term mentoring #" + std::to_string(pairing.id) + " · " + pairing.topic + " with " +
                           (other.empty() ? std::string("a former member") : mention(other)) +
                           (mentoring ? " (you mentor)" : "") + " · every " + std::to_string(rhythm_days / 7) +
                           " weeks, " + std::to_string(pairing.meetings) +
                           (pairing.meetings == 1 ? " meeting" : " meetings") + " so far";
        const long long first = pairing.first_starts_at.value_or(pairing.starts_at.value_or(pairing.created_at));
        const long long step = rhythm_days * 86400LL;
        long long next = first;
        if (next <= now) next += ((now - next) / step + 1) * step;
        text += "\nNext meeting around " + reader.when(next) + "; the check-in a week before proposes the slot.";
        section.entries.push_back({text, {{"End the pairing", "/flash done " + std::to_string(pairing.request_id)}}});
    }
    if (section.entries.empty()) section.entries.push_back({"No sessions coming up.", {}});
    keep_first(section.entries, home_entries_per_section, "/flash list");
    return section;
}

HomeSection pods(const Reader& reader) {
    HomeSection section{"Your pods", {}};
    PodStore store(reader.database);
    for (const Pod& pod : store.active_of_member(reader.member_id)) {
        std::string text = pod.name + " — " + pod.kind + (pod.topic.empty() ? "" : " on " + pod.topic) + ", " +
                           std::to_string(store.members(pod.id).size()) + "/" + std::to_string(pod.size);
        if (store.is_member(pod.id, reader.member_id)) {
            text += " · next meeting " + format_in_zone(next_meeting(rhythm_of(pod), reader.now), reader.zone);
        } else {
            text += " · you are on its wait list";
        }
        section.entries.push_back({text, {{"Details", reader.registry.example("pod", "show", {{"name", pod.name}})}}});
    }
    if (section.entries.empty()) section.entries.push_back({"You are in no pod yet.", {}});
    keep_first(section.entries, home_entries_per_section, "/pod list");
    return section;
}

HomeSection mentor_offer(const Reader& reader) {
    HomeSection section{"Your mentor offer", {}};
    const std::optional<MentorOffer> offer = OfferStore(reader.database).find(reader.member_id);
    if (!offer) {
        section.entries.push_back({"You do not offer to mentor yet: anyone can, on the topics they know.", {}});
        return section;
    }
    const OfferStore::WeekLoad load = OfferStore(reader.database).week_load(reader.member_id, reader.now);
    std::string text = "Topics: " + join_list(offer->topics) + "\n" + std::to_string(load.sessions) + " of " +
                       std::to_string(offer->capacity) + " sessions this week";
    if (load.offered > 0)
        text += ", " + std::to_string(load.offered) + (load.offered == 1 ? " offer" : " offers") +
                " waiting for your answer";
    if (offer->paused) {
        text += "\nPaused" + (offer->paused_until.empty() ? std::string() : " until " + offer->paused_until) +
                ": nobody is offered to you.";
        section.entries.push_back({text, {{"Resume", "/mentor resume"}, {"Details", "/mentor status"}}});
    } else {
        text += "\nActive: fitting requests are offered to you.";
        section.entries.push_back({text, {{"Pause", "/mentor pause"}, {"Details", "/mentor status"}}});
    }
    return section;
}

HomeSection program_figures(const Reader& reader, const Config& config, const std::string& tenant) {
    HomeSection section{"Program figures (admins)", {}};
    const ProgramFigures figures = compute_program_figures(reader.database, to_unix(reader.now), home_figures_days,
                                                           tenant,
                                                           {config.default_hours_start, config.default_hours_end});
    section.entries.push_back({describe_headline_figures(figures), {{"All figures", "/coach stats"}}});
    return section;
}

// The requests of the tenant that wait for a mentor, oldest first: what admins may assign by hand.
HomeSection waiting_queue(const Reader& reader, const std::string& tenant) {
    HomeSection section{"Waiting for a mentor (admins), oldest first", {}};
    RequestStore store(reader.database);
    const long long now = to_unix(reader.now);
    for (const FlashRequest& request : store.queued_in_tenant(tenant, static_cast<int>(home_queue_entries))) {
        const std::string id = std::to_string(request.id);
        section.entries.push_back({"#" + id + " · " + request.topic + " · " + request.kind + " · waiting " +
                                       waited_text(now - request.created_at),
                                   {{"Why it waits", "/flash why " + id}}});
    }
    if (section.entries.empty()) {
        section.entries.push_back({"Nobody is waiting for a mentor.", {}});
    } else if (const int all = store.queued_count_in_tenant(tenant); all > static_cast<int>(section.entries.size())) {
        section.entries.push_back({"…and " + std::to_string(all - static_cast<int>(section.entries.size())) +
                                       " more; /coach stats shows their topics.",
                                   {}});
    }
    return section;
}

}  // namespace

HomeView build_home_view(Database& database, const Config& config, const CommandRegistry& registry, Seconds now,
                         const MemberId& member) {
    const std::optional<MemberProfile> profile = MemberStore(database).find(member.str());
    Reader reader{database, registry, member.str(),
                  profile && !profile->time_zone.empty() ? profile->time_zone : std::string("UTC"), now};
    HomeView view;
    view.member_id = member.str();
    const std::string name = profile && !profile->display_name.empty() ? profile->display_name : std::string();
    view.title = name.empty() ? std::string("Your mentoring") : name + "'s mentoring";
    view.sections.push_back(things_to_do());
    view.sections.push_back(open_requests(reader));
    HomeSection offers = offers_to_answer(reader);
    const bool mentors = OfferStore(database).find(member.str()).has_value();
    // A member who does not mentor is never offered anything: no empty section for them.
    if (!offers.entries.empty() || mentors) {
        if (offers.entries.empty()) offers.entries.push_back({"No offers waiting for your answer.", {}});
        view.sections.push_back(std::move(offers));
    }
    view.sections.push_back(upcoming_sessions(reader));
    view.sections.push_back(pods(reader));
    view.sections.push_back(mentor_offer(reader));
    if (config.is_admin(member.str())) {
        const std::string tenant(member.tenant_key());
        view.sections.push_back(program_figures(reader, config, tenant));
        view.sections.push_back(waiting_queue(reader, tenant));
    }
    view.footer = "Updated " + reader.when(to_unix(now)) + ".";
    return view;
}

}  // namespace mentorbot
