// The dashboard's figures on a scenario with known answers, and their agreement with /coach stats.
#include <catch2/catch.hpp>

#include "commands/dashboard_figures.h"
#include "bot/dashboard/figure_tables.h"
#include "commands/program_stats.h"
#include "tests/support/dashboard_scenario.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

DashboardFigures figures_of(TestChat& chat, int weeks) {
    return compute_dashboard_figures(chat.database(), chat.app().config(), chat.clock().now(), weeks, "console:local");
}

}  // namespace

TEST_CASE("dashboard requests per week by kind with match rate and time to accept", "[dashboard]") {
    TestChat chat;
    load_dashboard_scenario(chat);
    const DashboardFigures figures = figures_of(chat, 4);
    REQUIRE(figures.by_week.size() == 4);
    REQUIRE(figures.by_week[3].starts_at == to_unix(chat.clock().now()) - 7 * 86400);
    // The last week: four flash (three accepted after 10, 20 and 60 minutes), a micro and a reverse.
    const DashboardWeek& last = figures.by_week[3];
    REQUIRE(last.requests == 6);
    REQUIRE(last.requests_by_kind == std::map<std::string, int>{{"flash", 4}, {"micro", 1}, {"reverse", 1}});
    REQUIRE(last.matched == 3);
    REQUIRE(last.match_rate() == Approx(0.5));
    REQUIRE(*last.median_working_minutes_to_accept == Approx(20));
    REQUIRE(*last.p90_working_minutes_to_accept == Approx(60));
    // The week before: one flash accepted after 30 minutes; the two before that are empty.
    REQUIRE(figures.by_week[2].requests == 1);
    REQUIRE(*figures.by_week[2].median_working_minutes_to_accept == Approx(30));
    REQUIRE(figures.by_week[1].requests == 0);
    REQUIRE_FALSE(figures.by_week[1].median_working_minutes_to_accept);
    // Totals leave out the request from 40 days ago.
    REQUIRE(figures.requests == 7);
    REQUIRE(figures.matched == 4);
    REQUIRE(*figures.median_working_minutes_to_accept == Approx(25));
    REQUIRE(*figures.p90_working_minutes_to_accept == Approx(60));
}

TEST_CASE("dashboard sessions by outcome with ratings and goals", "[dashboard]") {
    TestChat chat;
    load_dashboard_scenario(chat);
    const DashboardFigures figures = figures_of(chat, 4);
    REQUIRE(figures.outcomes.slot_passed == 4);
    REQUIRE(figures.outcomes.completed == 2);
    REQUIRE(figures.outcomes.no_shows == 1);
    REQUIRE(figures.outcomes.no_shows_reported_by_mentor == 1);
    REQUIRE(figures.outcomes.unconfirmed == 1);
    REQUIRE(figures.by_week[3].completed == 2);
    REQUIRE(figures.by_week[3].no_shows == 1);
    REQUIRE(figures.by_week[2].unconfirmed == 1);
    REQUIRE(figures.ratings == std::array<int, 5>{0, 1, 0, 0, 1});
    REQUIRE(*figures.average_rating == Approx(3.5));
    REQUIRE(figures.goal_met == 1);
    REQUIRE(figures.goal_partly == 1);
    REQUIRE(figures.goal_not == 0);
}

TEST_CASE("dashboard mentor load against capacity and mentors nobody asked", "[dashboard]") {
    TestChat chat;
    load_dashboard_scenario(chat);
    const DashboardFigures figures = figures_of(chat, 4);
    // Seven mentors over four weeks: ben had two sessions in one week, dev (capacity 1) one in each of two weeks.
    REQUIRE(figures.mentors == 7);
    REQUIRE(figures.load.size() == 6);
    REQUIRE(figures.load[0].mentor_weeks == 25);
    REQUIRE(figures.load[1].mentor_weeks == 2);
    REQUIRE(figures.load[1].at_or_over_capacity == 2);
    REQUIRE(figures.load[2].mentor_weeks == 1);
    REQUIRE(figures.load[2].at_or_over_capacity == 0);
    REQUIRE(figures.load[5].or_more);
    // Ben and dev had sessions, emma holds an offer; carla, gia, kai and lena were never asked.
    REQUIRE(figures.mentors_not_asked == 4);
    // Of four sessions, dev with ana crosses departments; ben with ana and dev with ines cross zones.
    REQUIRE(figures.sessions == 4);
    REQUIRE(figures.cross_department == 1);
    REQUIRE(figures.cross_zone == 2);
}

TEST_CASE("dashboard pods announcements waiting queue and unmet demand", "[dashboard]") {
    TestChat chat;
    load_dashboard_scenario(chat);
    const DashboardFigures figures = figures_of(chat, 4);
    REQUIRE(figures.attendance.at("learning").asked == 2);
    REQUIRE(figures.attendance.at("learning").met == 1);
    REQUIRE(figures.attendance.at("circle").met == 1);
    REQUIRE(figures.by_week[2].attendance.at("circle").answered == 1);
    REQUIRE(figures.quiet_pods.size() == 1);
    REQUIRE(figures.quiet_pods[0].name == "quiet-club");
    REQUIRE_FALSE(figures.quiet_pods[0].last_met);
    REQUIRE(figures.announcements.size() == 1);
    REQUIRE(figures.announcements[0].target == "rust-readers");
    REQUIRE(figures.announcements[0].sent == 2);
    REQUIRE(figures.announcements[0].failed == 0);
    REQUIRE(figures.waiting_total == 2);
    REQUIRE(figures.waiting_longest.size() == 2);
    REQUIRE(figures.waiting_longest[0].topic == "rust");
    REQUIRE(figures.waiting_longest[0].waiting_minutes == 24 * 60);
    REQUIRE(figures.unmet_topics.size() == 2);
    REQUIRE(figures.unmet_topics[0].topic == "rust");
    REQUIRE(figures.unmet_topics[0].reasons == std::map<std::string, int>{{"no mentor offers it", 1}});
    REQUIRE(figures.unmet_topics[1].topic == "generative ai");
    REQUIRE(figures.unmet_topics[1].reasons == std::map<std::string, int>{{"held for working hours", 1}});
}

TEST_CASE("dashboard figures agree with /coach stats for the same period", "[dashboard]") {
    TestChat chat;
    load_dashboard_scenario(chat);
    for (int weeks : {1, 4, 12}) {
        CAPTURE(weeks);
        const DashboardFigures dashboard = figures_of(chat, weeks);
        const std::string stats = chat.run("olivia", "/coach stats " + std::to_string(weeks * 7)).response.text;
        INFO(stats);
        ProgramFigures program = compute_program_figures(chat.database(), to_unix(chat.clock().now()), weeks * 7,
                                                         std::string("console:local"));
        REQUIRE(dashboard.requests == program.requests);
        REQUIRE(dashboard.requests_by_kind == program.requests_by_kind);
        REQUIRE(dashboard.matched == program.matched);
        REQUIRE(dashboard.median_working_minutes_to_accept == program.median_working_minutes_to_accept);
        REQUIRE(dashboard.outcomes.completed == program.outcomes.completed);
        REQUIRE(dashboard.outcomes.no_shows == program.outcomes.no_shows);
        REQUIRE(dashboard.outcomes.rescheduled == program.outcomes.rescheduled);
        REQUIRE(dashboard.outcomes.unconfirmed == program.outcomes.unconfirmed);
        int ratings = 0;
        for (int n : dashboard.ratings) ratings += n;
        REQUIRE(ratings == program.ratings);
        REQUIRE(dashboard.average_rating == program.average_rating);
        REQUIRE(dashboard.mentors == program.mentors);
        int sent = 0;
        for (const auto& announcement : dashboard.announcements) sent += announcement.sent;
        REQUIRE(sent == program.deliveries_sent);
        // The unmet topics and reasons read the same as in /coach stats.
        for (const TopicDemand& demand : dashboard.unmet_topics) {
            for (const auto& [reason, count] : demand.reasons)
                REQUIRE(contains(stats, demand.topic + " " + std::to_string(demand.requests) + " (" + reason + ")"));
        }
        // Every request in the period is in exactly one week.
        int by_week = 0;
        for (const DashboardWeek& week : dashboard.by_week) by_week += week.requests;
        REQUIRE(by_week == dashboard.requests);
    }
}

TEST_CASE("the dashboard names who waits only when the privacy setting allows it", "[dashboard][privacy]") {
    TestChat chat;
    load_dashboard_scenario(chat);
    const auto waiting_table = [](const DashboardFigures& figures) {
        for (const FigureTable& table : figure_tables(figures)) {
            if (table.id == "waiting") return table;
        }
        FAIL("no waiting table");
        return FigureTable{};
    };

    // By default: topics, kinds and times, no names anywhere in the table.
    const FigureTable counts_only = waiting_table(figures_of(chat, 4));
    CHECK(counts_only.columns == std::vector<std::string>{"Request", "Kind", "Topic", "Waiting (hours)"});
    CHECK(has(counts_only.summary, "no names"));
    for (const auto& row : counts_only.rows) {
        for (const FigureCell& cell : row) CHECK_FALSE(has(cell.text, "Hugo"));
    }

    Config config = chat.app().config();
    config.dashboard.waiting_names = true;
    const DashboardFigures named = compute_dashboard_figures(chat.database(), config, chat.clock().now(), 4,
                                                             "console:local");
    REQUIRE(named.waiting_longest.size() == 2);
    CHECK(named.waiting_longest[0].requester == std::optional<std::string>("Hugo Martin"));
    const FigureTable with_names = waiting_table(named);
    CHECK(with_names.columns == std::vector<std::string>{"Request", "Who", "Kind", "Topic", "Waiting (hours)"});
    CHECK(with_names.series == std::vector<std::size_t>{4});
    REQUIRE(with_names.rows.size() == 2);
    CHECK(with_names.rows[0][1].text == "Hugo Martin");
    CHECK(with_names.rows[1][1].text == "Farid Haddad");
}
