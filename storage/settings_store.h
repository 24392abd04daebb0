// Small named values the bot keeps between runs (the settings table), such as a registration fingerprint.
#pragma once

#include <optional>
#include <string>

#include "storage/database.h"

namespace mentorbot {

class SettingsStore {
public:
    explicit SettingsStore(Database& database) : database_(database) {}

    std::optional<std::string> get(const std::string& key);
    // Sets the value, replacing any earlier one.
    void put(const std::string& key, const std::string& value);

private:
    Database& database_;
};

}  // namespace mentorbot
