// Matching a stored request, offering it, moving on after a no, and queueing when nobody fits.
#include "commands/flash_flow.h"

#include <algorithm>
#include <array>
#include <chrono>

#include <nlohmann/json.hpp>

#include "commands/command_context.h"
#include "commands/dm_budget.h"
#include "model/member_id.h"
#include "domain/calendar.h"
#include "domain/match_rules.h"
#include "domain/working_hours.h"
#include "storage/job_keys.h"
#include "storage/job_store.h"
#include "storage/member_store.h"
#include "storage/mentor_pool_store.h"
#include "storage/offer_store.h"
#include "storage/open_offers_cache.h"
#include "storage/request_store.h"
#include "storage/session_store.h"
#include "storage/topic_ratings_cache.h"
#include "storage/weekly_sessions_cache.h"

namespace mentorbot {

namespace {

// Used for a requester whose profile has no level yet (and said so in the reply).
constexpr int assumed_requester_level = 3;

// As long as a working day can be (shifts up to 16 h): what happened within it happened
// "today" for any mentor, and is over by their next working day.
constexpr auto one_working_day = std::chrono::hours(16);

// A mentor who let an offer lapse is not offered anything else for a working day, so they are
// next asked on their next working day rather than sent offer after offer while away from
// their desk.
constexpr auto resting_after_silence = one_working_day;

// A request waiting this long is no longer held for its best mentor when another who fits
// starts work sooner.
constexpr auto waited_long = std::chrono::hours(24);

// The request has never been offered to anyone: its requester hears when it first is, and
// after that of its outcome only, so a request that goes round several mentors does not
// bring a message each time.
bool first_offer(const FlashRequest& before) { return before.pass == 0 && before.candidates_tried == 0; }

std::string kind_label(const FlashRequest& request) {
    return request.kind + ", " + request.topic + ", " + std::to_string(request.minutes) + " min";
}

WorkingSchedule schedule_of_member(Database& database, const Config& config, const std::string& member_id) {
    WorkingSchedule schedule;
    schedule.time_zone = "UTC";
    schedule.hours = {config.default_hours_start, config.default_hours_end};
    return OfferStore(database).working_schedule(member_id, std::move(schedule));
}

std::string ask_text(Database& database, const FlashRequest& request) {
    std::string text = mention(request.requester_id) + " asks for " + request.kind + " help on " + request.topic +
                       " (" + std::to_string(request.minutes) + " min), request #" + std::to_string(request.id) + ".";
    if (!request.note.empty()) text += "\nNote: " + request.note;
    if (request.when_at) {
        const auto when = from_unix(*request.when_at);
        auto profile = MemberStore(database).find(request.requester_id);
        text += "\nThe moment to observe: " +
                format_in_zone(when, profile && !profile->time_zone.empty() ? profile->time_zone : "UTC");
    }
    return text;
}

// "in 9 h (09:00 Mon in your zone)": when something will happen, for the reader.
std::string when_text(Seconds now, Seconds at, const std::string& zone) {
    const auto hours = std::chrono::duration_cast<std::chrono::hours>(at - now).count();
    const std::string in = hours >= 1 ? "in " + std::to_string(hours) + " h" : "shortly";
    return in + ", " + format_in_zone(at, zone);
}

std::string zone_of_member(Database& database, const std::string& member_id) {
    auto profile = MemberStore(database).find(member_id);
    return profile && !profile->time_zone.empty() ? profile->time_zone : "UTC";
}

void schedule_retry(FlashFlow& flow, const FlashRequest& request, Seconds at, bool new_pass) {
    nlohmann::json payload{
        {"request", request.id}, {"at", to_unix(at)}, {"new_pass", new_pass}, {"pass", request.pass}};
    JobStore(flow.database)
        .schedule(JobKind::request_retry, payload.dump(), to_unix(at), JobKey::request_retry(request.id, to_unix(at)),
                  to_unix(flow.now));
}

// The weekly capacity comes back on Monday 00:00 in each mentor's own zone: queued requests
// get another round at the first of those Mondays still ahead.
void schedule_weekly_reset(FlashFlow& flow) {
    std::optional<Seconds> next;
    // The zones are read from the kept pool, which counts its mentors in each: reading every
    // mentor's row (or entry) for them made each queued request and each accept cost in
    // proportion to the organisation.
    const std::shared_ptr<const MentorIndex> mentors = MentorPoolStore(flow.database).without_loads();
    for (std::uint32_t zone = 0; zone < mentors->zone_count(); ++zone) {
        if (mentors->mentors_in_zone(zone) == 0) continue;
        const Seconds monday = local_week_start(mentors->zone_name(zone), flow.now) + std::chrono::days(7);
        if (!next || monday < *next) next = monday;
    }
    if (!next) next = week_start(flow.now) + std::chrono::days(7);
    JobStore(flow.database)
        .schedule(JobKind::weekly_reset, "{}", to_unix(*next), JobKey::weekly_reset(to_unix(*next)), to_unix(flow.now));
}

// While requests wait, they are looked at again at each full hour: a mentor who fits may have
// started work or finished resting after a lapse since, which no command announces.
void schedule_waiting_sweep(FlashFlow& flow) {
    const long long hour = 3600;
    const long long next = (to_unix(flow.now) / hour + 1) * hour;
    JobStore(flow.database)
        .schedule(JobKind::waiting_sweep, "{}", next, JobKey::waiting_sweep(next), to_unix(flow.now));
}

// Something waits: its mentors' weeks start again, and each hour may bring a mentor.
void schedule_waiting_checks(FlashFlow& flow) {
    schedule_weekly_reset(flow);
    schedule_waiting_sweep(flow);
}

// The words of the match for the mentor and for /flash why detail:yes, kept with the request.
void keep_detail(FlashFlow& flow, const FlashRequest& request, const MatchResult& result) {
    std::string detail;
    if (!result.ranked.empty()) {
        detail =
            nlohmann::json{{"mentor", result.for_mentor}, {"detail", result.detail_unnamed}, {"named", result.detail}}
                .dump();
    }
    RequestStore(flow.database).set_explanation_detail(request.id, detail);
}

// Everyone asked in this pass let the offer lapse (or enough were asked), or the mentors who
// fit left another offer unanswered today (`resting`, the matcher's words for it): silence is
// not a no, so the request gets a new pass the next working morning, or sooner when a mentor
// offers, resumes or gets room.
std::string end_pass(FlashFlow& flow, const FlashRequest& request, const std::string& label,
                     const std::string& resting = {}) {
    RequestStore requests(flow.database);
    const std::string schedule_of_whom = request.candidate_id.empty() ? request.requester_id : request.candidate_id;
    const WorkingSchedule schedule = working_schedule_of(flow.database, flow.config, schedule_of_whom);
    const Seconds next_pass =
        next_working_moment(schedule, flow.now + std::chrono::hours(12)).value_or(flow.now + std::chrono::hours(24));
    const bool nobody_asked_yet = request.candidates_tried == 0 && !resting.empty();
    const std::string asked = nobody_asked_yet ? resting + "."
                                               : std::to_string(request.candidates_tried) +
                                                     (request.candidates_tried == 1 ? " mentor was" : " mentors were") +
                                                     " offered it without an answer yet.";
    if (!requests.mark_held(request.id, request.status, to_unix(next_pass), asked)) {
        return label + " changed meanwhile; nothing was offered.";
    }
    schedule_retry(flow, request, next_pass, true);
    schedule_waiting_checks(flow);
    flow.pass_ended = true;
    std::string why = nobody_asked_yet ? resting + ", so it waits"
                                       : std::to_string(request.candidates_tried) +
                                             (request.candidates_tried == 1 ? " mentor was" : " mentors were") +
                                             " asked and none could take it yet, so it waits";
    if (request.preferred_only && !request.preferred_mentor.empty()) {
        why = mention(request.preferred_mentor) + " has not answered yet, and you asked for them only, so it waits";
    }
    return label + ": " + why + ". I will ask again " +
           when_text(flow.now, next_pass, zone_of_member(flow.database, request.requester_id)) +
           ", or as soon as a mentor offers, resumes or has room again, and tell you.";
}

// The best fitting mentor is off work now and nobody fitting works: the request waits for
// them rather than waking them.
std::string hold_for(FlashFlow& flow, const FlashRequest& request, const RankedMentor& best, const MatchResult& result,
                     const std::string& label, bool quiet, bool is_the_best = true) {
    const Seconds starts =
        next_working_moment(best.mentor->schedule, flow.now).value_or(flow.now + std::chrono::hours(12));
    if (!RequestStore(flow.database).mark_held(request.id, request.status, to_unix(starts), result.summary)) {
        return quiet ? std::string() : label + " changed meanwhile; nothing was offered.";
    }
    keep_detail(flow, request, result);
    schedule_retry(flow, request, starts, false);
    if (quiet) return {};
    const std::string name = !best.mentor->display_name.empty() ? best.mentor->display_name
                             : is_the_best                      ? "The best fit"
                                                                : "A mentor who fits";
    // A mentor asked for by name (or chosen by an admin) is not "the best fit": they are the one asked.
    const bool named = best.mentor->member_id == request.preferred_mentor;
    return label + ": " + name +
           (named         ? ", the mentor asked for, starts work "
            : is_the_best ? " fits best and starts work "
                          : " fits and starts work first, ") +
           when_text(flow.now, starts, zone_of_member(flow.database, request.requester_id)) +
           (first_offer(request) ? "; I will ask then, and tell you."
                                 : "; I will ask then, and you will hear when someone accepts or if it has to wait "
                                   "again.");
}

// A request for one mentor only (only:yes) ends when that mentor said no or was forgotten:
// nobody else may take it, and waiting would be waiting for nothing. Returns what to tell
// the requester, or empty when the request goes on.
std::string close_when_named_mentor_is_gone(FlashFlow& flow, const FlashRequest& request, const std::string& label) {
    if (!request.preferred_only) return {};
    RequestStore requests(flow.database);
    const std::string& mentor = request.preferred_mentor;
    const bool gone = mentor.empty();
    // A mentor who withdrew their offer, or no longer offers the topic, will not come back to
    // it by waiting; a paused one may, and is waited for.
    const std::optional<MentorOffer> offer = gone ? std::nullopt : OfferStore(flow.database).find(mentor);
    const bool withdrew = !gone && (!offer || std::find(offer->topics.begin(), offer->topics.end(), request.topic) ==
                                                  offer->topics.end());
    const bool declined = !gone && !withdrew && requests.declined_by(request.id).contains(mentor);
    if (!gone && !withdrew && !declined) return {};
    if (!requests.close(request.id, request.status, status_name(RequestStatus::cancelled), to_unix(flow.now))) {
        return label + " changed meanwhile; nothing was offered.";
    }
    JobStore(flow.database).cancel(JobKey::waiting_update(request.id));
    const std::string who = gone       ? "the mentor you asked for has left mentorbot"
                            : withdrew ? mention(mentor) + " no longer offers " + request.topic
                                       : mention(mentor) + " declined it";
    return label + ": " + who + ", and you asked for them only, so it is closed. To let anyone who fits take it: " +
           "/flash request topic:" + request.topic + (request.kind == "flash" ? "" : " kind:" + request.kind);
}

}  // namespace

WorkingSchedule working_schedule_of(Database& database, const Config& config, const std::string& member_id) {
    return schedule_of_member(database, config, member_id);
}

std::string display_name_of(Database& database, const std::string& member_id) {
    auto profile = MemberStore(database).find(member_id);
    return profile && !profile->display_name.empty() ? profile->display_name : member_id;
}

RequestMatch match_request(FlashFlow& flow, const FlashRequest& request) {
    MentorPoolStore pool(flow.database);
    MatchRequest match;
    match.request_id = request.id;
    match.requester_id = request.requester_id;
    auto profile = MemberStore(flow.database).find(request.requester_id);
    match.requester_level = profile && profile->level ? *profile->level : assumed_requester_level;
    match.requester_level_set = profile && profile->level;
    if (profile) {
        match.requester_department = profile->department;
        match.requester_goals = flow.config.aliases.canonical(profile->goals);
    }
    match.requester_schedule = working_schedule_of(flow.database, flow.config, request.requester_id);
    if (const std::optional<MemberId> requester = MemberId::parse(request.requester_id)) {
        match.tenant = std::string(requester->tenant_key());
    }
    match.kind = parse_request_kind(request.kind).value_or(RequestKind::flash);
    match.topic = request.topic;
    match.max_pending_offers = flow.config.max_pending_offers;
    match.prefer_at_work = true;
    if (request.when_at) match.when = from_unix(*request.when_at);

    const auto waiting = RequestStore(flow.database).competing(request.id, assumed_requester_level);
    RequestMatch found{pool.with_loads(flow.now), {}};

    MatchHistory history;
    history.declined_this_request = RequestStore(flow.database).declined_by(request.id);
    history.lapsed_this_pass = RequestStore(flow.database).lapsed_in_this_pass(request.id);
    // Kept counted in memory (DayOffersCache), with the offers a pass makes counted as it makes them.
    history.offered_enough_today = RequestStore(flow.database)
                                       .offered_at_least(to_unix(flow.now - one_working_day),
                                                         flow.config.max_offers_per_day);
    // A mentor whose day is full of messages is offered nothing more today either: what is
    // left of it is kept for a match or an answer of their own.
    if (flow.memo && !flow.memo->busy_today)
        flow.memo->busy_today = busy_members_today(flow.database, flow.config, flow.now);
    auto full_days = mentors_with_full_days(flow.database, flow.config, flow.now,
                                            flow.memo ? *flow.memo->busy_today
                                                      : busy_members_today(flow.database, flow.config, flow.now),
                                            flow.outbound);
    history.offered_enough_today.merge(full_days);
    SessionStore sessions(flow.database);
    history.rated_badly_with = sessions.rated_badly_with(request.requester_id);
    for (const auto& [other, at] : sessions.last_met(request.requester_id)) history.last_met[other] = from_unix(at);
    // Kept in memory, current with every rating and session written: read in place.
    history.shared_position_ratings = &flow.database.attached<TopicRatingsCache>().on(request.topic, *found.mentors);
    // A request made for one mentor goes to them alone while that holds: with only:yes always
    // (a no closes it, see close_when_named_mentor_is_gone), otherwise until they decline or let
    // this pass's offer lapse. Without only:yes,
    // a mentor who cannot take it now (paused, full, away today) leaves it to usual matching;
    // one still answering another offer is waited for, as that is over within the window.
    const std::string& preferred = request.preferred_mentor;
    const bool named = !preferred.empty() &&
                       (request.preferred_only || (!history.declined_this_request.contains(preferred) &&
                                                   !history.lapsed_this_pass.contains(preferred)));
    if (named) match.only_mentor = preferred;
    // Kept in memory (DayOffersCache) and read in place by the match; asked last, so that no
    // other question to the kept offers comes between. A pass keeps the set it began with.
    const long long resting_since = to_unix(flow.now - resting_after_silence);
    if (flow.memo && !flow.memo->resting) flow.memo->resting = RequestStore(flow.database).silent_since(resting_since);
    history.shared_resting = flow.memo ? &*flow.memo->resting
                                       : &RequestStore(flow.database).silent_since(resting_since);
    found.result = match_mentors(match, *found.mentors, history, *waiting, flow.now);
    if (named && !request.preferred_only && found.result.ranked.empty() && found.result.excluded.answering_offer == 0) {
        match.only_mentor.clear();
        found.result = match_mentors(match, *found.mentors, history, *waiting, flow.now);
    }
    return found;
}

std::string named_mentor_refusal(FlashFlow& flow, const FlashRequest& request, const std::string& mentor_id,
                                 bool assigned) {
    FlashRequest asked = request;
    asked.preferred_mentor = mentor_id;
    asked.preferred_only = true;  // weigh them alone, whatever the request says
    const MatchResult result = match_request(flow, asked).result;
    if (!result.ranked.empty()) return {};
    const Exclusions& out = result.excluded;
    // What stays true for days (or for this request) refuses; what passes within the day
    // (another offer to answer, a rest after a lapsed offer, enough offers today) lets the
    // request wait for them. An admin assigning by hand is told of a lapse in this pass too.
    const bool hard = out.offer_topic == 0 || out.yourself + out.level_rule + out.not_opted_in + out.paused + out.full +
                                                      out.rated_badly + out.outside_hours + out.declined +
                                                      (assigned ? out.no_answer : 0) >
                                                  0;
    if (!hard) return {};
    MatchRequest words;
    words.topic = request.topic;
    words.kind = parse_request_kind(request.kind).value_or(RequestKind::flash);
    return out.describe_one(words, display_name_of(flow.database, mentor_id));
}

std::string offer_to_next_candidate(FlashFlow& flow, const FlashRequest& request, bool quiet_when_nobody,
                                    bool on_a_change) {
    RequestStore requests(flow.database);
    const std::string label = "Request #" + std::to_string(request.id) + " (" + kind_label(request) + ")";
    // A change (a mentor offers, resumes or gets room) may bring someone new to ask even when
    // this pass has asked its share; the ones asked in it wait for the next pass all the same.
    // A pass ends after as many unanswered offers as a pass makes; a quick no costs the
    // requester nothing, so it does not count, and the next fitting mentor is asked at once.
    if (!on_a_change && static_cast<int>(requests.lapsed_in_this_pass(request.id).size()) >= flow.config.max_candidates)
        return end_pass(flow, request, label);
    if (std::string closed = close_when_named_mentor_is_gone(flow, request, label); !closed.empty()) return closed;
    const RequestMatch match = match_request(flow, request);
    const MatchResult& result = match.result;
    // Nobody new fits after the change: the request stays as it was, next pass and all.
    if (on_a_change && result.ranked.empty()) return {};
    if (result.ranked.empty()) {
        // Mentors who let this pass's offer lapse may say yes on another day; the others
        // will not fit sooner than a change (an offer, a resume, room) tells us.
        if (result.excluded.no_answer + result.excluded.resting + result.excluded.offered_enough > 0) {
            std::string why = result.summary;
            if (!why.empty() && why.back() == '.') why.pop_back();
            return end_pass(flow, request, label, why);
        }
        // Mentors answering another offer have room again once they answer, which re-offers
        // waiting requests, or once it lapses, which does not: look again after the window.
        const bool answering = result.excluded.answering_offer > 0;
        if (quiet_when_nobody && !answering) return {};
        if (answering) {
            const Seconds again = flow.now + flow.config.offer_expiry + std::chrono::minutes(1);
            if (!requests.mark_held(request.id, request.status, to_unix(again), result.summary)) return {};
            schedule_retry(flow, request, again, false);
            if (quiet_when_nobody) return {};
        } else {
            requests.mark_queued(request.id, request.status, request.candidates_tried, result.summary);
        }
        keep_detail(flow, request, result);
        schedule_weekly_reset(flow);
        return label + " is queued: " + result.summary +
               " I will offer it as soon as a mentor who fits offers, resumes or has room again, and tell you.";
    }
    const RankedMentor& first = result.ranked.front();
    const std::string& mentor_id = first.mentor->member_id;
    if (!is_inside_working_hours(first.mentor->schedule, flow.now)) {
        // A request that has waited a day already goes to whoever fitting starts work first,
        // rather than waiting on for the best one.
        const RankedMentor* earliest = &first;
        if (flow.now - from_unix(request.created_at) >= waited_long) {
            Seconds soonest = next_working_moment(first.mentor->schedule, flow.now).value_or(Seconds::max());
            for (const RankedMentor& other : result.ranked) {
                const auto starts = next_working_moment(other.mentor->schedule, flow.now);
                if (starts && *starts < soonest) {
                    soonest = *starts;
                    earliest = &other;
                }
            }
        }
        return hold_for(flow, request, *earliest, result, label, quiet_when_nobody, earliest == &first);
    }
    const int round = request.candidates_tried + 1;
    if (!requests.mark_offered(request.id, request.status, mentor_id, round, result.summary, to_unix(flow.now))) {
        return label + " changed meanwhile; nothing was offered.";
    }
    keep_detail(flow, request, result);
    // The answer window counts the mentor's working minutes: an offer at 16:50 is not
    // lost overnight.
    const auto expires = after_working_minutes(first.mentor->schedule, flow.now, flow.config.offer_expiry);
    nlohmann::json payload{{"request", request.id}, {"candidate", mentor_id}, {"round", round}, {"pass", request.pass}};
    JobStore(flow.database)
        .schedule(JobKind::offer_expiry, payload.dump(), to_unix(expires),
                  JobKey::offer(request.id, round, request.pass), to_unix(flow.now));

    const bool within_the_day = expires - flow.now == flow.config.offer_expiry;
    const std::string window = std::to_string(flow.config.offer_expiry.count()) + " min";
    Message offer;
    offer.text =
        ask_text(flow.database, request) + "\nWhy you: " + result.for_mentor + "\nPlease answer within " + window +
        (within_the_day
             ? ""
             : " of your working time (by " + format_in_zone(expires, first.mentor->schedule.time_zone) + ")") +
        " (/flash accept " + std::to_string(request.id) + " or /flash decline " + std::to_string(request.id) + ").";
    offer.buttons = {{"Accept", "/flash accept " + std::to_string(request.id)},
                     {"Decline", "/flash decline " + std::to_string(request.id)}};
    flow.outbound.push_back({Destination::member(mentor_id), offer});
    return label + ": offered to " + mention(mentor_id) + ". Why: " + result.summary + " They have " + window +
           " of their working time to answer; I will tell you.";
}

namespace {

// Whether a mentor at one of `positions` could ever take the waiting request, as far as the
// rules no change of theirs alters say: offers its topic, is of the same workspace or server,
// and passes the lasting rules (not the requester, the kind's level rule and opt-in). A
// request none of them could take gains nothing from their change, and a full match to find
// that out costs as much as a new request. Told from the row and the few changed mentors
// alone, with no lookup by member id: the queue on a popular topic is thousands long, and
// looking each requester up in the index was a third of an accept's time.
bool could_ever_take(const MentorIndex& mentors, const QueuedTopic& waiting,
                     const std::vector<std::uint32_t>& positions) {
    const RequestKind kind = parse_request_kind(waiting.kind).value_or(RequestKind::flash);
    const int level = waiting.requester_level.value_or(assumed_requester_level);
    return std::any_of(positions.begin(), positions.end(), [&](std::uint32_t position) {
        const MentorCandidate& mentor = mentors.mentors()[position];
        return std::find(mentor.topics.begin(), mentor.topics.end(), waiting.topic) != mentor.topics.end() &&
               is_in_tenant(waiting.requester_id, tenant_key_of(mentor.member_id)) &&
               check_lasting_rules(kind, MentorIndex::unknown, level, mentors, position) == Verdict::fits &&
               mentor.member_id != waiting.requester_id;
    });
}

// The waiting requests on the topics of the mentors at `positions`, oldest first: a queue of
// thousands is mostly on other topics, and going through all of it was most of an accept's cost.
std::vector<QueuedTopic> queued_on_topics_of(const MentorIndex& mentors, const std::vector<std::uint32_t>& positions,
                                             RequestStore& requests) {
    if (positions.empty()) return {};
    std::vector<std::uint32_t> topic_ids;
    for (std::uint32_t position : positions) {
        const auto& topics = mentors.compiled(position).topics;
        topic_ids.insert(topic_ids.end(), topics.begin(), topics.end());
    }
    std::sort(topic_ids.begin(), topic_ids.end());
    topic_ids.erase(std::unique(topic_ids.begin(), topic_ids.end()), topic_ids.end());
    std::vector<std::string> topics;
    for (std::uint32_t id : topic_ids) topics.push_back(mentors.topic_name(id));
    return requests.queued_topics_on(topics);
}

// Whether the mentor could be offered a request now as far as what a change (an accept, a
// cancel, a pause) and a pass's own offers alter: not paused, room left this week, and
// fewer offers waiting for their answer than a mentor may hold.
bool could_take_more(FlashFlow& flow, const MentorCandidate& mentor) {
    if (mentor.is_paused_at(flow.now)) return false;
    WeeklySessionsCache& sessions = flow.database.attached<WeeklySessionsCache>();
    sessions.bring_up_to_date(flow.now);
    const long long week_start = to_unix(local_week_start(mentor.schedule.time_zone, flow.now));
    if (sessions.count_since(mentor.member_id, week_start) >= mentor.weekly_capacity) return false;
    return flow.database.attached<OpenOffersCache>().count_of(mentor.member_id) < flow.config.max_pending_offers;
}

// Up to this many changed mentors, each is asked whether they could take more.
constexpr std::size_t checked_one_by_one_at_most = 8;

}  // namespace

void rematch_queued_requests(FlashFlow& flow, const std::vector<std::string>& changed_mentors) {
    RequestStore requests(flow.database);
    std::shared_ptr<const MentorIndex> mentors;
    // The changed mentors who could still take a request: a waiting request gains nothing
    // from a change of one who cannot (full after an accept, paused), and once the pass has
    // offered each of them what they may hold, the rest of the queue gains nothing either.
    std::vector<std::uint32_t> free;
    if (!changed_mentors.empty()) {
        mentors = MentorPoolStore(flow.database).without_loads();
        // Many at once (the mentors whose working day began this hour): each is taken as
        // free, as asking each costs more than the pass saves.
        const bool one_by_one = changed_mentors.size() <= checked_one_by_one_at_most;
        for (const auto& member_id : changed_mentors) {
            const auto position = mentors->position_of(member_id);
            if (position && (!one_by_one || could_take_more(flow, mentors->mentors()[*position]))) {
                free.push_back(*position);
            }
        }
    }
    // Only offers are made during the pass, so what the memo holds stays true throughout.
    PassMemoScope memo(flow);
    const auto offer_queued = [&](const FlashRequest& queued) {
        // Within the request's pass: a mentor who let this pass's offer lapse is asked again
        // in the next pass (the next working day), not each time something changes elsewhere.
        const std::string told = offer_to_next_candidate(flow, queued, true, true);
        const std::optional<FlashRequest> now = requests.find(queued.id);
        if (now && now->is(RequestStatus::offered) && first_offer(queued)) {
            flow.outbound.push_back({Destination::member(queued.requester_id), {"Good news: " + told, {}}});
        }
        if (mentors && now && now->is(RequestStatus::offered)) {
            // The one offered it may hold no more now; the others are as they were.
            const auto offered = mentors->position_of(now->candidate_id);
            const auto in_free = offered ? std::find(free.begin(), free.end(), *offered) : free.end();
            if (in_free != free.end() && !could_take_more(flow, mentors->mentors()[*offered])) free.erase(in_free);
        }
    };
    if (!mentors) {
        for (const FlashRequest& queued : requests.queued()) {
            if (queued.requester_id.empty()) continue;  // the requester asked to be forgotten
            offer_queued(queued);
        }
    } else {
        // Most waiting requests are on topics the changed mentors do not offer, or from
        // members they could never take (a level rule): only the queue on their topics is gone
        // through, with what tells that (kept in memory), and the whole request is read for those
        // that may go to them. A pass changes no request but the one it offers, so each is seen
        // as it stood at the start.
        for (const QueuedTopic& waiting : queued_on_topics_of(*mentors, free, requests)) {
            if (free.empty()) break;
            if (waiting.requester_id.empty()) continue;  // the requester asked to be forgotten
            if (!could_ever_take(*mentors, waiting, free)) continue;
            const std::optional<FlashRequest> queued = requests.find(waiting.id);
            if (!queued) continue;
            offer_queued(*queued);
        }
    }
    if (requests.any_queued()) schedule_waiting_checks(flow);
}

void sweep_waiting_requests(FlashFlow& flow) {
    RequestStore requests(flow.database);
    if (!requests.any_queued()) return;
    const auto hour_ago = flow.now - std::chrono::hours(1);
    std::vector<std::string> available;
    // A rest after a lapsed offer that ended within the hour.
    const auto resting_now = requests.silent_since(to_unix(flow.now - resting_after_silence));
    for (const std::string& mentor : requests.silent_since(to_unix(hour_ago - resting_after_silence))) {
        if (!resting_now.count(mentor)) available.push_back(mentor);
    }
    // A working day that began within the hour.
    for (const MentorCandidate& mentor : MentorPoolStore(flow.database).without_loads()->mentors()) {
        if (is_inside_working_hours(mentor.schedule, flow.now) && !is_inside_working_hours(mentor.schedule, hour_ago))
            available.push_back(mentor.member_id);
    }
    rematch_queued_requests(flow, available);
    if (requests.any_queued()) schedule_waiting_sweep(flow);
}

void rematch_queued_requests(Database& database, const Config& config, Seconds now,
                             std::vector<OutboundMessage>& outbound, const std::vector<std::string>& changed_mentors) {
    FlashFlow flow{database, config, now, outbound};
    rematch_queued_requests(flow, changed_mentors);
}

std::optional<RequestRetry> request_retry_from(std::string_view payload) {
    const nlohmann::json json = nlohmann::json::parse(payload, nullptr, false);
    if (!json.is_object() || !json.contains("request") || !json.contains("at")) return std::nullopt;
    try {
        return RequestRetry{json.at("request").get<long long>(), json.at("at").get<long long>(),
                            json.value("new_pass", false), json.value("pass", 0)};
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

void retry_request(FlashFlow& flow, const RequestRetry& retry) {
    const long long request_id = retry.request_id;
    RequestStore requests(flow.database);
    std::optional<FlashRequest> request = requests.find(request_id);
    // Offered, accepted or cancelled since, or held again for another moment: nothing to do.
    if (!request || !request->is(RequestStatus::queued) || request->held_until != retry.due_at) return;
    if (request->requester_id.empty()) return;
    // A new pass began meanwhile (a mentor offered, resumed or got room): this moment only
    // offers the held request, it does not start yet another pass.
    if (retry.new_pass && request->pass == retry.pass) request = requests.start_new_pass(request_id);
    const std::string told = offer_to_next_candidate(flow, *request, true);
    // Only a first offer is news; a request held again or still waiting says nothing new, and
    // later offers are told by their outcome (an accept, or the request waiting again).
    const std::optional<FlashRequest> now = requests.find(request_id);
    if (now && now->is(RequestStatus::offered) && first_offer(*request)) {
        flow.outbound.push_back({Destination::member(request->requester_id), {"Good news: " + told, {}}});
    }
}

std::vector<long long> requests_held_by(FlashFlow& flow, const std::string& mentor_id,
                                        std::optional<long long> sessions_before) {
    std::vector<long long> ids;
    for (const FlashRequest& offered : RequestStore(flow.database).offered_to(mentor_id)) ids.push_back(offered.id);
    for (const Session& session :
         SessionStore(flow.database).not_yet_held(mentor_id, true, to_unix(flow.now), sessions_before)) {
        // A long-term pairing with no agreed slot meets when the two agree on a time, which may
        // well be after the mentor is back: a pause until a date puts its first meeting off
        // rather than ending a pairing meant to last months.
        if (sessions_before && !session.one_off() && !session.starts_at) continue;
        ids.push_back(session.request_id);
    }
    return ids;
}

std::string ReleasedRequests::describe() const {
    if (offers == 0 && sessions == 0) return {};
    std::string text;
    if (offers > 0) text += std::to_string(offers) + (offers == 1 ? " offer" : " offers") + " waiting for your answer";
    if (offers > 0 && sessions > 0) text += " and ";
    if (sessions > 0) text += std::to_string(sessions) + (sessions == 1 ? " session" : " sessions") + " not yet held";
    return " " + text + ((offers + sessions) == 1 ? " goes" : " go") +
           " back to matching; the people who asked are told.";
}

namespace {

// A session that will not happen: its reminders and feedback go, and so does its place in
// the mentor's week.
void call_off_session(FlashFlow& flow, const Session& session) {
    JobStore jobs(flow.database);
    jobs.cancel(JobKey::feedback_ask(session.id));
    jobs.cancel(JobKey::checkin(session.id, session.meetings + 1));
    SessionStore(flow.database).remove(session.id);
}

// "the session on Thu 26 Nov 15:00 (Europe/Berlin)", or "the session" without a slot.
std::string session_words(FlashFlow& flow, const Session& session, const std::string& reader) {
    if (!session.starts_at) return "the session";
    return "the session on " + format_in_zone(from_unix(*session.starts_at), zone_of_member(flow.database, reader));
}

}  // namespace

ReleasedRequests release_requests(FlashFlow& flow, const std::vector<long long>& request_ids,
                                  const std::string& mentor_name, const std::string& excluded_mentor) {
    RequestStore requests(flow.database);
    SessionStore sessions(flow.database);
    ReleasedRequests released;
    for (const long long id : request_ids) {
        const std::optional<FlashRequest> request = requests.find(id);
        if (!request) continue;
        if (request->is(RequestStatus::offered)) {
            // The withdrawn offer does not count as one of this pass's tries.
            JobStore(flow.database).cancel(JobKey::offer(request->id, request->candidates_tried, request->pass));
            if (!requests.reopen(id, request->status, std::max(0, request->candidates_tried - 1), request->pass))
                continue;
            ++released.offers;
        } else if (request->is(RequestStatus::accepted)) {
            const std::optional<Session> session = sessions.for_request(id);
            if (!session || !SessionStore::is_not_yet_held(*session, to_unix(flow.now))) continue;
            call_off_session(flow, *session);
            // A new search: mentors silent before may be asked again.
            if (!requests.reopen(id, request->status, 0, request->pass + 1)) continue;
            ++released.sessions;
        } else {
            continue;
        }
        if (!excluded_mentor.empty()) {
            requests.add_decline(id, excluded_mentor, "called it off", to_unix(flow.now));
        }
        if (request->requester_id.empty()) {  // nobody is left to look for a mentor for
            requests.close(id, RequestStatus::queued, RequestStatus::cancelled, to_unix(flow.now));
            continue;
        }
        const std::optional<FlashRequest> reopened = requests.find(id);
        const std::string next = offer_to_next_candidate(flow, *reopened);
        const std::string who = mentor_name.empty()
                                    ? "The mentor of your " + request->topic + " request has left mentorbot"
                                    : mentor_name + " can no longer take your " + request->topic + " request";
        // A request for that mentor only is closed rather than passed on: `next` says so.
        const std::optional<FlashRequest> after = requests.find(id);
        const bool closed = after && after->is(RequestStatus::cancelled);
        flow.outbound.push_back({Destination::member(request->requester_id),
                                 {who + (closed ? ". " : "; I am looking for another mentor. ") + next, {}}});
    }
    return released;
}

void withdraw_requests(FlashFlow& flow, const std::vector<long long>& request_ids) {
    RequestStore requests(flow.database);
    SessionStore sessions(flow.database);
    JobStore jobs(flow.database);
    bool room_freed = false;
    for (const long long id : request_ids) {
        const std::optional<FlashRequest> request = requests.find(id);
        if (!request) continue;
        const std::string label = "request #" + std::to_string(id) + " (" + request->kind + ", " + request->topic + ")";
        if (request->is(RequestStatus::accepted)) {
            const std::optional<Session> session = sessions.for_request(id);
            // A session already held stays: the mentor may still mark it done.
            if (!session || !SessionStore::is_not_yet_held(*session, to_unix(flow.now))) continue;
            if (!requests.close(id, RequestStatus::accepted, RequestStatus::cancelled, to_unix(flow.now))) continue;
            call_off_session(flow, *session);
            room_freed = true;
            if (!session->mentor_id.empty()) {
                flow.outbound.push_back(
                    {Destination::member(session->mentor_id),
                     {"The requester withdrew " + label + ", so " + session_words(flow, *session, session->mentor_id) +
                          " is off. Nothing to do; thank you for taking it.",
                      {}}});
            }
            continue;
        }
        if (!request->is(RequestStatus::offered) && !request->is(RequestStatus::queued) &&
            !request->is(RequestStatus::fresh)) {
            continue;
        }
        if (!requests.close(id, request->status, status_name(RequestStatus::cancelled), to_unix(flow.now))) continue;
        if (request->is(RequestStatus::offered)) {
            jobs.cancel(JobKey::offer(id, request->candidates_tried, request->pass));
            room_freed = true;
            if (!request->candidate_id.empty()) {
                flow.outbound.push_back(
                    {Destination::member(request->candidate_id),
                     {"The requester withdrew " + label + ", so the offer to you is withdrawn. No answer needed.",
                      {}}});
            }
        }
    }
    // Mentors got their time back: a waiting request may go to them now.
    if (room_freed) rematch_queued_requests(flow);
}

Message feedback_request_message(long long session_id, const std::string& topic, const std::string& other_member) {
    Message message;
    message.text = "How was your session #" + std::to_string(session_id) + " on " + topic + " with " +
                   mention(other_member) +
                   "? Rate it from 1 (not useful) to 5 (very useful). You can add "
                   "goal:met|partly|not and a comment: /feedback session id:" +
                   std::to_string(session_id) + " rating:5 goal:met comment:\"…\"";
    // One menu reads better than five bare digits: each choice says what it means.
    static constexpr std::array<std::string_view, 5> meanings = {"not useful", "a little useful", "useful",
                                                                 "quite useful", "very useful"};
    Select rate{"Rate session #" + std::to_string(session_id), {}};
    for (int rating = 1; rating <= 5; ++rating) {
        rate.options.push_back(
            {std::to_string(rating) + " — " + std::string(meanings[rating - 1]),
             "/feedback session id:" + std::to_string(session_id) + " rating:" + std::to_string(rating)});
    }
    message.selects.push_back(std::move(rate));
    return message;
}

}  // namespace mentorbot
