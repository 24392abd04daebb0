// Job kinds and dedupe keys: the texts existing job rows hold, and one job per key.
#include <catch2/catch.hpp>

#include "storage/database.h"
#include "storage/job_keys.h"
#include "storage/job_store.h"
#include "tests/support/temp_directory.h"

using namespace mentorbot;
using mentorbot::testing::TempDirectory;

TEST_CASE("job kinds read and write the names stored in existing job rows", "[jobs][storage]") {
    const std::pair<JobKind, const char*> stored[] = {
        {JobKind::offer_expiry, "flash.offer_expiry"},
        {JobKind::feedback_ask, "flash.feedback_ask"},
        {JobKind::long_term_checkin, "flash.checkin"},
        {JobKind::weekly_reset, "flash.weekly_reset"},
        {JobKind::mentor_resume, "mentor.resume"},
        {JobKind::pod_reminder, "pod.reminder"},
        {JobKind::pod_reform, "pod.reform"},
        {JobKind::request_retry, "flash.request_retry"},
        {JobKind::session_outcome, "flash.session_outcome"},
        {JobKind::waiting_update, "flash.waiting_update"},
        {JobKind::waiting_sweep, "flash.waiting_sweep"},
    };
    for (const auto& [kind, name] : stored) {
        INFO(name);
        CHECK(job_kind_name(kind) == name);
        CHECK(parse_job_kind(name) == kind);
    }
    CHECK_FALSE(parse_job_kind("flash.unknown"));
    CHECK_FALSE(parse_job_kind(""));
}

TEST_CASE("job dedupe keys keep the layout of keys already stored", "[jobs][storage]") {
    CHECK(JobKey::offer(12, 3) == "flash.offer:12:3");
    // A later pass over the candidates has keys of its own, so its offers expire too.
    CHECK(JobKey::offer(12, 1, 2) == "flash.offer:12:1:pass2");
    CHECK(JobKey::offer(12, 1, 2) != JobKey::offer(12, 1));
    CHECK(JobKey::feedback_ask(7) == "flash.feedback:7");
    CHECK(JobKey::checkin(7, 2) == "flash.checkin:7:2");
    CHECK(JobKey::weekly_reset(1700000000) == "flash.weekly:1700000000");
    CHECK(JobKey::waiting_sweep(1700000000) == "flash.sweep:1700000000");
    CHECK(JobKey::mentor_resume("slack:T1:U2", "2026-01-31") == "mentor.resume:slack:T1:U2:2026-01-31");
    CHECK(JobKey::pod_reminder(4, 1700003600) == "pod.reminder:4:1700003600");
    CHECK(JobKey::pod_reform(5, 2, 1700600000) == "pod.reform:5:2:1700600000");
    // Different rounds of one request are different offers.
    CHECK(JobKey::offer(12, 3) != JobKey::offer(12, 4));
}

TEST_CASE("a job scheduled under a key runs once and is withdrawn by that key", "[jobs][storage]") {
    TempDirectory directory;
    Database database(directory.file("jobs.db"));
    JobStore jobs(database);
    const std::string key = JobKey::offer(1, 1);
    CHECK(jobs.schedule(JobKind::offer_expiry, "{}", 100, key, 0) != 0);
    CHECK(jobs.schedule(JobKind::offer_expiry, "{}", 200, key, 0) == 0);
    CHECK(jobs.has_pending(key));
    auto due = jobs.due(100);
    REQUIRE(due.size() == 1);
    CHECK(due[0].kind == "flash.offer_expiry");
    jobs.cancel(key);
    CHECK_FALSE(jobs.has_pending(key));
    CHECK(jobs.due(1000).empty());
}
