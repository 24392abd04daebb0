// Topics close to one nobody offers: spelling distance, run-together words and leading words.
#include "domain/topic_suggestions.h"

#include <algorithm>
#include <optional>

namespace mentorbot {

namespace {

// The tag without what people write in different ways: spaces, hyphens, dots, slashes.
// "+" and "#" stay: c++ and c# are not c.
std::string compact(std::string_view tag) {
    std::string letters;
    letters.reserve(tag.size());
    for (const char c : tag) {
        if (c == ' ' || c == '-' || c == '_' || c == '.' || c == '/' || c == '&') continue;
        letters.push_back(c);
    }
    return letters;
}

// Edits (insert, delete, replace, swap two neighbours) from `a` to `b`, or nothing when more
// than `limit`: the rows stop early once every cell is past it.
std::optional<std::size_t> edits_within(std::string_view a, std::string_view b, std::size_t limit) {
    const std::size_t longer = std::max(a.size(), b.size());
    const std::size_t shorter = std::min(a.size(), b.size());
    if (longer - shorter > limit) return std::nullopt;
    std::vector<std::size_t> before_last(b.size() + 1), last(b.size() + 1), row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) last[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        std::size_t best = row[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t replace = last[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            row[j] = std::min({last[j] + 1, row[j - 1] + 1, replace});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                row[j] = std::min(row[j], before_last[j - 2] + 1);
            }
            best = std::min(best, row[j]);
        }
        if (best > limit) return std::nullopt;
        std::swap(before_last, last);
        std::swap(last, row);
    }
    if (last[b.size()] > limit) return std::nullopt;
    return last[b.size()];
}

// How many slips a word of `letters` letters may hold and still be the same word: none for
// three letters (sql / sre are different topics), one up to five, two up to nine, three beyond.
std::size_t slips_allowed(std::size_t letters) {
    if (letters < 4) return 0;
    if (letters <= 5) return 1;
    if (letters <= 9) return 2;
    return 3;
}

bool starts_with(std::string_view text, std::string_view start) {
    return text.size() >= start.size() && text.substr(0, start.size()) == start;
}

// Whether `word` is one of the space-separated words of `tag`.
bool has_word(std::string_view tag, std::string_view word) {
    std::size_t from = 0;
    while (from <= tag.size()) {
        const std::size_t end = std::min(tag.find(' ', from), tag.size());
        if (tag.substr(from, end - from) == word) return true;
        from = end + 1;
    }
    return false;
}

// Lower is closer; nothing when `offered` is not close to `asked` at all.
std::optional<std::size_t> closeness(std::string_view asked, std::string_view offered) {
    if (asked == offered) return std::nullopt;
    const std::string asked_letters = compact(asked);
    const std::string offered_letters = compact(offered);
    if (asked_letters == offered_letters) return 0;
    if (auto slips = edits_within(asked_letters, offered_letters, slips_allowed(asked_letters.size()))) return *slips;
    // A leading part: "java" for javascript, "react" for "react native".
    if (starts_with(offered_letters, asked_letters)) return 4;
    // One of the words asked for is the whole topic: "docker compose" for docker.
    if (offered.size() >= 3 && has_word(asked, offered)) return 5;
    return std::nullopt;
}

}  // namespace

std::vector<OfferedTopic> close_topics(std::string_view asked, const std::vector<OfferedTopic>& offered,
                                       std::size_t most) {
    struct Close {
        std::size_t distance;
        const OfferedTopic* topic;
    };
    std::vector<Close> close;
    if (compact(asked).size() < 3) return {};
    for (const OfferedTopic& topic : offered) {
        if (auto distance = closeness(asked, topic.first)) close.push_back({*distance, &topic});
    }
    std::sort(close.begin(), close.end(), [](const Close& a, const Close& b) {
        if (a.distance != b.distance) return a.distance < b.distance;
        if (a.topic->second != b.topic->second) return a.topic->second > b.topic->second;
        return a.topic->first < b.topic->first;
    });
    std::vector<OfferedTopic> chosen;
    for (std::size_t i = 0; i < close.size() && i < most; ++i) chosen.push_back(*close[i].topic);
    return chosen;
}

std::string describe_close_topics(const std::vector<OfferedTopic>& topics) {
    std::string text;
    for (std::size_t i = 0; i < topics.size(); ++i) {
        if (i > 0) text += i + 1 == topics.size() ? " or " : ", ";
        const int mentors = topics[i].second;
        text += topics[i].first + " (" + std::to_string(mentors) + (mentors == 1 ? " mentor)" : " mentors)");
    }
    return text;
}

}  // namespace mentorbot
