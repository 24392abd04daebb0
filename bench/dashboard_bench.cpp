// The admin dashboard's render time on a 100,000-member program with a year of history.
//
//   dashboard_bench            builds the database, renders the first page (4 weeks), then the page 7 times
//                              for 4, 12 and 52 weeks
//   dashboard_bench FILE.db    the same on a database built before (kept at FILE.db)
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <date/date.h>
#include <spdlog/spdlog.h>

#include "bench/bench_support.h"
#include "bot/dashboard/dashboard_page.h"
#include "bot/dashboard/figure_tables.h"
#include "commands/dashboard_figures.h"
#include "commands/flash_flow.h"
#include "commands/unmet_demand.h"
#include "config/config.h"
#include "domain/clock.h"
#include "storage/dashboard_rows.h"
#include "storage/database.h"
#include "storage/unit_of_work.h"
#include "tests/support/temp_directory.h"

using namespace mentorbot;

namespace {

constexpr int member_count = 100'000;
constexpr int mentor_count = 10'000;
constexpr int request_count = 250'000;
constexpr int pod_count = 1'000;
constexpr int announcement_count = 50;
constexpr int topic_count = 300;
constexpr long long day = 24 * 3600;

const char* const kinds[] = {"flash", "flash", "flash", "micro", "near-peer", "reverse", "shadow", "long-term", "peer"};
const char* const departments[] = {"Engineering", "Product", "Design", "Sales", "People", "Finance", "Support"};
const char* const zones[] = {"Europe/Berlin", "Europe/London", "America/New_York", "Asia/Tokyo"};

std::string member(int n) { return "slack:T0BENCH:U" + std::to_string(n); }

void build(Database& database, long long now) {
    std::mt19937_64 random(18);
    auto roll = [&](int sides) { return static_cast<int>(random() % static_cast<unsigned long long>(sides)); };
    UnitOfWork transaction = UnitOfWork::transaction(database, UnitOfWork::Lock::immediate);
    auto& connection = database.connection();
    {
        SQLite::Statement insert(connection,
                                 "INSERT INTO members (id, display_name, level, department, time_zone, created_at, "
                                 "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
        for (int n = 0; n < member_count; ++n) {
            insert.bind(1, member(n));
            insert.bind(2, "Member " + std::to_string(n));
            insert.bind(3, 1 + roll(6));
            insert.bind(4, departments[roll(7)]);
            insert.bind(5, zones[roll(4)]);
            insert.bind(6, static_cast<int64_t>(now - 400 * day));
            insert.bind(7, static_cast<int64_t>(now - 400 * day));
            insert.exec();
            insert.reset();
        }
    }
    {
        SQLite::Statement offer(connection,
                                "INSERT INTO mentor_offers (member_id, capacity, hours_start, hours_end, created_at, "
                                "updated_at) VALUES (?, ?, 540, 1020, ?, ?)");
        SQLite::Statement tag(connection,
                              "INSERT OR IGNORE INTO member_tags (member_id, kind, tag) VALUES (?, 'topic', ?)");
        for (int n = 0; n < mentor_count; ++n) {
            offer.bind(1, member(n));
            offer.bind(2, 1 + roll(4));
            offer.bind(3, static_cast<int64_t>(now - 400 * day));
            offer.bind(4, static_cast<int64_t>(now - 400 * day));
            offer.exec();
            offer.reset();
            for (int t = 0; t < 3; ++t) {
                tag.bind(1, member(n));
                tag.bind(2, "topic " + std::to_string(roll(topic_count)));
                tag.exec();
                tag.reset();
            }
        }
    }
    {
        SQLite::Statement request(connection,
                                  "INSERT INTO requests (id, requester_id, kind, topic, minutes, status, created_at, "
                                  "accepted_at) VALUES (?, ?, ?, ?, 30, ?, ?, ?)");
        SQLite::Statement session(
            connection, "INSERT INTO sessions (request_id, mentor_id, mentee_id, kind, topic, starts_at, "
                        "minutes, status, outcome, created_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, 30, ?, "
                        "?, ?, ?)");
        SQLite::Statement feedback(connection,
                                   "INSERT INTO feedback (session_id, from_id, about_id, rating, goal, created_at, "
                                   "updated_at) VALUES (last_insert_rowid(), ?, ?, ?, ?, ?, ?)");
        for (int id = 1; id <= request_count; ++id) {
            const long long created = now - roll(365) * day - roll(86400);
            const std::string requester = member(mentor_count + roll(member_count - mentor_count));
            const std::string topic = "topic " + std::to_string(roll(topic_count));
            // A few hundred recent requests still wait; most of the rest were accepted.
            const bool waiting = created > now - 28 * day && roll(100) < 2;
            const bool accepted = !waiting && roll(100) < 85;
            const long long accepted_at = created + 60 * (5 + roll(600));
            request.bind(1, id);
            request.bind(2, requester);
            request.bind(3, kinds[roll(9)]);
            request.bind(4, topic);
            request.bind(5, waiting ? "queued" : accepted ? "done" : "cancelled");
            request.bind(6, static_cast<int64_t>(created));
            if (accepted) request.bind(7, static_cast<int64_t>(accepted_at));
            else request.bind(7);
            request.exec();
            request.reset();
            if (!accepted) continue;
            const std::string mentor = member(roll(mentor_count));
            const long long starts = accepted_at + day;
            const bool happened = roll(100) < 80 && starts < now;
            session.bind(1, id);
            session.bind(2, mentor);
            session.bind(3, requester);
            session.bind(4, "flash");
            session.bind(5, topic);
            session.bind(6, static_cast<int64_t>(starts));
            session.bind(7, happened ? "done" : "scheduled");
            if (starts < now && !happened && roll(2) == 0) session.bind(8, "no-show");
            else session.bind(8);
            session.bind(9, static_cast<int64_t>(accepted_at));
            if (happened) session.bind(10, static_cast<int64_t>(starts + 1800));
            else session.bind(10);
            session.exec();
            session.reset();
            if (!happened || roll(100) >= 60) continue;
            feedback.bind(1, requester);
            feedback.bind(2, mentor);
            feedback.bind(3, 1 + roll(5));
            feedback.bind(4, roll(3) == 0 ? "partly" : "met");
            feedback.bind(5, static_cast<int64_t>(starts + 3600));
            feedback.bind(6, static_cast<int64_t>(starts + 3600));
            feedback.exec();
            feedback.reset();
        }
    }
    {
        SQLite::Statement pod(
            connection, "INSERT INTO pods (id, name, kind, size, cadence, created_at, tenant) VALUES (?, ?, ?, 6, "
                        "'weekly', ?, 'slack:T0BENCH')");
        SQLite::Statement pod_member(
            connection, "INSERT OR IGNORE INTO pod_members (pod_id, member_id, joined_at) VALUES (?, ?, ?)");
        SQLite::Statement ask(connection,
                              "INSERT INTO pod_attendance (pod_id, member_id, meeting_at, asked_at, answer) VALUES (?, "
                              "?, ?, ?, ?)");
        const char* const pod_kinds[] = {"learning", "circle", "cohort"};
        for (int id = 1; id <= pod_count; ++id) {
            pod.bind(1, id);
            pod.bind(2, "pod " + std::to_string(id));
            pod.bind(3, pod_kinds[roll(3)]);
            pod.bind(4, static_cast<int64_t>(now - 365 * day));
            pod.exec();
            pod.reset();
            std::vector<std::string> members;
            for (int m = 0; m < 5; ++m) members.push_back(member(roll(member_count)));
            for (const std::string& who : members) {
                pod_member.bind(1, id);
                pod_member.bind(2, who);
                pod_member.bind(3, static_cast<int64_t>(now - 365 * day));
                pod_member.exec();
                pod_member.reset();
            }
            for (int week = 0; week < 52; ++week) {
                for (std::size_t m = 0; m < members.size(); ++m) {
                    const long long meeting = now - week * 7 * day - static_cast<long long>(m) - day;
                    ask.bind(1, id);
                    ask.bind(2, members[m]);
                    ask.bind(3, static_cast<int64_t>(meeting));
                    ask.bind(4, static_cast<int64_t>(meeting + 3600));
                    const int answer = roll(10);
                    if (answer < 6) ask.bind(5, "met");
                    else if (answer < 8) ask.bind(5, "skipped");
                    else ask.bind(5);
                    ask.exec();
                    ask.reset();
                }
            }
        }
    }
    {
        SQLite::Statement announcement(connection,
                                       "INSERT INTO announcements (id, author_id, target, text, created_at, tenant) "
                                       "VALUES (?, ?, 'all', 'Hello pods', ?, 'slack:T0BENCH')");
        SQLite::Statement delivery(connection,
                                   "INSERT INTO outbox (destination_kind, target, message, announcement_id, status, "
                                   "next_attempt_at, created_at) VALUES ('direct', ?, '{\"text\":\"Hello pods\"}', ?, "
                                   "?, ?, ?)");
        for (int id = 1; id <= announcement_count; ++id) {
            const long long created = now - roll(365) * day;
            announcement.bind(1, id);
            announcement.bind(2, member(0));
            announcement.bind(3, static_cast<int64_t>(created));
            announcement.exec();
            announcement.reset();
            for (int n = 0; n < 1000; ++n) {
                delivery.bind(1, member(roll(member_count)));
                delivery.bind(2, id);
                delivery.bind(3, roll(50) == 0 ? "failed" : "sent");
                delivery.bind(4, static_cast<int64_t>(created));
                delivery.bind(5, static_cast<int64_t>(created));
                delivery.exec();
                delivery.reset();
            }
        }
    }
    transaction.commit();
}

}  // namespace

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::warn);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each figure as it is measured
    testing::TempDirectory directory;
    const std::string path = argc > 1 ? argv[1] : directory.file("dashboard-bench.db");
    const Seconds now = Seconds{date::sys_days{date::year{2026} / 11 / 26}} + std::chrono::hours{12};
    const bool existing = argc > 1 && std::filesystem::exists(path);
    Database database(path);
    if (!existing) {
        const auto started = std::chrono::steady_clock::now();
        build(database, to_unix(now));
        std::printf("built %d members, %d mentors, %d requests over a year, %d pods in %.1f s\n", member_count,
                    mentor_count, request_count, pod_count,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    Config config = default_config();
    {
        // The page as the first admin after a start sees it: nothing read yet (no prepared
        // statements, no mentor pool), so no earlier page helps it.
        const auto started = std::chrono::steady_clock::now();
        const double cpu_started = bench::thread_cpu_micros();
        Database::StatementScope statements(database);
        UnitOfWork snapshot = UnitOfWork::transaction(database, UnitOfWork::Lock::deferred);
        auto tables = figure_tables(compute_dashboard_figures(database, config, now, 4, "slack:T0BENCH"));
        const std::size_t bytes = dashboard_page(tables, 4, {}).size();
        std::printf("dashboard for  4 weeks, first page after the start: %.0f ms wall, %.0f ms CPU, page %zu bytes\n",
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count(),
                    (bench::thread_cpu_micros() - cpu_started) / 1000.0, bytes);
    }
    for (int weeks : {4, 12, 52}) {
        std::vector<double> wall, cpu;
        std::size_t bytes = 0;
        for (int run = 0; run < 7; ++run) {
            const auto started = std::chrono::steady_clock::now();
            const double cpu_started = bench::thread_cpu_micros();
            Database::StatementScope statements(database);
            UnitOfWork snapshot = UnitOfWork::transaction(database, UnitOfWork::Lock::deferred);
            auto tables = figure_tables(compute_dashboard_figures(database, config, now, weeks, "slack:T0BENCH"));
            bytes = dashboard_page(tables, weeks, {}).size();
            wall.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
            cpu.push_back((bench::thread_cpu_micros() - cpu_started) / 1000.0);
        }
        std::printf("dashboard for %2d weeks: median %.0f ms wall, %.0f ms CPU (max %.0f ms wall), page %zu bytes\n",
                    weeks, bench::percentile(wall, 0.5), bench::percentile(cpu, 0.5), bench::percentile(wall, 1.0),
                    bytes);
    }
    {
        // The share of /coach stats' unmet-demand reasons (the matcher per waiting request) in the 4-week figure.
        std::vector<double> cpu, program_cpu, rows_cpu;
        for (int run = 0; run < 7; ++run) {
            Database::StatementScope statements(database);
            UnitOfWork snapshot = UnitOfWork::transaction(database, UnitOfWork::Lock::deferred);
            const double rows_started = bench::thread_cpu_micros();
            const DashboardRows rows = load_dashboard_rows(database, to_unix(now) - 28 * day, to_unix(now),
                                                           "slack:T0BENCH",
                                                           {config.default_hours_start, config.default_hours_end});
            rows_cpu.push_back((bench::thread_cpu_micros() - rows_started) / 1000.0);
            const double program_started = bench::thread_cpu_micros();
            ProgramFigures program = compute_program_figures(database, to_unix(now), 28, std::string("slack:T0BENCH"));
            const double figures_done = bench::thread_cpu_micros();
            program_cpu.push_back((figures_done - program_started) / 1000.0);
            std::vector<OutboundMessage> nothing_sent;
            FlashFlow flow{database, config, now, nothing_sent};
            explain_unmet_demand(flow, program, to_unix(now) - 28 * day, std::string("slack:T0BENCH"));
            cpu.push_back((bench::thread_cpu_micros() - figures_done) / 1000.0);
        }
        std::printf(
            "of the 4 weeks: the dashboard's rows: median %.0f ms CPU; /coach stats' figures: median %.0f ms CPU; "
            "the unmet-demand reasons: median %.0f ms CPU\n",
            bench::percentile(rows_cpu, 0.5), bench::percentile(program_cpu, 0.5), bench::percentile(cpu, 0.5));
    }
    std::printf("peak memory %ld MiB\n", bench::peak_rss_kib() / 1024);
    return 0;
}
