// How each recommended format is started: command lines rendered from the registry, and the formats' names.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "commands/format_start.h"
#include "domain/recommendation.h"

using namespace mentorbot;

TEST_CASE("every mentoring format has a start line from the registry", "[coach]") {
    const CommandRegistry& registry = CommandRegistry::standard();
    auto start = [&](MentoringFormat format) { return format_start_command(registry, format); };
    CHECK(start(MentoringFormat::long_term_mentorship) == "/flash request topic:<your goal> kind:long-term");
    CHECK(start(MentoringFormat::flash_mentoring) == "/flash request topic:<topic>");
    CHECK(start(MentoringFormat::micro_mentorship) == "/flash request topic:<topic> kind:micro note:\"the challenge\"");
    CHECK(start(MentoringFormat::near_peer_coaching) == "/flash request topic:<topic> kind:near-peer");
    CHECK(start(MentoringFormat::reverse_mentoring) == "/flash request topic:<skill> kind:reverse");
    CHECK(start(MentoringFormat::shadow_coaching) ==
          "/flash request topic:<topic> kind:shadow when:\"YYYY-MM-DD HH:MM\"");
    CHECK(start(MentoringFormat::peer_advising) == "/flash request topic:<topic> kind:peer");
    CHECK(start(MentoringFormat::learning_pod) == "/pod signup topic:<topic> kind:learning");
    CHECK(start(MentoringFormat::cohort_pod) == "/pod signup topic:onboarding kind:cohort");
    CHECK(start(MentoringFormat::cross_functional_circle) == "/pod signup topic:<area> kind:circle");
}

TEST_CASE("an example line refuses what the registry does not know", "[coach]") {
    const CommandRegistry& registry = CommandRegistry::standard();
    CHECK_THROWS_AS(registry.example("flash", "request", {{"colour", "red"}}), std::logic_error);
    CHECK_THROWS_AS(registry.example("flash", "request", {{"kind", "forever"}}), std::logic_error);
    CHECK_THROWS_AS(registry.example("flash", "nap", {}), std::logic_error);
}

TEST_CASE("the formats have their names", "[coach]") {
    CHECK(mentoring_format_name(MentoringFormat::peer_advising) == "experiential peer advising");
    CHECK(mentoring_format_name(MentoringFormat::micro_mentorship) == "micro-mentorship");
    const Recommendation advice = recommend_format(LearningGoal::career, Horizon::long_term, Experience::new_hire, 2);
    CHECK(advice.primary.format == MentoringFormat::long_term_mentorship);
    REQUIRE(advice.complement);
    CHECK(advice.complement->format == MentoringFormat::cohort_pod);
}
