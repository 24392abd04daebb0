// Tags (skills, goals, mentor topics): normalisation and the alias table (k8s = kubernetes).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mentorbot {

constexpr std::size_t max_tag_chars = 64;

// Case-folded, trimmed, inner whitespace collapsed.
std::string normalize_tag(std::string_view raw);

// "Rust, Go ,,k8s" → {"rust", "go", "k8s"} (empty entries dropped, duplicates removed,
// first-seen order kept).
std::vector<std::string> split_tag_list(std::string_view raw);

class TagAliases {
public:
    TagAliases();  // the built-in table
    void add(std::string_view alias, std::string_view canonical);
    // "k8s" → "kubernetes"; unknown tags come back unchanged.
    std::string canonical(std::string_view tag) const;
    std::vector<std::string> canonical(const std::vector<std::string>& tags) const;
    const std::map<std::string, std::string>& all() const { return aliases_; }

private:
    std::map<std::string, std::string> aliases_;
};

}  // namespace mentorbot
