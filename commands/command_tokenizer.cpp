// Splits a command line into words: name:value pairs, quoted values with escapes, mentions and channels kept whole.
#include "commands/command_tokenizer.h"

#include <algorithm>
#include <cctype>

#include "model/user_error.h"

namespace mentorbot {

namespace {

constexpr std::string_view left_curly_quote = "\xE2\x80\x9C";   // “
constexpr std::string_view right_curly_quote = "\xE2\x80\x9D";  // ”
constexpr std::string_view no_break_space = "\xC2\xA0";

class Tokenizer {
public:
    explicit Tokenizer(std::string_view text) : text_(text) {}

    std::vector<CommandToken> tokens() {
        std::vector<CommandToken> result;
        while (true) {
            skip_spaces();
            if (at_end()) break;
            result.push_back(next_token());
        }
        return result;
    }

private:
    bool at_end() const { return position_ >= text_.size(); }
    bool starts_with(std::string_view prefix) const { return text_.substr(position_).starts_with(prefix); }

    bool at_space() const {
        if (at_end()) return false;
        char c = text_[position_];
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || starts_with(no_break_space);
    }

    void skip_spaces() {
        while (at_space()) position_ += starts_with(no_break_space) ? no_break_space.size() : 1;
    }

    bool at_quote() const { return !at_end() && (text_[position_] == '"' || starts_with(left_curly_quote)); }

    static bool is_name_char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    CommandToken next_token() {
        CommandToken token;
        if (at_quote()) {
            token.value = read_quoted();
            token.quoted = true;
            expect_word_end();
            return token;
        }
        // name:value, where the name is a plain identifier.
        std::size_t name_end = position_;
        while (name_end < text_.size() && is_name_char(text_[name_end])) ++name_end;
        if (name_end > position_ && name_end < text_.size() && text_[name_end] == ':' &&
            std::isalpha(static_cast<unsigned char>(text_[position_]))) {
            token.name = lowercase_ascii(std::string(text_.substr(position_, name_end - position_)));
            position_ = name_end + 1;
            if (at_quote()) {
                token.value = read_quoted();
                token.quoted = true;
                expect_word_end();
            } else {
                token.value = read_bare();
            }
            return token;
        }
        token.value = read_bare();
        return token;
    }

    // A bare word ends at whitespace; <…> (mentions, channels, links) may hold spaces.
    std::string read_bare() {
        std::string word;
        while (!at_end() && !at_space()) {
            if (text_[position_] == '<') {
                std::size_t close = text_.find('>', position_);
                if (close != std::string_view::npos) {
                    word.append(text_.substr(position_, close + 1 - position_));
                    position_ = close + 1;
                    continue;
                }
            }
            word.push_back(text_[position_++]);
        }
        return word;
    }

    std::string read_quoted() {
        std::size_t opened_at = position_;
        bool curly = starts_with(left_curly_quote);
        position_ += curly ? left_curly_quote.size() : 1;
        std::string value;
        while (!at_end()) {
            char c = text_[position_];
            if (c == '\\' && position_ + 1 < text_.size() &&
                (text_[position_ + 1] == '"' || text_[position_ + 1] == '\\')) {
                value.push_back(text_[position_ + 1]);
                position_ += 2;
                continue;
            }
            if (c == '"') {
                ++position_;
                return value;
            }
            if (starts_with(right_curly_quote)) {
                position_ += right_curly_quote.size();
                return value;
            }
            value.push_back(c);
            ++position_;
        }
        std::string excerpt(text_.substr(opened_at, 20));
        throw UserError("a quote is opened at `" + excerpt + (text_.size() - opened_at > 20 ? "…" : "") +
                        "` but never closed. Close it with \" or write \\\" for a quote inside a value.");
    }

    void expect_word_end() {
        if (!at_end() && !at_space()) {
            throw UserError("unexpected text right after a closing quote: `" + read_bare() +
                            "`. Put a space after the closing quote.");
        }
    }

    std::string_view text_;
    std::size_t position_ = 0;
};

}  // namespace

std::string lowercase_ascii(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::vector<CommandToken> tokenize_command_line(std::string_view text) { return Tokenizer(text).tokens(); }

}  // namespace mentorbot
