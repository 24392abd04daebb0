// UTF-8 helpers built on ICU, so every script folds and trims the same way.
#include "util/text.h"

#include <algorithm>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include <cstdio>
#include <memory>

namespace mentorbot {

bool is_valid_utf8(std::string_view text) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    int32_t length = static_cast<int32_t>(text.size());
    int32_t offset = 0;
    while (offset < length) {
        UChar32 code_point;
        U8_NEXT(bytes, offset, length, code_point);
        if (code_point < 0) return false;
    }
    return true;
}

std::size_t utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (unsigned char byte : text) {
        if ((byte & 0xC0) != 0x80) ++count;
    }
    return count;
}

std::size_t utf8_prefix_bytes(std::string_view text, std::size_t limit) {
    std::size_t points = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (points == limit) return i;
            ++points;
        }
    }
    return text.size();
}

namespace {

bool is_space(UChar32 code_point) { return u_isUWhiteSpace(code_point) || code_point == 0x200B; }

}  // namespace

std::string trim(std::string_view text) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    int32_t length = static_cast<int32_t>(text.size());
    int32_t start = 0;
    while (start < length) {
        int32_t next = start;
        UChar32 code_point;
        U8_NEXT(bytes, next, length, code_point);
        if (code_point < 0 || !is_space(code_point)) break;
        start = next;
    }
    int32_t end = length;
    while (end > start) {
        int32_t previous = end;
        UChar32 code_point;
        U8_PREV(bytes, start, previous, code_point);
        if (code_point < 0 || !is_space(code_point)) break;
        end = previous;
    }
    return std::string(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)));
}

std::string case_fold(std::string_view text) {
    icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    unicode.foldCase();
    std::string folded;
    unicode.toUTF8String(folded);
    return folded;
}

std::string collapse_spaces(std::string_view text) {
    std::string result;
    result.reserve(text.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    int32_t length = static_cast<int32_t>(text.size());
    int32_t offset = 0;
    bool in_space = false;
    while (offset < length) {
        int32_t start = offset;
        UChar32 code_point;
        U8_NEXT(bytes, offset, length, code_point);
        if (code_point >= 0 && is_space(code_point)) {
            in_space = true;
            continue;
        }
        if (in_space && !result.empty()) result.push_back(' ');
        in_space = false;
        result.append(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(offset - start)));
    }
    return result;
}

std::string escape_for_log(std::string_view text, std::size_t max_bytes) {
    static const char digits[] = "0123456789abcdef";
    const auto hex = [](std::string& out, const char* prefix, unsigned value, int width) {
        out += prefix;
        for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) out.push_back(digits[(value >> shift) & 0xF]);
    };
    std::string escaped;
    const std::size_t kept = std::min(text.size(), max_bytes);
    escaped.reserve(kept + 16);
    for (std::size_t index = 0; index < kept; ++index) {
        const auto byte = static_cast<unsigned char>(text[index]);
        const auto next = index + 1 < kept ? static_cast<unsigned char>(text[index + 1]) : 0;
        const auto after = index + 2 < kept ? static_cast<unsigned char>(text[index + 2]) : 0;
        if (byte == '\n') {
            escaped += "\\n";
        } else if (byte == '\r') {
            escaped += "\\r";
        } else if (byte == '\t') {
            escaped += "\\t";
        } else if (byte < 0x20 || byte == 0x7F) {
            hex(escaped, "\\x", byte, 2);
        } else if (byte == 0xC2 && next >= 0x80 && next < 0xA0) {
            // C1 controls (NEL among them) end a line in some viewers.
            hex(escaped, "\\u", next, 4);
            index += 1;
        } else if (byte == 0xE2 && next == 0x80 && (after == 0xA8 || after == 0xA9)) {
            // The line and paragraph separators.
            hex(escaped, "\\u", after == 0xA8 ? 0x2028u : 0x2029u, 4);
            index += 2;
        } else {
            escaped.push_back(static_cast<char>(byte));
        }
    }
    if (kept < text.size()) escaped += "…[" + std::to_string(text.size() - kept) + " more bytes]";
    return escaped;
}

std::optional<std::string> invisible_character_in(std::string_view text) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    int32_t offset = 0;
    while (offset < length) {
        UChar32 c;
        U8_NEXT(bytes, offset, length, c);
        if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || (c >= 0x200B && c <= 0x200F) ||
            c == 0xFEFF) {
            char name[12];
            std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(c));
            return std::string(name);
        }
    }
    return std::nullopt;
}

std::string confusable_skeleton(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    icu::UnicodeString folded = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    folded.foldCase();
    icu::UnicodeString normal = U_SUCCESS(status) ? nfkc->normalize(folded, status) : folded;
    if (U_FAILURE(status)) normal = folded;
    // One checker for the process: opening one reads ICU's confusables data.
    static const std::unique_ptr<USpoofChecker, decltype(&uspoof_close)> checker = [] {
        UErrorCode open_status = U_ZERO_ERROR;
        USpoofChecker* opened = uspoof_open(&open_status);
        if (U_FAILURE(open_status)) opened = nullptr;
        return std::unique_ptr<USpoofChecker, decltype(&uspoof_close)>(opened, &uspoof_close);
    }();
    std::string result;
    if (checker) {
        icu::UnicodeString skeleton;
        UErrorCode skeleton_status = U_ZERO_ERROR;
        uspoof_getSkeletonUnicodeString(checker.get(), 0, normal, skeleton, &skeleton_status);
        if (U_SUCCESS(skeleton_status)) {
            skeleton.toUTF8String(result);
            return result;
        }
    }
    normal.toUTF8String(result);
    return result;
}

}  // namespace mentorbot
