// Reads and writes the Discord registration fingerprint in the settings table.
#include "bot/discord/stored_registration_record.h"

#include "storage/settings_store.h"

namespace mentorbot::discord {

namespace {
std::string key_for(const std::string& scope) { return "discord.commands." + scope; }
}  // namespace

std::optional<std::string> StoredRegistrationRecord::last_hash(const std::string& scope) {
    return SettingsStore(database_).get(key_for(scope));
}

void StoredRegistrationRecord::remember(const std::string& scope, const std::string& hash) {
    SettingsStore(database_).put(key_for(scope), hash);
}

}  // namespace mentorbot::discord
