// Discord application-command registration generated from the command registry (D13, D15).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/registry.h"

namespace mentorbot::discord {

// The body of the bulk-overwrite PUT: one CHAT_INPUT command per registry command,
// subcommands as type-1 options, typed options with ranges and choices.
nlohmann::json application_commands_json(const std::vector<CommandSpec>& commands);

// A stable fingerprint of that body (hex SHA-256 of its canonical dump), so the PUT is
// only sent when the command set changed.
std::string application_commands_hash(const nlohmann::json& commands);

// Remembers the fingerprint of the last successful registration per scope
// ("<application>:global" or "<application>:guild:<id>").
class RegistrationRecord {
public:
    virtual ~RegistrationRecord() = default;
    virtual std::optional<std::string> last_hash(const std::string& scope) = 0;
    virtual void remember(const std::string& scope, const std::string& hash) = 0;
};

// Keeps the fingerprints in memory only: every process start registers once.
class MemoryRegistrationRecord : public RegistrationRecord {
public:
    std::optional<std::string> last_hash(const std::string& scope) override {
        auto found = hashes_.find(scope);
        if (found == hashes_.end()) return std::nullopt;
        return found->second;
    }
    void remember(const std::string& scope, const std::string& hash) override { hashes_[scope] = hash; }

private:
    std::map<std::string, std::string> hashes_;
};

// Discord's text rules: names 1–32 lowercase characters, descriptions 1–100 characters
// (counted in code points, never cutting one in half).
std::string discord_name(const std::string& name);
std::string discord_description(const std::string& description, const std::string& fallback);

}  // namespace mentorbot::discord
