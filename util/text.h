// UTF-8 helpers: validity, length in characters, trimming, case folding.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mentorbot {

bool is_valid_utf8(std::string_view text);
// Number of Unicode code points; text must be valid UTF-8.
std::size_t utf8_length(std::string_view text);
// Byte length of the first `limit` code points of `text` (all of it when shorter).
std::size_t utf8_prefix_bytes(std::string_view text, std::size_t limit);
// Removes leading and trailing whitespace (ASCII and Unicode spaces).
std::string trim(std::string_view text);
// Full Unicode case folding ("Straße" → "strasse", "KUBERNETES" → "kubernetes").
std::string case_fold(std::string_view text);
// Collapses runs of whitespace inside the text to one space.
std::string collapse_spaces(std::string_view text);
// The first character that changes how text reads without being seen (bidi controls
// U+202A–U+202E and U+2066–U+2069, zero-width U+200B–U+200F, U+FEFF), as "U+202E"; nothing
// when there is none. Names, pod names and topics refuse them.
std::optional<std::string> invisible_character_in(std::string_view text);
// What text looks like, for telling look-alikes apart: NFKC, case folded, then the Unicode
// confusable skeleton (Cyrillic "о" and Latin "o" give the same). Only for comparing.
std::string confusable_skeleton(std::string_view text);
// Text safe for one log line: control characters become \n, \r, \t or \xNN (so member
// text cannot forge a line), and text longer than `max_bytes` is cut with "…[N more bytes]".
std::string escape_for_log(std::string_view text, std::size_t max_bytes = 2000);

}  // namespace mentorbot
