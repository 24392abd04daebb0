// Mentors' loads as matching reads them: kept counted one changed mentor at a time, and all again when a week turns.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "storage/database.h"
#include "storage/mentor_loads.h"
#include "storage/mentor_pool_store.h"
#include "storage/request_store.h"
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
