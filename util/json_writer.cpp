// JSON text writer: escaping and UTF-8 repair in one pass over each string.
#include "util/json_writer.h"

#include <cstdint>
#include <cstring>

namespace mentorbot {

namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence starting at text[at], or 0 if it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t offset) { return static_cast<unsigned char>(text[at + offset]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    unsigned char second_min = 0x80;
    unsigned char second_max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) second_min = 0xA0;  // no overlong forms
        if (lead == 0xED) second_max = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) second_min = 0x90;
        if (lead == 0xF4) second_max = 0x8F;  // nothing above U+10FFFF
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    if (byte(1) < second_min || byte(1) > second_max) return 0;
    for (std::size_t offset = 2; offset < length; ++offset) {
        if ((byte(offset) & 0xC0) != 0x80) return 0;
    }
    return length;
}

// True when none of the eight bytes at `bytes` needs escaping or a UTF-8 check: no
// control character, quote, backslash or byte of 0x80 and above. Plain text is mostly
// such words, so it is skipped a word at a time.
bool plain_word(const char* bytes) {
    std::uint64_t word;
    std::memcpy(&word, bytes, sizeof word);
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const auto has_zero_byte = [](std::uint64_t value) { return (value - ones) & ~value & highs; };
    const std::uint64_t below_space = (word - ones * 0x20) & ~word & highs;
    const std::uint64_t quote = has_zero_byte(word ^ (ones * '"'));
    const std::uint64_t backslash = has_zero_byte(word ^ (ones * '\\'));
    return ((word & highs) | below_space | quote | backslash) == 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view value) {
    static constexpr char hex[] = "0123456789abcdef";
    out.reserve(out.size() + value.size() + 2);
    out += '"';
    std::size_t plain_from = 0;
    auto flush_plain = [&](std::size_t until) { out.append(value.data() + plain_from, until - plain_from); };
    for (std::size_t at = 0; at < value.size();) {
        while (at + 8 <= value.size() && plain_word(value.data() + at)) at += 8;
        if (at == value.size()) break;
        const auto c = static_cast<unsigned char>(value[at]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            ++at;  // the common case: copied in runs by flush_plain
            continue;
        }
        if (c >= 0x80) {
            if (std::size_t length = utf8_sequence_length(value, at); length > 0) {
                at += length;
                continue;
            }
            flush_plain(at);
            out += replacement_character;
            plain_from = ++at;
            continue;
        }
        flush_plain(at);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
        }
        plain_from = ++at;
    }
    flush_plain(value.size());
    out += '"';
}

void JsonWriter::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
}

void JsonWriter::begin_object() {
    separate();
    out_ += '{';
    first_.push_back(true);
}

void JsonWriter::end_object() {
    out_ += '}';
    first_.pop_back();
}

void JsonWriter::begin_array() {
    separate();
    out_ += '[';
    first_.push_back(true);
}

void JsonWriter::end_array() {
    out_ += ']';
    first_.pop_back();
}

void JsonWriter::key(std::string_view name) {
    separate();
    append_json_string(out_, name);
    out_ += ':';
    after_key_ = true;
}

void JsonWriter::string(std::string_view value) {
    separate();
    append_json_string(out_, value);
}

void JsonWriter::number(long long value) {
    separate();
    out_ += std::to_string(value);
}

void JsonWriter::boolean(bool value) {
    separate();
    out_ += value ? "true" : "false";
}

void JsonWriter::raw(std::string_view json) {
    separate();
    out_ += json;
}

}  // namespace mentorbot
