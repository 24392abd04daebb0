// Tag normalisation and aliases, so "K8s", "kubernetes " and "Kubernetes" are one topic.
#include "domain/tags.h"

#include <algorithm>

#include "util/text.h"

namespace mentorbot {

std::string normalize_tag(std::string_view raw) { return collapse_spaces(case_fold(trim(raw))); }

std::vector<std::string> split_tag_list(std::string_view raw) {
    std::vector<std::string> tags;
    std::size_t start = 0;
    while (start <= raw.size()) {
        std::size_t comma = raw.find(',', start);
        if (comma == std::string_view::npos) comma = raw.size();
        std::string tag = normalize_tag(raw.substr(start, comma - start));
        if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
        start = comma + 1;
    }
    return tags;
}

TagAliases::TagAliases() {
    // Each alias names its canonical tag directly (one step): a canonical tag is never an alias.
    const std::pair<const char*, const char*> built_in[] = {
        {"k8s", "kubernetes"},
        {"kube", "kubernetes"},
        {"js", "javascript"},
        {"ts", "typescript"},
        {"py", "python"},
        {"golang", "go"},
        {"ml", "machine learning"},
        {"ai", "artificial intelligence"},
        {"genai", "generative ai"},
        {"gen ai", "generative ai"},
        {"gen-ai", "generative ai"},
        {"generative-ai", "generative ai"},
        {"llm", "large language models"},
        {"llms", "large language models"},
        {"nlp", "natural language processing"},
        {"ux", "user experience"},
        {"pm", "product management"},
        {"db", "databases"},
        {"sql databases", "sql"},
        {"postgres", "postgresql"},
        {"pg", "postgresql"},
        {"mongo", "mongodb"},
        {"c plus plus", "c++"},
        {"cpp", "c++"},
        {"csharp", "c#"},
        {"c sharp", "c#"},
        {"dotnet", ".net"},
        {"node", "node.js"},
        {"nodejs", "node.js"},
        {"react.js", "react"},
        {"reactjs", "react"},
        {"cicd", "ci/cd"},
        {"a11y", "accessibility"},
        {"gtm", "go-to-market"},
        {"go to market", "go-to-market"},
        {"cx", "customer experience"},
        {"customer-experience", "customer experience"},
        {"fp&a", "financial planning and analysis"},
        {"fpa", "financial planning and analysis"},
        {"fp and a", "financial planning and analysis"},
        {"financial planning & analysis", "financial planning and analysis"},
    };
    for (const auto& [alias, canonical_tag] : built_in) add(alias, canonical_tag);
}

void TagAliases::add(std::string_view alias, std::string_view canonical_tag) {
    aliases_[normalize_tag(alias)] = normalize_tag(canonical_tag);
}

std::string TagAliases::canonical(std::string_view tag) const {
    std::string normalized = normalize_tag(tag);
    auto found = aliases_.find(normalized);
    return found == aliases_.end() ? normalized : found->second;
}

std::vector<std::string> TagAliases::canonical(const std::vector<std::string>& tags) const {
    std::vector<std::string> result;
    for (const auto& tag : tags) {
        std::string canonical_tag = canonical(tag);
        if (std::find(result.begin(), result.end(), canonical_tag) == result.end()) result.push_back(canonical_tag);
    }
    return result;
}

}  // namespace mentorbot
