// A small program with known figures for the dashboard tests: requests, sessions, feedback, pods, an announcement.
#pragma once

#include "tests/support/test_chat.h"

namespace mentorbot::testing {

// Loads the scenario into `chat` (the demo organisation, clock at its start). For the
// four weeks up to the clock: 7 requests (flash 5, micro 1, reverse 1), 4 accepted after
// 10, 20, 60 and 30 minutes; 4 sessions (2 completed, 1 no-show, 1 unconfirmed), one across
// departments and two across zones; ratings 5 (met) and 2 (partly); dev's capacity is 1;
// pods rust-readers (learning: 1 met, 1 skipped), go-club (circle: 1 met) and quiet-club
// (never met); one announcement to rust-readers (2 direct messages); rust and generative
// ai waiting. Older rows outside the four weeks are there to be left out.
void load_dashboard_scenario(TestChat& chat);

}  // namespace mentorbot::testing
