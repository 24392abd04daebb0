// The hard rules of matching: who may not be offered a request at all, and why, counted per rule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/match_request.h"
#include "domain/mentor_index.h"

namespace mentorbot {

// The level rule of a kind, e.g. "mentor level above yours".
std::string level_rule_text(RequestKind kind);
bool passes_level_rule(RequestKind kind, int requester_level, int mentor_level);

// Why mentors who offer the topic were left out; shown when nobody fits.
struct Exclusions {
    int offer_topic = 0;  // mentors offering the topic at all
    int yourself = 0;
    int paused = 0;
    int full = 0;
    int declined = 0;
    int no_answer = 0;       // let the offer lapse in this pass
    int resting = 0;         // let another request's offer lapse today
    int offered_enough = 0;  // had the day's offers already
    int rated_badly = 0;
    int level_rule = 0;
    int not_opted_in = 0;
    int outside_hours = 0;
    int answering_offer = 0;                                  // holds as many unanswered offers as allowed
    int not_at_work = 0;                                      // fits, but is off work now while others work
    std::string describe(const MatchRequest& request) const;  // domain/match_explanation.cpp
    // The same words for one mentor left out, by name: "Ben Okafor is paused", "Ben Okafor
    // does not offer kubernetes". Empty when nothing left them out.
    std::string describe_one(const MatchRequest& request, const std::string& name) const;
};

// Remembers time-zone answers within one match: many mentors share a zone and hours.
class ZoneAnswers {
public:
    explicit ZoneAnswers(Instant now) : now_(now) {}

    int offset_minutes(const std::string& zone);
    // Whether the mentor at `position` works at `at`; many mentors share zone and hours.
    bool working_at(const MentorIndex& index, std::uint32_t position, Instant at);

private:
    Instant now_;
    std::unordered_map<std::string, int> offsets_;
    // Zone number and working hours packed in one number, then the instant asked about.
    struct Asked {
        std::uint64_t zone_and_hours;
        long long at;
        bool operator==(const Asked&) const = default;
    };
    struct AskedHash {
        std::size_t operator()(const Asked& asked) const {
            return std::hash<std::uint64_t>{}(asked.zone_and_hours * 0x9E3779B97F4A7C15ULL ^
                                              static_cast<std::uint64_t>(asked.at));
        }
    };
    std::unordered_map<Asked, bool, AskedHash> inside_;
};

enum class Verdict { fits, yourself, paused, full, level_rule, not_opted_in, outside_hours };

// The hard rules no change of the mentor's alters (not themselves, the kind's level rule
// and opt-in): Verdict::fits when they pass. A mentor these leave out could never take the
// request, whatever their load, pause or hours.
Verdict check_lasting_rules(RequestKind kind, std::uint32_t requester_position, int requester_level,
                            const MentorIndex& index, std::uint32_t position);

// The hard rules that do not depend on history: applied to a request and to the waiting
// requests it competes with. `requester_position` is the requester's own place in the
// index (MentorIndex::unknown when they are no mentor).
Verdict check_rules(RequestKind kind, std::uint32_t requester_position, int requester_level,
                    const std::optional<Instant>& when, const MentorIndex& index, std::uint32_t position, Instant now,
                    ZoneAnswers& zones);

// The positions of the mentors offering the request's topic who pass every hard rule,
// history included (declined this request, a session rated badly), in index order.
// `excluded` counts the others by the first rule that left them out.
std::vector<std::uint32_t> eligible_mentors(const MatchRequest& request, const MentorIndex& index,
                                            const MatchHistory& history, Instant now, ZoneAnswers& zones,
                                            Exclusions& excluded);

}  // namespace mentorbot
