// Announcements admins posted: the record each delivery points at, and the guard against sending one twice.
#pragma once

#include <string>

#include "storage/database.h"

namespace mentorbot {

class AnnouncementStore {
public:
    explicit AnnouncementStore(Database& database) : database_(database) {}

    // Whether the same text went to the same target (case-insensitively) in the same
    // tenant ("discord:8138…") after `since`.
    bool sent_since(const std::string& tenant, const std::string& target, const std::string& text, long long since);
    // Records an announcement of the tenant and returns its id, which its outbox rows carry.
    long long record(const std::string& tenant, const std::string& author, const std::string& target,
                     const std::string& text, long long now);

private:
    Database& database_;
};

}  // namespace mentorbot
