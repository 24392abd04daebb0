// User errors by kind: what the member did that we cannot act on (shown to them, never logged as a bug).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace mentorbot {

// Why a command was refused. Replies read differently and figures count them apart.
enum class UserErrorKind {
    bad_input,    // a malformed or out-of-range option, an unknown command
    not_allowed,  // an admin-only command, someone else's request or pod
    not_found,    // no such request, pod or member
    conflict,     // the state does not allow it now: already signed up, already exists
};

// "bad_input", "not_allowed", "not_found", "conflict": the label in the figures.
std::string_view user_error_kind_name(UserErrorKind kind);

// The member asked for something we cannot do. The message says what was wrong; the
// app adds the usage line. Throwing it rolls back everything the command did.
class UserError : public std::runtime_error {
public:
    explicit UserError(const std::string& what, std::string usage = {})
        : UserError(UserErrorKind::bad_input, what, std::move(usage)) {}
    UserError(UserErrorKind kind, const std::string& what, std::string usage = {})
        : std::runtime_error(what), kind_(kind), usage_(std::move(usage)) {}

    UserErrorKind kind() const { return kind_; }
    const std::string& usage() const { return usage_; }
    void set_usage(std::string usage) { usage_ = std::move(usage); }
    // The option the error concerns, when the code that refused knows it (a form shows the
    // refusal on that field); empty otherwise.
    const std::string& option() const { return option_; }
    void set_option(std::string option) { option_ = std::move(option); }
    // Whether that option was left out, rather than given a value that does not fit.
    bool option_missing() const { return option_missing_; }
    void set_missing_option(std::string option) {
        option_ = std::move(option);
        option_missing_ = true;
    }

private:
    UserErrorKind kind_;
    std::string usage_;
    std::string option_;
    bool option_missing_ = false;
};

// Shorthands for the kinds other than bad input.
inline UserError not_allowed(const std::string& what) { return UserError(UserErrorKind::not_allowed, what); }
inline UserError not_found(const std::string& what) { return UserError(UserErrorKind::not_found, what); }
inline UserError conflict(const std::string& what) { return UserError(UserErrorKind::conflict, what); }

}  // namespace mentorbot
