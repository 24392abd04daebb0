// Reads and writes the Discord registration fingerprint in the settings table.
#include "bot/discord/stored_registration_record.h"

namespace mentorbot::discord {

namespace {
std::string key_for(const std::string& scope) { return "discord.commands." + scope; }
}  // namespace

std::optional<std::string> StoredRegistrationRecord::last_hash(const std::string& scope) {
    auto& query = database_.prepare("SELECT value FROM settings WHERE key = ?");
    query.bind(1, key_for(scope));
    if (!query.executeStep()) return std::nullopt;
    return query.getColumn(0).getString();
}

void StoredRegistrationRecord::remember(const std::string& scope, const std::string& hash) {
    auto& upsert = database_.prepare(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    upsert.bind(1, key_for(scope));
    upsert.bind(2, hash);
    upsert.exec();
}

}  // namespace mentorbot::discord
