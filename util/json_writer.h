// Writes JSON text straight into a string, for replies on the hot path (Slack acks).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mentorbot {

// Appends compact JSON without building a document first. Strings are escaped as
// JSON requires; bytes that are not valid UTF-8 become U+FFFD, so the text is always
// valid JSON whatever a member typed. Calls must nest properly (object → key → value).
class JsonWriter {
public:
    void begin_object();
    void end_object();
    void begin_array();
    void end_array();
    // The next value belongs to `name`.
    void key(std::string_view name);
    void string(std::string_view value);
    void number(long long value);
    void boolean(bool value);
    // A value that is already JSON text (written by another JsonWriter).
    void raw(std::string_view json);

    const std::string& text() const { return out_; }
    std::string take() { return std::move(out_); }

private:
    // Puts the comma before a value or key that is not the first in its container.
    void separate();

    std::string out_;
    // One entry per open container: true until its first member is written.
    std::vector<bool> first_;
    bool after_key_ = false;
};

// `value` as a quoted, escaped JSON string appended to `out`.
void append_json_string(std::string& out, std::string_view value);

}  // namespace mentorbot
