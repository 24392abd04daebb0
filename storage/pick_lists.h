// The member's own requests, offers, sessions and pods, for a menu or autocomplete to pick one from.
#pragma once

#include <string>
#include <vector>

#include "storage/database.h"

namespace mentorbot {

// One thing to pick: its id as a command takes it, and a line that names it.
struct PickItem {
    std::string value;  // "12", or a pod's name
    std::string label;  // "#12 kubernetes (micro), offered to you by Ana Costa"
};

// Each list is newest first and holds at most `limit` items.
// Whether a list of offers holds, besides those waiting for an answer, the still-open
// requests whose offer to the member lapsed: a late yes still takes them (/flash accept).
enum class LapsedOffers { left_out, included };
// Requests offered to `member` that wait for their answer (/flash decline; with lapsed
// offers included, /flash accept).
std::vector<PickItem> requests_offered_to(Database& database, const std::string& member, std::size_t limit,
                                          LapsedOffers lapsed = LapsedOffers::left_out);
// `member`'s own requests that are still open, and requests whose session they mentor
// and may still cancel (/flash cancel).
std::vector<PickItem> cancellable_requests_of(Database& database, const std::string& member, std::size_t limit);
// Every request `member` asked, was offered or mentors, open or not (/flash why).
std::vector<PickItem> requests_involving(Database& database, const std::string& member, std::size_t limit);
// Accepted requests whose session `member` is in (/flash done, outcome, reschedule).
std::vector<PickItem> accepted_requests_of(Database& database, const std::string& member, std::size_t limit);
// Sessions `member` is in and has not rated in their current feedback round (/feedback session).
std::vector<PickItem> sessions_to_rate_by(Database& database, const std::string& member, std::size_t limit);
// Active pods `member` belongs to (/pod leave, /pod checkin).
std::vector<PickItem> pods_of(Database& database, const std::string& member, std::size_t limit);

}  // namespace mentorbot
