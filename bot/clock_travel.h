// Moving a hand-driven clock forward as lived time: whatever falls due on the way runs at its own moment, in order.
#pragma once

#include <chrono>

#include "bot/app.h"
#include "domain/clock.h"

namespace mentorbot {

// Runs the due jobs and delivers what they send, until nothing more is due now.
inline void settle_due_work(App& app) {
    app.deliver_outbox();
    while (app.run_due_jobs() > 0) app.deliver_outbox();
}

// Moves `clock` forward by `by`, stopping at each job's due time on the way, so a day's
// advance behaves like a day the bot was running: a reminder goes out at its hour instead
// of being skipped as "passed while the bot was down". `AdvancingClock` has now() and
// advance(seconds): the console's shifted system clock or a test's manual clock.
template <class AdvancingClock>
void advance_through_due_work(App& app, AdvancingClock& clock, std::chrono::seconds by) {
    const Seconds target = clock.now() + by;
    settle_due_work(app);
    // Each step runs at least one job or moves the clock, so this ends; the bound only
    // guards against a job that keeps rescheduling itself at the same instant.
    for (int step = 0; step < 1'000'000; ++step) {
        const std::optional<Seconds> next = app.next_job_due();
        if (!next || *next > target) break;
        if (*next > clock.now()) clock.advance(*next - clock.now());
        settle_due_work(app);
    }
    if (target > clock.now()) clock.advance(target - clock.now());
    settle_due_work(app);
}

}  // namespace mentorbot
