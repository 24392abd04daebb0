// The settings table in SQLite.
#include "storage/settings_store.h"

namespace mentorbot {

std::optional<std::string> SettingsStore::get(const std::string& key) {
    auto& query = database_.prepare("SELECT value FROM settings WHERE key = ?");
    query.bind(1, key);
    if (!query.executeStep()) return std::nullopt;
    std::string value = query.getColumn(0).getString();
    query.reset();
    return value;
}

void SettingsStore::put(const std::string& key, const std::string& value) {
    auto& upsert = database_.prepare(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    upsert.bind(1, key);
    upsert.bind(2, value);
    upsert.exec();
}

}  // namespace mentorbot
