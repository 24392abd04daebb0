// /coach recommend: which mentoring format fits a goal, a horizon and an experience.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mentorbot {

enum class LearningGoal { career, skill, problem, leadership, onboarding, digital };
enum class Horizon { long_term, short_term };
enum class Experience { new_hire, experienced, transitioning };

// The formats the product offers; how to start one is the commands' business, not the domain's.
enum class MentoringFormat {
    long_term_mentorship,
    flash_mentoring,
    micro_mentorship,
    near_peer_coaching,
    reverse_mentoring,
    shadow_coaching,
    peer_advising,
    learning_pod,
    cohort_pod,
    cross_functional_circle,
};

// "long-term mentorship"
std::string_view mentoring_format_name(MentoringFormat format);

struct FormatAdvice {
    MentoringFormat format = MentoringFormat::flash_mentoring;
    std::vector<std::string> reasons;
};

struct Recommendation {
    FormatAdvice primary;
    std::optional<FormatAdvice> complement;
};

std::optional<LearningGoal> parse_learning_goal(std::string_view text);
std::optional<Horizon> parse_horizon(std::string_view text);
std::optional<Experience> parse_experience(std::string_view text);
// A goal's natural horizon when the member does not say: careers are long, problems short.
Horizon default_horizon(LearningGoal goal);

// `level` is the asker's seniority (1–6) when known: a senior leader learning digital
// skills is the classic case for reverse mentoring.
Recommendation recommend_format(LearningGoal goal, Horizon horizon, Experience experience, std::optional<int> level);

}  // namespace mentorbot
