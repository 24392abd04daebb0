// Request and session statuses: the texts existing rows hold read as the same status and are written back unchanged.
#include <catch2/catch.hpp>

#include "storage/request_store.h"
#include "storage/session_store.h"
#include "storage/statuses.h"

using namespace mentorbot;

TEST_CASE("request statuses convert to and from the stored texts", "[storage][statuses]") {
    const std::pair<RequestStatus, const char*> stored[] = {
        {RequestStatus::fresh, "new"},     {RequestStatus::offered, "offered"},
        {RequestStatus::queued, "queued"}, {RequestStatus::accepted, "accepted"},
        {RequestStatus::done, "done"},     {RequestStatus::cancelled, "cancelled"},
    };
    for (const auto& [status, name] : stored) {
        INFO(name);
        CHECK(status_name(status) == name);
        CHECK(parse_request_status(name) == status);
    }
    CHECK_FALSE(parse_request_status("Accepted"));
    CHECK_FALSE(parse_request_status("waiting"));
}

TEST_CASE("session statuses convert to and from the stored texts", "[storage][statuses]") {
    const std::pair<SessionStatus, const char*> stored[] = {{SessionStatus::scheduled, "scheduled"},
                                                            {SessionStatus::active, "active"},
                                                            {SessionStatus::done, "done"}};
    for (const auto& [status, name] : stored) {
        INFO(name);
        CHECK(status_name(status) == name);
        CHECK(parse_session_status(name) == status);
    }
    CHECK_FALSE(parse_session_status("new"));
}

TEST_CASE("a request or session read from a row tells its status", "[storage][statuses]") {
    FlashRequest request;
    request.status = "offered";
    CHECK(request.is(RequestStatus::offered));
    CHECK_FALSE(request.is(RequestStatus::accepted));
    Session session;
    session.status = "active";
    CHECK(session.is(SessionStatus::active));
    CHECK_FALSE(session.is(SessionStatus::done));
}
