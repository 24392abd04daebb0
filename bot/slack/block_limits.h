// Slack's Block Kit limits, shared by messages and the Home tab, and a cut that keeps UTF-8 whole.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mentorbot::slack {

// Over any of these Slack refuses the whole message or view, so we cut or leave out first.
constexpr std::size_t section_text_limit = 3000;
constexpr std::size_t header_text_limit = 150;
constexpr std::size_t buttons_per_actions_block = 25;
constexpr std::size_t button_label_limit = 75;
constexpr std::size_t button_value_limit = 2000;
constexpr std::size_t fallback_text_limit = 4000;
constexpr std::size_t options_per_select = 100;
constexpr std::size_t option_value_limit = 150;
constexpr std::size_t placeholder_limit = 150;

// The longest prefix of `text` within `max_bytes` that ends on a code-point boundary, so we
// never send broken UTF-8.
inline std::string utf8_prefix(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end));
}

}  // namespace mentorbot::slack
