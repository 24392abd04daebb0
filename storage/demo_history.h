// Twelve weeks of made-up program activity for the console demo, so the dashboard has something to show.
#pragma once

#include "storage/database.h"

namespace mentorbot {

// Adds requests, sessions and their outcomes, feedback, pods with attendance and two
// announcements for the demo organisation's members over the twelve weeks before `now`
// (the same rows every time for the same `now`). Returns false, adding nothing, when the
// history is already there. Call inside a transaction.
bool insert_demo_history(Database& database, long long now);

}  // namespace mentorbot
