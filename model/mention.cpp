// Writing and finding the bot's own mentions, and cleaning outside text of the mark that makes one.
#include "model/mention.h"

namespace mentorbot {

std::string mention(std::string_view member_id) {
    if (member_id.empty()) return "a former member";
    std::string out;
    out.reserve(mention_mark.size() + member_id.size() + 3);
    out.append(mention_mark).append("<@").append(member_id).append(1, '>');
    return out;
}

std::optional<FoundMention> mention_at(std::string_view text, std::size_t at) {
    if (text.compare(at, mention_mark.size(), mention_mark) != 0) return std::nullopt;
    const std::size_t open = at + mention_mark.size();
    if (text.compare(open, 2, "<@") != 0) return std::nullopt;
    const std::size_t close = text.find('>', open);
    if (close == std::string_view::npos) return std::nullopt;
    std::optional<MemberId> member = MemberId::parse(text.substr(open + 2, close - open - 2));
    if (!member) return std::nullopt;
    return FoundMention{std::move(*member), close + 1 - at};
}

std::string without_mention_marks(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t from = 0;;) {
        const std::size_t mark = text.find(mention_mark, from);
        out.append(text.substr(from, mark == std::string_view::npos ? std::string_view::npos : mark - from));
        if (mark == std::string_view::npos) return out;
        from = mark + mention_mark.size();
    }
}

}  // namespace mentorbot
