// Error kinds: a mistake the user made (shown to them) versus a bug of ours (logged).
#pragma once

#include <stdexcept>
#include <string>

namespace mentorbot {

// The user typed something we cannot act on. The message says what was wrong; the
// dispatcher adds the usage line. Throwing it rolls back everything the command did.
class UserError : public std::runtime_error {
public:
    explicit UserError(const std::string& what, std::string usage = {})
        : std::runtime_error(what), usage_(std::move(usage)) {}
    const std::string& usage() const { return usage_; }
    void set_usage(std::string usage) { usage_ = std::move(usage); }

private:
    std::string usage_;
};

}  // namespace mentorbot
