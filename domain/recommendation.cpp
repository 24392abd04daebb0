// The mentorship vs. peer-coaching comparison turned into advice with reasons.
#include "domain/recommendation.h"

namespace mentorbot {

namespace {

// Why each family of formats exists, from the comparison the product is built on.
const std::string mentorship_reason =
    "Mentorship is hierarchical and structured: someone more experienced guides you toward long-term growth "
    "with directive feedback.";
const std::string peer_reason =
    "Peer coaching is between equals: regular, informal and reciprocal, and best for short-term problem "
    "solving and refinement.";

FormatAdvice long_term_mentorship(std::vector<std::string> reasons) {
    reasons.push_back(mentorship_reason);
    reasons.push_back("A long-term pairing meets on a monthly rhythm, with check-ins and structured feedback.");
    return {MentoringFormat::long_term_mentorship, std::move(reasons)};
}

FormatAdvice flash_mentoring(std::vector<std::string> reasons) {
    reasons.push_back("Flash mentoring is a brief, focused one-off session with someone more experienced.");
    return {MentoringFormat::flash_mentoring, std::move(reasons)};
}

FormatAdvice micro_mentorship(std::vector<std::string> reasons) {
    reasons.push_back("Micro-mentorship is 15 minutes of targeted help on one specific challenge.");
    return {MentoringFormat::micro_mentorship, std::move(reasons)};
}

FormatAdvice near_peer_coaching(std::vector<std::string> reasons) {
    reasons.push_back("In near-peer coaching the guide is only a step or two ahead, so the advice is fresh and the "
                      "conversation easy.");
    return {MentoringFormat::near_peer_coaching, std::move(reasons)};
}

FormatAdvice reverse_mentoring(std::vector<std::string> reasons) {
    reasons.push_back("In reverse mentoring a junior colleague who uses these tools every day teaches a senior one; "
                      "both sides learn.");
    return {MentoringFormat::reverse_mentoring, std::move(reasons)};
}

FormatAdvice shadow_coaching(std::vector<std::string> reasons) {
    reasons.push_back("In shadow coaching an experienced colleague observes a real work moment and gives feedback "
                      "on it.");
    return {MentoringFormat::shadow_coaching, std::move(reasons)};
}

FormatAdvice peer_advising(std::vector<std::string> reasons) {
    reasons.push_back(peer_reason);
    return {MentoringFormat::peer_advising, std::move(reasons)};
}

FormatAdvice learning_pod(std::vector<std::string> reasons) {
    reasons.push_back("A peer learning pod is a small group that meets on a rhythm, with reminders and check-ins.");
    return {MentoringFormat::learning_pod, std::move(reasons)};
}

FormatAdvice cohort_pod(std::vector<std::string> reasons) {
    reasons.push_back("A cohort pod brings together people who started at the same time, for peer support.");
    return {MentoringFormat::cohort_pod, std::move(reasons)};
}

FormatAdvice cross_functional_circle(std::vector<std::string> reasons) {
    reasons.push_back("A cross-functional peer circle mixes departments, so you meet people from the area you are "
                      "moving into.");
    return {MentoringFormat::cross_functional_circle, std::move(reasons)};
}

}  // namespace

std::string_view mentoring_format_name(MentoringFormat format) {
    switch (format) {
        case MentoringFormat::long_term_mentorship: return "long-term mentorship";
        case MentoringFormat::flash_mentoring: return "flash mentoring";
        case MentoringFormat::micro_mentorship: return "micro-mentorship";
        case MentoringFormat::near_peer_coaching: return "near-peer coaching";
        case MentoringFormat::reverse_mentoring: return "reverse mentoring";
        case MentoringFormat::shadow_coaching: return "shadow coaching";
        case MentoringFormat::peer_advising: return "experiential peer advising";
        case MentoringFormat::learning_pod: return "peer learning pod";
        case MentoringFormat::cohort_pod: return "cohort pod";
        case MentoringFormat::cross_functional_circle: return "cross-functional peer circle";
    }
    return "flash mentoring";
}

std::optional<LearningGoal> parse_learning_goal(std::string_view text) {
    if (text == "career") return LearningGoal::career;
    if (text == "skill") return LearningGoal::skill;
    if (text == "problem") return LearningGoal::problem;
    if (text == "leadership") return LearningGoal::leadership;
    if (text == "onboarding") return LearningGoal::onboarding;
    if (text == "digital") return LearningGoal::digital;
    return std::nullopt;
}

std::optional<Horizon> parse_horizon(std::string_view text) {
    if (text == "long") return Horizon::long_term;
    if (text == "short") return Horizon::short_term;
    return std::nullopt;
}

std::optional<Experience> parse_experience(std::string_view text) {
    if (text == "new") return Experience::new_hire;
    if (text == "experienced") return Experience::experienced;
    if (text == "transitioning") return Experience::transitioning;
    return std::nullopt;
}

Horizon default_horizon(LearningGoal goal) {
    switch (goal) {
        case LearningGoal::career:
        case LearningGoal::leadership:
        case LearningGoal::onboarding: return Horizon::long_term;
        default: return Horizon::short_term;
    }
}

Recommendation recommend_format(LearningGoal goal, Horizon horizon, Experience experience, std::optional<int> level) {
    bool long_horizon = horizon == Horizon::long_term;
    bool senior = level && *level >= 5;

    if (goal == LearningGoal::digital && (senior || experience == Experience::experienced)) {
        std::vector<std::string> why;
        if (senior) why.push_back("You are a senior leader who wants digital skills.");
        else why.push_back("You are experienced and want digital skills that junior colleagues often know best.");
        return {reverse_mentoring(std::move(why)),
                learning_pod({"Practising with peers between sessions makes new tools stick."})};
    }

    switch (experience) {
        case Experience::new_hire:
            if (goal == LearningGoal::problem) {
                return {flash_mentoring(
                            {"You are new and stuck on a concrete problem: a short session unblocks you fastest."}),
                        near_peer_coaching({"Someone only a step ahead remembers what being new here is like."})};
            }
            if (long_horizon) {
                return {long_term_mentorship({"You are new, and mentorship is best for new hires.",
                                              "Your goal is long-term growth, which is mentorship's objective."}),
                        cohort_pod({"Peers who started with you share your questions and keep you company."})};
            }
            return {near_peer_coaching(
                        {"You are new and want quick progress on a skill: a near peer explains it at your level."}),
                    micro_mentorship({"For one specific challenge, 15 focused minutes with an expert is enough."})};

        case Experience::transitioning:
            if (long_horizon || goal == LearningGoal::career || goal == LearningGoal::leadership) {
                return {long_term_mentorship({"You are in a career transition, which mentorship is best for.",
                                              "A transition takes months: a steady mentor keeps the direction."}),
                        cross_functional_circle({"Peers from other departments widen your view of the new area."})};
            }
            return {
                near_peer_coaching(
                    {"You are transitioning and need short-term help: someone who made the same move recently knows the path."}),
                micro_mentorship({"Bring each specific challenge to an expert for 15 minutes."})};

        case Experience::experienced:
            switch (goal) {
                case LearningGoal::problem:
                    return {
                        flash_mentoring(
                            {"You are experienced and stuck on a problem: short-term problem solving needs a focused session, not a program."}),
                        peer_advising(
                            {"Colleagues at your level who solved something similar give practical advice."})};
                case LearningGoal::leadership:
                    if (long_horizon) {
                        return {long_term_mentorship({"Leadership is a long-term goal that mentorship is built for."}),
                                shadow_coaching({"Feedback on a real meeting you lead turns advice into practice."})};
                    }
                    return {shadow_coaching(
                                {"You want quick feedback on how you lead: being observed in a real moment gives it."}),
                            peer_advising({"Fellow leads are the best sounding board between sessions."})};
                case LearningGoal::career:
                    if (long_horizon) {
                        return {
                            long_term_mentorship(
                                {"Career growth is long-term: a mentor a few steps further gives direction over months."}),
                            cross_functional_circle(
                                {"A circle across departments shows you paths you might not see from your team."})};
                    }
                    return {flash_mentoring({"A single career question is best answered in one focused conversation."}),
                            std::nullopt};
                case LearningGoal::skill:
                case LearningGoal::digital:
                case LearningGoal::onboarding:
                    if (long_horizon) {
                        return {learning_pod(
                                    {"You are experienced: learning with peers, regularly and informally, suits you."}),
                                micro_mentorship({"When the pod gets stuck, an expert unblocks it in 15 minutes."})};
                    }
                    return {micro_mentorship(
                                {"You are experienced and need one skill refined now: targeted help is quickest."}),
                            peer_advising({"Peers give reciprocal, informal feedback as you practise."})};
            }
    }
    return {flash_mentoring({}), std::nullopt};
}

}  // namespace mentorbot
