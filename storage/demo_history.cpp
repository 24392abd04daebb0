// The demo history's rows, drawn from a fixed-seed generator so every demo looks the same.
#include "storage/demo_history.h"

#include <string>
#include <vector>

#include "model/member_id.h"

namespace mentorbot {

namespace {

// A small linear congruential generator: the same seed, the same history.
class Dice {
public:
    int roll(int sides) {
        state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>((state_ >> 33) % static_cast<unsigned long long>(sides));
    }
    bool chance(int percent) { return roll(100) < percent; }

private:
    unsigned long long state_ = 20261126;
};

struct DemoMentor {
    const char* name;
    std::vector<const char*> topics;
};

const std::vector<DemoMentor> mentors = {
    {"ben", {"kubernetes", "go", "distributed systems"}},
    {"carla", {"kubernetes", "architecture", "career"}},
    {"dev", {"product discovery", "sql"}},
    {"emma", {"figma", "user experience", "accessibility"}},
    {"gia", {"generative ai", "social media"}},
    {"kai", {"go", "testing", "kubernetes"}},
    {"lena", {"negotiation", "leadership"}},
};
const std::vector<const char*> mentees = {"ana", "farid", "hugo", "ines", "jon", "mo", "olivia", "gia", "dev", "kai"};
const std::vector<const char*> unserved_topics = {"rust", "public speaking", "data visualisation"};

std::string member(const char* name) { return MemberId::of(Platform::console, "local", name).str(); }

const char* kind_for(Dice& dice) {
    const int roll = dice.roll(100);
    if (roll < 50) return "flash";
    if (roll < 68) return "micro";
    if (roll < 78) return "near-peer";
    if (roll < 84) return "reverse";
    if (roll < 90) return "shadow";
    if (roll < 95) return "long-term";
    return "peer";
}

void run(Database& database, const std::string& sql, const std::vector<std::string>& values) {
    auto& statement = database.prepare(sql);
    // An empty value stands for "none".
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i].empty()) statement.bind(static_cast<int>(i + 1));
        else statement.bind(static_cast<int>(i + 1), values[i]);
    }
    statement.exec();
}

std::string number(long long value) { return std::to_string(value); }

void add_requests(Database& database, Dice& dice, long long now) {
    const long long day = 24 * 3600;
    long long id = 0;
    auto& last = database.prepare("SELECT COALESCE(MAX(id), 0) FROM requests");
    if (last.executeStep()) id = last.getColumn(0).getInt64();
    last.reset();
    for (int week = 11; week >= 0; --week) {
        const int requests = 4 + dice.roll(5) + (11 - week) / 3;  // a program that grows
        for (int n = 0; n < requests; ++n) {
            ++id;
            const long long created = now - week * 7 * day - dice.roll(7 * 24) * 3600 - 3600;
            const DemoMentor& mentor = mentors[dice.roll(static_cast<int>(mentors.size()))];
            const char* mentee = mentees[dice.roll(static_cast<int>(mentees.size()))];
            if (member(mentee) == member(mentor.name)) mentee = "ana";
            const char* kind = kind_for(dice);
            const bool unserved = dice.chance(8);
            const std::string topic = unserved ? unserved_topics[dice.roll(3)]
                                               : mentor.topics[dice.roll(static_cast<int>(mentor.topics.size()))];
            const bool recent = now - created < 2 * day;
            std::string status = unserved ? "queued" : recent ? "offered" : dice.chance(82) ? "done" : "cancelled";
            if (!unserved && !recent && status == "cancelled" && dice.chance(40)) status = "queued";
            const bool accepted = status == "done";
            const long long accepted_at = created + (5 + dice.roll(dice.chance(80) ? 120 : 900)) * 60;
            run(database,
                "INSERT INTO requests (id, requester_id, kind, topic, minutes, status, candidate_id, offered_at, "
                "created_at, accepted_at, closed_at) VALUES (?, ?, ?, ?, 30, ?, ?, ?, ?, ?, ?)",
                {number(id), member(mentee), kind, topic, status, recent ? member(mentor.name) : "",
                 recent ? number(created) : "", number(created), accepted ? number(accepted_at) : "",
                 status == "cancelled" ? number(created + day) : ""});
            if (!accepted) continue;
            const long long starts = accepted_at + (18 + dice.roll(30)) * 3600;
            const int outcome = dice.roll(100);
            const bool completed = outcome < 72 && starts + 1800 < now;
            const bool slot_passed = starts + 1800 < now;
            const char* said = !slot_passed   ? ""
                               : completed    ? "happened"
                               : outcome < 82 ? "no-show"
                               : outcome < 90 ? "moved"
                                              : "";
            run(database,
                "INSERT INTO sessions (request_id, mentor_id, mentee_id, kind, topic, starts_at, minutes, status, "
                "outcome, outcome_by, created_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, 30, ?, ?, ?, ?, ?)",
                {number(id), member(mentor.name), member(mentee), kind, topic, number(starts),
                 completed ? "done" : "scheduled", said, std::string(said) == "no-show" ? "mentee" : "",
                 number(accepted_at), completed ? number(starts + 1800) : ""});
            if (!completed || !dice.chance(80)) continue;
            const int rating = dice.chance(70) ? 4 + dice.roll(2) : 1 + dice.roll(3);
            const char* goal = rating >= 4 ? (dice.chance(75) ? "met" : "partly")
                                           : (dice.chance(50) ? "partly" : "not");
            run(database,
                "INSERT INTO feedback (session_id, from_id, about_id, rating, goal, created_at, updated_at) "
                "VALUES (last_insert_rowid(), ?, ?, ?, ?, ?, ?)",
                {member(mentee), member(mentor.name), number(rating), goal, number(starts + 7200),
                 number(starts + 7200)});
        }
    }
}

void add_pods(Database& database, Dice& dice, long long now) {
    const long long day = 24 * 3600;
    struct DemoPod {
        const char* name;
        const char* topic;
        const char* kind;
        std::vector<const char*> members;
        int quiet_weeks;  // the last weeks without a meeting
    };
    const std::vector<DemoPod> pods = {
        {"kubernetes-learners", "kubernetes", "learning", {"ana", "mo", "kai", "ben", "gia"}, 0},
        {"cross-team-circle", "leadership", "circle", {"olivia", "dev", "emma", "hugo", "lena"}, 0},
        {"autumn-cohort", "onboarding", "cohort", {"ana", "ines", "jon", "gia"}, 4},
    };
    for (const DemoPod& pod : pods) {
        const long long created = now - 12 * 7 * day;
        run(database,
            "INSERT INTO pods (name, topic, kind, size, cadence, meeting_day, meeting_time, time_zone, creator_id, "
            "created_at, tenant) VALUES (?, ?, ?, 6, 'weekly', 'Tue', '15:00', 'Europe/London', ?, ?, "
            "'console:local')",
            {pod.name, pod.topic, pod.kind, member(pod.members.front()), number(created)});
        const std::string pod_id = number(database.connection().getLastInsertRowid());
        for (const char* who : pod.members)
            run(database, "INSERT INTO pod_members (pod_id, member_id, joined_at) VALUES (?, ?, ?)",
                {pod_id, member(who), number(created)});
        for (int week = 11; week >= pod.quiet_weeks; --week) {
            const long long meeting = now - week * 7 * day - 2 * day;
            if (meeting >= now) continue;
            bool met = false;
            for (const char* who : pod.members) {
                const bool answered = dice.chance(85);
                const bool said_met = dice.chance(week < 3 && pod.quiet_weeks == 0 ? 80 : 65);
                met = met || (answered && said_met);
                run(database,
                    "INSERT INTO pod_attendance (pod_id, member_id, meeting_at, asked_at, answer, answered_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    {pod_id, member(who), number(meeting), number(meeting + 3600),
                     answered ? (said_met ? "met" : "skipped") : "", answered ? number(meeting + 7200) : ""});
            }
            if (met)
                run(database, "INSERT INTO pod_checkins (pod_id, member_id, created_at) VALUES (?, ?, ?)",
                    {pod_id, member(pod.members.front()), number(meeting + 3600)});
        }
    }
}

void add_announcements(Database& database, Dice& dice, long long now) {
    const long long day = 24 * 3600;
    const std::vector<std::pair<const char*, long long>> announcements = {{"all", 20}, {"kubernetes-learners", 6}};
    for (const auto& [target, days_ago] : announcements) {
        const long long created = now - days_ago * day;
        run(database,
            "INSERT INTO announcements (author_id, target, text, created_at, tenant) VALUES (?, ?, ?, ?, "
            "'console:local')",
            {member("olivia"), target, "Pods: please check in after each meeting.", number(created)});
        const std::string id = number(database.connection().getLastInsertRowid());
        for (const char* who : mentees) {
            const bool failed = dice.chance(10);
            run(database,
                "INSERT INTO outbox (destination_kind, target, message, announcement_id, status, attempts, "
                "next_attempt_at, created_at, sent_at) VALUES ('direct', ?, '{\"text\":\"Pods: please check in "
                "after each meeting.\"}', ?, ?, 1, ?, ?, ?)",
                {member(who), id, failed ? "failed" : "sent", number(created), number(created),
                 failed ? "" : number(created + 5)});
        }
    }
}

}  // namespace

bool insert_demo_history(Database& database, long long now) {
    auto& loaded = database.prepare("SELECT 1 FROM settings WHERE key = 'demo_history'");
    const bool already = loaded.executeStep();
    loaded.reset();
    if (already) return false;
    Dice dice;
    add_requests(database, dice, now);
    add_pods(database, dice, now);
    add_announcements(database, dice, now);
    run(database, "INSERT INTO settings (key, value) VALUES ('demo_history', ?)", {number(now)});
    return true;
}

}  // namespace mentorbot
