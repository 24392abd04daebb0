// Mentors' loads as matching reads them: kept counted one changed mentor at a time, and all again when a week turns.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "domain/clock.h"
#include "storage/database.h"
#include "storage/mentor_loads.h"
#include "storage/mentor_pool_store.h"
#include "storage/request_store.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

std::string user_of(const std::string& member_id) { return member_id.substr(member_id.rfind(':') + 1); }

std::string offered_to(TestChat& chat, long long request_id) {
    const auto request = RequestStore(chat.database()).find(request_id);
    chat.database().release_statements();
    REQUIRE(request);
    REQUIRE(request->is(RequestStatus::offered));
    return request->candidate_id;
}

// Every mentor's load and open offers as the chat's connection keeps them, against a new
// connection that counts them all from the file.
void require_same_as_counted_afresh(TestChat& chat) {
    const auto kept = MentorPoolStore(chat.database()).with_loads(chat.clock().now());
    Database fresh_db(chat.database_path());
    const auto fresh = MentorPoolStore(fresh_db).with_loads(chat.clock().now());
    chat.database().release_statements();
    REQUIRE(kept->size() == fresh->size());
    for (std::uint32_t position = 0; position < kept->size(); ++position) {
        INFO(kept->mentors()[position].member_id);
        CHECK(kept->mentors()[position].member_id == fresh->mentors()[position].member_id);
        CHECK(kept->mentors()[position].weekly_load == fresh->mentors()[position].weekly_load);
        CHECK(kept->mentors()[position].pending_offers == fresh->mentors()[position].pending_offers);
        CHECK(kept->facts(position).remaining == fresh->facts(position).remaining);
    }
}

}  // namespace

TEST_CASE("an accept a decline and a pause count again only the mentors they touch", "[flash][week][cache]") {
    TestChat chat;
    chat.jump(5h);  // Thursday 14:00 UTC: Berlin, London and New York all work
    CHECK(has(chat.run("ana", "/flash request kubernetes").response.text, "offered to"));
    const std::uint64_t counted_all = chat.database().attached<MentorLoads>().full_counts();
    const std::string first = offered_to(chat, 1);
    CHECK(MentorPoolStore(chat.database()).with_loads(chat.clock().now())->find(first)->pending_offers == 1);
    chat.run(user_of(first), "/flash accept 1");
    const auto after_accept = MentorPoolStore(chat.database()).with_loads(chat.clock().now());
    CHECK(after_accept->find(first)->weekly_load == 1);
    CHECK(after_accept->find(first)->pending_offers == 0);
    require_same_as_counted_afresh(chat);

    CHECK(has(chat.run("gia", "/flash request kubernetes").response.text, "offered to"));
    const std::string second = offered_to(chat, 2);
    chat.run(user_of(second), "/flash decline 2");
    chat.run("kai", "/mentor pause");
    require_same_as_counted_afresh(chat);
    CHECK(chat.database().attached<MentorLoads>().full_counts() == counted_all);

    // Monday 00:30 in New York (05:30 UTC): every zone's week has turned, and with it every
    // mentor's count starts again.
    chat.advance(3 * 24h + 15h + 30min);
    const auto monday = MentorPoolStore(chat.database()).with_loads(chat.clock().now());
    CHECK(monday->find(first)->weekly_load == 0);
    CHECK(chat.database().attached<MentorLoads>().full_counts() > counted_all);
    require_same_as_counted_afresh(chat);
}

TEST_CASE("a mentor's week turns at her own Monday midnight also when the clocks went forward that Sunday",
          "[flash][week][cache]") {
    TempDirectory directory;
    Database database(directory.file("loads.db"));
    const std::string mentor = "console:local:dora";
    database.execute("INSERT INTO members (id, display_name, time_zone, created_at, updated_at) VALUES "
                     "('console:local:dora', 'Dora', 'Europe/Berlin', 0, 0), "
                     "('console:local:eli', 'Eli', 'Europe/Berlin', 0, 0)");
    database.execute(
        "INSERT INTO mentor_offers (member_id, capacity, hours_start, hours_end, created_at, updated_at) VALUES "
        "('console:local:dora', 5, 540, 1020, 0, 0)");
    database.execute("INSERT INTO member_tags (member_id, kind, tag) VALUES ('console:local:dora', 'topic', 'go')");
    // Sunday 2027-03-28, the day Berlin moves to summer time: a session at 21:00 there (19:00 UTC).
    database.execute(
        "INSERT INTO sessions (mentor_id, mentee_id, kind, topic, starts_at, minutes, status, created_at) VALUES "
        "('console:local:dora', 'console:local:eli', 'flash', 'go', 1806264000, 30, 'scheduled', 1806260400)");
    const auto load_at = [&](long long unix_seconds) {
        const int load = MentorPoolStore(database).with_loads(from_unix(unix_seconds))->find(mentor)->weekly_load;
        database.release_statements();
        return load;
    };
    // Counted first in the middle of the week before (Monday 22 March 12:00 UTC): her week began
    // Monday 00:00 winter time, and this week is six days and 23 hours long.
    CHECK(load_at(1805716800) == 1);
    CHECK(load_at(1806271140) == 1);  // Sunday 23:59 in Berlin (21:59 UTC)
    CHECK(load_at(1806271230) == 0);  // Monday 00:00:30 in Berlin (22:00:30 UTC)
}
