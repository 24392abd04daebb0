// A parsed, typed command from one member: what every transport hands to the app.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/member_id.h"

namespace mentorbot {

// Who runs a command and from where. The transport fills it in; nothing after it looks
// at which platform a caller came from to decide what they may do.
struct Caller {
    MemberId member;           // slack:T1:U2, discord:G:U, console:local:ana
    std::string display_name;  // best known human name, for replies only
    ChannelId channel;         // where the command was typed; empty when not known
    // Set by a transport when the platform itself says the caller administers the
    // workspace (Discord Administrator / Manage Server permission bits).
    bool platform_admin = false;
    // Cleared by the console: the operator's own terminal (and scripts driving it) is
    // not held to the per-member command rate.
    bool rate_limited = true;

    const std::string& member_id() const { return member.str(); }
};

// One typed option value. Users are already resolved to member ids, tags are
// case-folded and trimmed, time zones validated, dates normalised to YYYY-MM-DD,
// date-times to "YYYY-MM-DD HH:MM" (in the caller's own zone), times to HH:MM.
using ArgumentValue = std::variant<std::string, std::int64_t, bool, std::vector<std::string>>;

class Arguments {
public:
    void set(const std::string& name, ArgumentValue value) { values_[name] = std::move(value); }
    bool has(const std::string& name) const { return values_.count(name) != 0; }

    std::optional<std::string> text(const std::string& name) const { return get<std::string>(name); }
    std::optional<std::int64_t> integer(const std::string& name) const { return get<std::int64_t>(name); }
    std::optional<bool> flag(const std::string& name) const { return get<bool>(name); }
    std::optional<std::vector<std::string>> tags(const std::string& name) const {
        return get<std::vector<std::string>>(name);
    }

    const std::map<std::string, ArgumentValue>& all() const { return values_; }

private:
    template <typename T>
    std::optional<T> get(const std::string& name) const {
        auto found = values_.find(name);
        if (found == values_.end()) return std::nullopt;
        if (const T* value = std::get_if<T>(&found->second)) return *value;
        return std::nullopt;
    }
    std::map<std::string, ArgumentValue> values_;
};

struct Invocation {
    std::string command;     // "flash" (no slash)
    std::string subcommand;  // "request"; empty for commands without subcommands (/announce)
    Arguments arguments;
    Caller caller;
};

}  // namespace mentorbot
