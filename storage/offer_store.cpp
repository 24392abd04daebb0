// Mentor offers in SQLite; topics are member_tags rows of kind 'topic'.
#include "storage/offer_store.h"

#include <date/date.h>

#include "storage/member_store.h"
#include "storage/mentor_pool_store.h"

namespace mentorbot {

std::vector<std::pair<std::string, int>> OfferStore::topics_offered(const std::string& tenant_key) {
    // From the kept mentor pool: a picker asks at every keystroke, and reading every offered
    // topic of a large workspace from the tables took milliseconds each time.
    return MentorPoolStore(database_).without_loads()->topics_offered_in(tenant_key);
}

bool OfferStore::anyone_offers(const std::string& tenant_key, const std::string& topic) {
    auto& query = database_.prepare(
        "SELECT 1 FROM member_tags t JOIN mentor_offers o ON o.member_id = t.member_id "
        "WHERE t.kind = 'topic' AND t.tag = ?2 AND substr(t.member_id, 1, length(?1) + 1) = ?1 || ':' LIMIT 1");
    query.bind(1, tenant_key);
    query.bind(2, topic);
    return query.executeStep();
}

std::optional<MentorOffer> OfferStore::find(const std::string& member_id) {
    auto& query = database_.prepare(
        "SELECT capacity, hours_start, hours_end, reverse_ok, shadow_ok, paused, paused_until, last_matched_at "
        "FROM mentor_offers WHERE member_id = ?");
    query.bind(1, member_id);
    if (!query.executeStep()) return std::nullopt;
    MentorOffer offer;
    offer.member_id = member_id;
    offer.capacity = query.getColumn(0).getInt();
    offer.hours_start = query.getColumn(1).getInt();
    offer.hours_end = query.getColumn(2).getInt();
    offer.reverse_ok = query.getColumn(3).getInt() != 0;
    offer.shadow_ok = query.getColumn(4).getInt() != 0;
    offer.paused = query.getColumn(5).getInt() != 0;
    if (!query.getColumn(6).isNull()) offer.paused_until = query.getColumn(6).getString();
    if (!query.getColumn(7).isNull()) offer.last_matched_at = query.getColumn(7).getInt64();
    query.reset();
    offer.topics = MemberStore(database_).tags(member_id, "topic");
    return offer;
}

void OfferStore::save(const MentorOffer& offer, long long now) {
    auto& upsert = database_.prepare(
        "INSERT INTO mentor_offers (member_id, capacity, hours_start, hours_end, reverse_ok, shadow_ok, paused, "
        "paused_until, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(member_id) DO UPDATE SET capacity = excluded.capacity, hours_start = excluded.hours_start, "
        "hours_end = excluded.hours_end, reverse_ok = excluded.reverse_ok, shadow_ok = excluded.shadow_ok, "
        "paused = excluded.paused, paused_until = excluded.paused_until, updated_at = excluded.updated_at");
    upsert.bind(1, offer.member_id);
    upsert.bind(2, offer.capacity);
    upsert.bind(3, offer.hours_start);
    upsert.bind(4, offer.hours_end);
    upsert.bind(5, offer.reverse_ok ? 1 : 0);
    upsert.bind(6, offer.shadow_ok ? 1 : 0);
    upsert.bind(7, offer.paused ? 1 : 0);
    if (offer.paused_until.empty()) upsert.bind(8);
    else upsert.bind(8, offer.paused_until);
    upsert.bind(9, static_cast<int64_t>(now));
    upsert.bind(10, static_cast<int64_t>(now));
    upsert.exec();
    MemberStore(database_).replace_tags(offer.member_id, "topic", offer.topics);
}

void OfferStore::remove(const std::string& member_id) {
    auto& remove = database_.prepare("DELETE FROM mentor_offers WHERE member_id = ?");
    remove.bind(1, member_id);
    remove.exec();
    MemberStore(database_).replace_tags(member_id, "topic", {});
}

void OfferStore::set_paused(const std::string& member_id, bool paused, const std::string& until, long long now) {
    auto& update = database_.prepare(
        "UPDATE mentor_offers SET paused = ?, paused_until = ?, updated_at = ? WHERE member_id = ?");
    update.bind(1, paused ? 1 : 0);
    if (until.empty()) update.bind(2);
    else update.bind(2, until);
    update.bind(3, static_cast<int64_t>(now));
    update.bind(4, member_id);
    update.exec();
}

OfferStore::EndingPauses OfferStore::resume_expired_pauses(Instant now) {
    // No zone's date is more than a day ahead of UTC's: only these can have reached their day.
    const std::string latest_today = date::format("%F", date::floor<date::days>(now) + date::days(1));
    std::vector<std::pair<std::string, std::string>> ending;  // member, the day they are back
    {
        auto& query = database_.prepare(
            "SELECT member_id, paused_until FROM mentor_offers WHERE paused = 1 AND paused_until IS NOT NULL AND "
            "paused_until <= ? ORDER BY member_id");
        query.bind(1, latest_today);
        while (query.executeStep()) ending.emplace_back(query.getColumn(0).getString(), query.getColumn(1).getString());
    }
    EndingPauses result;
    for (const auto& [member_id, until] : ending) {
        const std::string zone = working_schedule(member_id, {"UTC", {}}).time_zone;
        const std::optional<Instant> back = local_date_start(until, zone);
        if (back && *back > now) {
            result.later.emplace_back(member_id, *back);
            continue;
        }
        set_paused(member_id, false, "", to_unix(now));
        result.resumed.push_back(member_id);
    }
    return result;
}

OfferStore::WeekLoad OfferStore::week_load(const std::string& member_id, Instant now) {
    const std::string zone = working_schedule(member_id, {"UTC", {}}).time_zone;
    WeekLoad load;
    auto& sessions = database_.prepare("SELECT COUNT(*) FROM sessions WHERE mentor_id = ? AND created_at >= ?");
    sessions.bind(1, member_id);
    sessions.bind(2, static_cast<int64_t>(local_week_start(zone, now).time_since_epoch().count()));
    sessions.executeStep();
    load.sessions = sessions.getColumn(0).getInt();
    sessions.reset();
    auto& offered = database_.prepare("SELECT COUNT(*) FROM requests WHERE status = 'offered' AND candidate_id = ?");
    offered.bind(1, member_id);
    offered.executeStep();
    load.offered = offered.getColumn(0).getInt();
    offered.reset();
    return load;
}

std::vector<std::string> OfferStore::mentor_time_zones() {
    auto& query = database_.prepare(
        "SELECT DISTINCT COALESCE(NULLIF(m.time_zone, ''), 'UTC') FROM mentor_offers o JOIN members m ON m.id = "
        "o.member_id");
    std::vector<std::string> zones;
    while (query.executeStep()) zones.push_back(query.getColumn(0).getString());
    return zones;
}

std::string OfferStore::WeekLoad::describe(int capacity) const {
    std::string text = std::to_string(sessions) + " of " + std::to_string(capacity) + " sessions";
    if (offered == 1) text += ", 1 offer waiting for an answer";
    if (offered > 1) text += ", " + std::to_string(offered) + " offers waiting for an answer";
    return text;
}

WorkingSchedule OfferStore::working_schedule(const std::string& member_id, WorkingSchedule defaults) {
    WorkingSchedule schedule = std::move(defaults);
    auto& query = database_.prepare(
        "SELECT m.time_zone, o.hours_start, o.hours_end FROM members m LEFT JOIN mentor_offers o ON o.member_id = m.id "
        "WHERE m.id = ?");
    query.bind(1, member_id);
    if (query.executeStep()) {
        if (!query.getColumn(0).isNull() && !query.getColumn(0).getString().empty()) {
            schedule.time_zone = query.getColumn(0).getString();
        }
        if (!query.getColumn(1).isNull()) schedule.hours = {query.getColumn(1).getInt(), query.getColumn(2).getInt()};
    }
    query.reset();
    return schedule;
}

}  // namespace mentorbot
