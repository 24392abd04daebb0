// What the matching tests match: a fixed moment, mentors who offer kubernetes and ana's request.
#pragma once

#include <date/date.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "domain/match_request.h"
#include "domain/mentor_index.h"

namespace mentorbot::testing {

// Thursday 26 November 2026, 10:00 UTC: working hours in Berlin, where everyone here works.
inline const Instant matching_now = date::sys_days{date::year{2026} / 11 / 26} + std::chrono::hours(10);

// A Platform mentor in Berlin (9:00 to 17:00) with room for two sessions a week.
inline MentorCandidate mentor_candidate(std::string id, int level, std::vector<std::string> topics = {"kubernetes"}) {
    MentorCandidate m;
    m.member_id = id;
    m.display_name = id;
    m.level = level;
    m.department = "Platform";
    m.schedule = {"Europe/Berlin", {9 * 60, 17 * 60}};
    m.topics = std::move(topics);
    m.weekly_capacity = 2;
    return m;
}

// Ana (Platform, Berlin) asks for help on kubernetes: request #1.
inline MatchRequest kubernetes_request(RequestKind kind = RequestKind::flash, int level = 2) {
    MatchRequest r;
    r.request_id = 1;
    r.requester_id = "ana";
    r.requester_level = level;
    r.requester_department = "Platform";
    r.requester_schedule = {"Europe/Berlin", {9 * 60, 17 * 60}};
    r.kind = kind;
    r.topic = "kubernetes";
    return r;
}

}  // namespace mentorbot::testing
