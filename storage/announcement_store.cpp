// Announcements in SQLite.
#include "storage/announcement_store.h"

namespace mentorbot {

bool AnnouncementStore::sent_since(const std::string& tenant, const std::string& target, const std::string& text,
                                   long long since) {
    auto& query = database_.prepare(
        "SELECT 1 FROM announcements WHERE target = ? COLLATE NOCASE AND text = ? AND created_at > ? AND tenant = ? "
        "LIMIT 1");
    query.bind(1, target);
    query.bind(2, text);
    query.bind(3, static_cast<int64_t>(since));
    query.bind(4, tenant);
    bool found = query.executeStep();
    query.reset();
    return found;
}

long long AnnouncementStore::record(const std::string& tenant, const std::string& author, const std::string& target,
                                    const std::string& text, long long now) {
    auto& insert = database_.prepare(
        "INSERT INTO announcements (author_id, target, text, created_at, tenant) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, author);
    insert.bind(2, target);
    insert.bind(3, text);
    insert.bind(4, static_cast<int64_t>(now));
    insert.bind(5, tenant);
    insert.exec();
    return database_.last_insert_id();
}

}  // namespace mentorbot
