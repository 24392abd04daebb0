// The short program simulation: 200 members over two weeks, every invariant of the flash issue checked after each
// event.
#include <catch2/catch.hpp>

#include "tests/simulation/program_simulation.h"

using namespace mentorbot::simulation;

TEST_CASE("two simulated weeks of a 200-person organisation keep every invariant", "[simulation][time]") {
    SimulationSettings settings;
    settings.members = 200;
    settings.weeks = 2;
    settings.seed = 7;
    const SimulationReport report = run_program_simulation(settings);
    INFO(report.text());
    CHECK(report.broken.empty());
    // The run exercised what the invariants are about.
    CHECK(report.time_zones >= 6);
    CHECK(report.requests >= 150);
    CHECK(report.offers_unanswered > 0);
    CHECK(report.offers_declined > 0);
    CHECK(report.ratings > 0);
    CHECK(report.pauses > 0);
    CHECK(report.stops > 0);
    CHECK(report.forgotten > 0);
    CHECK(report.reschedules > 0);
    CHECK(report.pod_placements > 0);
    CHECK(report.pod_opt_outs > 0);
    CHECK(report.pod_asks > 0);
    // Most requests that a mentor could serve (one offered the topic at a fitting level) are served.
    CHECK(report.share_of_servable_matched() > 0.6);
    // The offline optimum is an upper bound: serving more than it would mean a hard rule broken
    // (or an optimum that leaves out a mentor the rules allow).
    CHECK(report.optimum > 0);
    CHECK(report.matched <= report.optimum);
}

TEST_CASE("with every offer accepted the bot serves at least what a least-loaded greedy matcher serves",
          "[simulation][time]") {
    // Declines and silence left out, what is left between the bot and the offline optimum is
    // the matcher's own choices: they must not lose to a matcher that only spreads the load.
    SimulationSettings settings;
    settings.members = 200;
    settings.weeks = 2;
    settings.seed = 7;
    settings.every_offer_accepted = true;
    const SimulationReport report = run_program_simulation(settings);
    INFO(report.text());
    CHECK(report.broken.empty());
    REQUIRE(report.optimum > 0);
    CHECK(report.greedy <= report.optimum);
    CHECK(report.matched <= report.optimum);
    CHECK(report.matched >= report.greedy);
}
