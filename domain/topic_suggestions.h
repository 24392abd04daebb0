// Topics close to one nobody offers ("kubernets" → kubernetes), for a "did you mean" under the answer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mentorbot {

// A topic mentors offer and how many of them offer it.
using OfferedTopic = std::pair<std::string, int>;

// The offered topics a member who typed `asked` (a canonical tag nobody offers) most likely
// meant, best first, at most `most`: the same letters once spaces and punctuation are left
// out ("gen ai" / "genai"), a slip of a letter or two (one for short words, more for long
// ones: "kubernets", "pyhton"), or a word the topic starts with ("java" → "javascript",
// "react" → "react native"). Among equally close ones, the most offered first. Nothing
// for a word shorter than three letters, which would be close to too much.
std::vector<OfferedTopic> close_topics(std::string_view asked, const std::vector<OfferedTopic>& offered,
                                       std::size_t most = 3);

// "kubernetes (3 mentors)" for each, joined as "a, b or c".
std::string describe_close_topics(const std::vector<OfferedTopic>& topics);

}  // namespace mentorbot
