// Keeps the fingerprint of the last successful Discord command registration in the database.
#pragma once

#include "bot/discord/command_registration.h"
#include "storage/database.h"

namespace mentorbot::discord {

// Stored in the `settings` table as "discord.commands.<scope>" → hash, so a restart with
// an unchanged command set sends no PUT (Discord limits command creations per day).
class StoredRegistrationRecord : public RegistrationRecord {
public:
    explicit StoredRegistrationRecord(Database& database) : database_(database) {}
    std::optional<std::string> last_hash(const std::string& scope) override;
    void remember(const std::string& scope, const std::string& hash) override;

private:
    Database& database_;
};

}  // namespace mentorbot::discord
