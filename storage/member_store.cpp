// Members in SQLite: one row per member plus tag rows.
#include "storage/member_store.h"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <optional>
#include <utility>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "model/member_id.h"
#include "model/mention.h"

namespace mentorbot {

namespace {

std::string text_or_empty(const SQLite::Column& column) { return column.isNull() ? std::string() : column.getString(); }

// Tags in the order they were written (their rowids). Read from the primary key without an
// ORDER BY, which would make SQLite build a sorter for a handful of rows.
std::vector<std::string> in_written_order(std::vector<std::pair<std::int64_t, std::string>> rows) {
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> tags;
    tags.reserve(rows.size());
    for (auto& row : rows) tags.push_back(std::move(row.second));
    return tags;
}

}  // namespace

void MemberStore::ensure(const std::string& member_id, const std::string& display_name, long long now) {
    auto& insert = database_.prepare(
        "INSERT INTO members (id, display_name, created_at, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET display_name = excluded.display_name "
        "WHERE excluded.display_name <> '' AND members.display_name = ''");
    insert.bind(1, member_id);
    insert.bind(2, display_name);
    insert.bind(3, static_cast<int64_t>(now));
    insert.bind(4, static_cast<int64_t>(now));
    insert.exec();
}

void MemberStore::note_caller(const std::string& member_id, const std::string& display_name, long long now) {
    auto& query = database_.prepare("SELECT display_name = '' FROM members WHERE id = ?");
    query.bind(1, member_id);
    if (!query.executeStep()) {
        query.reset();
        clear_forgotten(member_id);
        ensure(member_id, display_name, now);
        return;
    }
    const bool name_unknown = query.getColumn(0).getInt() != 0;
    query.reset();
    if (name_unknown && !display_name.empty()) ensure(member_id, display_name, now);
}

std::string MemberStore::discord_guild_of(const std::string& user_id) {
    // Something that cannot be a user id (GLOB's own * ? [ among them) names nobody.
    if (!MemberId::from_parts(Platform::discord, "guild", user_id)) return {};
    // Ids have exactly two colons, so this matches the user id as a whole.
    auto& query = database_.prepare(
        "SELECT id FROM members WHERE id GLOB 'discord:*:' || ?1 ORDER BY updated_at DESC LIMIT 1");
    query.bind(1, user_id);
    std::optional<MemberId> member;
    if (query.executeStep()) member = MemberId::parse(query.getColumn(0).getString());
    query.reset();
    return member ? std::string(member->tenant()) : std::string();
}

bool MemberStore::exists(const std::string& member_id) {
    auto& query = database_.prepare("SELECT 1 FROM members WHERE id = ?");
    query.bind(1, member_id);
    return query.executeStep();
}

std::optional<MemberProfile> MemberStore::find(const std::string& member_id) {
    auto& query = database_.prepare(
        "SELECT id, display_name, level, department, time_zone, location, started_on FROM members WHERE id = ?");
    query.bind(1, member_id);
    if (!query.executeStep()) return std::nullopt;
    MemberProfile profile;
    profile.id = query.getColumn(0).getString();
    profile.display_name = query.getColumn(1).getString();
    if (!query.getColumn(2).isNull()) profile.level = query.getColumn(2).getInt();
    profile.department = text_or_empty(query.getColumn(3));
    profile.time_zone = text_or_empty(query.getColumn(4));
    profile.location = text_or_empty(query.getColumn(5));
    profile.started_on = text_or_empty(query.getColumn(6));
    query.reset();
    // Both kinds in one read, each in the order it was written.
    std::vector<std::pair<std::int64_t, std::string>> skills;
    std::vector<std::pair<std::int64_t, std::string>> goals;
    // Every kind is read (topics are skipped here): `kind IN (...)` would make SQLite build
    // a temporary b-tree for the list.
    auto& tag_rows = database_.prepare("SELECT kind, rowid, tag FROM member_tags WHERE member_id = ?");
    tag_rows.bind(1, member_id);
    while (tag_rows.executeStep()) {
        const std::string_view kind = tag_rows.getColumn(0).getText();
        if (kind != "skill" && kind != "goal") continue;
        (kind == "skill" ? skills : goals)
            .emplace_back(tag_rows.getColumn(1).getInt64(), tag_rows.getColumn(2).getString());
    }
    profile.skills = in_written_order(std::move(skills));
    profile.goals = in_written_order(std::move(goals));
    return profile;
}

void MemberStore::update(const MemberProfile& profile, long long now) {
    auto& update = database_.prepare(
        "UPDATE members SET display_name = ?, level = ?, department = ?, time_zone = ?, location = ?, "
        "started_on = ?, updated_at = ? WHERE id = ?");
    update.bind(1, profile.display_name);
    if (profile.level) update.bind(2, *profile.level);
    else update.bind(2);
    auto bind_optional_text = [&](int index, const std::string& value) {
        if (value.empty()) update.bind(index);
        else update.bind(index, value);
    };
    bind_optional_text(3, profile.department);
    bind_optional_text(4, profile.time_zone);
    bind_optional_text(5, profile.location);
    bind_optional_text(6, profile.started_on);
    update.bind(7, static_cast<int64_t>(now));
    update.bind(8, profile.id);
    update.exec();
}

void MemberStore::set_bio(const std::string& member_id, const std::string& bio, long long now) {
    auto& update = database_.prepare("UPDATE members SET bio = ?, updated_at = ? WHERE id = ?");
    if (bio.empty()) update.bind(1);
    else update.bind(1, bio);
    update.bind(2, static_cast<int64_t>(now));
    update.bind(3, member_id);
    update.exec();
}

std::string MemberStore::bio(const std::string& member_id) {
    auto& query = database_.prepare("SELECT bio FROM members WHERE id = ?");
    query.bind(1, member_id);
    std::string bio;
    if (query.executeStep() && !query.getColumn(0).isNull()) bio = query.getColumn(0).getString();
    query.reset();
    return bio;
}

void MemberStore::replace_tags(const std::string& member_id, const std::string& kind,
                               const std::vector<std::string>& tags) {
    auto& remove = database_.prepare("DELETE FROM member_tags WHERE member_id = ? AND kind = ?");
    remove.bind(1, member_id);
    remove.bind(2, kind);
    remove.exec();
    for (const auto& tag : tags) {
        auto& insert = database_.prepare("INSERT OR IGNORE INTO member_tags (member_id, kind, tag) VALUES (?, ?, ?)");
        insert.bind(1, member_id);
        insert.bind(2, kind);
        insert.bind(3, tag);
        insert.exec();
    }
}

std::vector<std::string> MemberStore::tags(const std::string& member_id, const std::string& kind) {
    auto& query = database_.prepare("SELECT rowid, tag FROM member_tags WHERE member_id = ? AND kind = ?");
    query.bind(1, member_id);
    query.bind(2, kind);
    std::vector<std::pair<std::int64_t, std::string>> rows;
    while (query.executeStep()) rows.emplace_back(query.getColumn(0).getInt64(), query.getColumn(1).getString());
    return in_written_order(std::move(rows));
}

std::vector<MemberProfile> MemberStore::all() {
    std::vector<std::string> ids;
    {
        auto& query = database_.prepare("SELECT id FROM members ORDER BY id");
        while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
    }
    std::vector<MemberProfile> result;
    for (const auto& id : ids) {
        if (auto profile = find(id)) result.push_back(std::move(*profile));
    }
    return result;
}

long long MemberStore::count() {
    auto& query = database_.prepare("SELECT COUNT(*) FROM members");
    query.executeStep();
    return query.getColumn(0).getInt64();
}

namespace {

std::string hex_of(const unsigned char* bytes, std::size_t size) {
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (std::size_t index = 0; index < size; ++index) {
        hex.push_back(digits[bytes[index] >> 4]);
        hex.push_back(digits[bytes[index] & 15]);
    }
    return hex;
}

// The plain SHA-256 older versions kept: anyone with the file could test every likely id.
std::string legacy_id_hash(const std::string& member_id) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(member_id.data()), member_id.size(), digest);
    return hex_of(digest, sizeof digest);
}

// HMAC-SHA-256 of the id under this install's secret (made by migration 12).
std::string keyed_id_hash(Database& database, const std::string& member_id) {
    auto& query = database.prepare("SELECT value FROM settings WHERE key = 'forgotten_members_key'");
    if (!query.executeStep()) throw std::runtime_error("the forgotten-members key is missing from the settings");
    const std::string key = query.getColumn(0).getString();
    query.reset();
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(member_id.data()), member_id.size(), digest, &length);
    return hex_of(digest, length);
}

}  // namespace

bool MemberStore::was_forgotten(const std::string& member_id) {
    const std::string keyed = keyed_id_hash(database_, member_id);
    auto& query = database_.prepare("SELECT id_hash FROM forgotten_members WHERE id_hash IN (?, ?)");
    query.bind(1, keyed);
    query.bind(2, legacy_id_hash(member_id));
    if (!query.executeStep()) return false;
    const bool legacy = query.getColumn(0).getString() != keyed;
    query.reset();
    // An old row found is rewritten keyed: the plain hash of a known id goes.
    if (legacy) {
        auto& rekey = database_.prepare("UPDATE forgotten_members SET id_hash = ? WHERE id_hash = ?");
        rekey.bind(1, keyed);
        rekey.bind(2, legacy_id_hash(member_id));
        rekey.exec();
    }
    return true;
}

void MemberStore::clear_forgotten(const std::string& member_id) {
    // Usually nobody was ever forgotten: then there is nothing to hash or delete.
    auto& any = database_.prepare("SELECT 1 FROM forgotten_members LIMIT 1");
    const bool someone_forgotten = any.executeStep();
    any.reset();
    if (!someone_forgotten) return;
    auto& remove = database_.prepare("DELETE FROM forgotten_members WHERE id_hash IN (?, ?)");
    remove.bind(1, keyed_id_hash(database_, member_id));
    remove.bind(2, legacy_id_hash(member_id));
    remove.exec();
}

void MemberStore::scrub_mentions(const std::string& member_id) {
    const auto profile = find(member_id);
    // A display name shorter than this is too likely a piece of other words to search for.
    constexpr std::size_t distinctive_name_length = 4;
    const std::string name = profile && profile->display_name.size() >= distinctive_name_length ? profile->display_name
                                                                                                : member_id;
    const std::string quoted_id = "\"" + member_id + "\"";
    const std::string former = "a former member";
    // ?1 the id, ?2 their name, ?3 the id as a JSON string, ?4 the mention, ?5 what replaces it.
    const char* scrub[] = {
        // (Why a mentor was chosen names the people weighed: forget() has put "a former
        // member" in their place there already.)
        // A decline still counts in the figures, by nobody in particular, and without the
        // words they gave for it (the bot's own "no answer in time" stays).
        "UPDATE request_declines SET reason = NULL WHERE mentor_id = ?1 AND silent = 0",
        "UPDATE request_declines SET mentor_id = 'forgotten:' || lower(hex(randomblob(8))) WHERE mentor_id = ?1",
        // Messages already sent are history: the ones to or about them keep their row (ids are
        // never reused) without their words or target.
        "UPDATE outbox SET message = '{\"text\":\"\"}' WHERE status != 'pending' "
        "AND (target = ?1 OR instr(message, ?1) > 0 OR instr(message, ?2) > 0)",
        "UPDATE outbox SET target = 'forgotten' WHERE status != 'pending' AND target = ?1",
        "UPDATE outbox SET target = 'forgotten', message = '{\"text\":\"\"}', status = 'failed', "
        "last_error = 'member forgotten' WHERE status = 'pending' AND target = ?1",
        // A meeting's .ics going to the other person names them (and holds the note they
        // wrote), out of reach of the replacements below: the message goes without it.
        "UPDATE outbox SET message = json_remove(message, '$.attachment') WHERE status = 'pending' "
        "AND instr(message, ?1) > 0 AND json_valid(message)",
        // The held message is kept as JSON text inside the payload: `|| ''` keeps it text, where
        // json_remove's own result would be stored as an object the job cannot read.
        "UPDATE jobs SET payload = json_set(payload, '$.message', json_remove(json_extract(payload, '$.message'), "
        "'$.attachment') || '') WHERE status = 'pending' AND kind = 'member.held_note' AND instr(payload, ?1) > 0 "
        "AND json_valid(payload) AND json_valid(json_extract(payload, '$.message'))",
        // Messages still to go to others keep their news without the name.
        "UPDATE outbox SET message = replace(replace(message, ?4, ?5), ?1, ?5) WHERE status = 'pending' "
        "AND instr(message, ?1) > 0",
        // Timers that name them run as for someone who left; finished ones are history.
        "UPDATE jobs SET payload = replace(payload, ?3, '\"\"') WHERE status = 'pending' AND instr(payload, ?3) > 0",
        "UPDATE jobs SET payload = '{}' WHERE status != 'pending' AND instr(payload, ?1) > 0",
        // A note held for a day with room left keeps its news without the name, as the outbox does.
        "UPDATE jobs SET payload = replace(replace(payload, ?4, ?5), ?1, ?5) WHERE status = 'pending' "
        "AND kind = 'member.held_note' AND instr(payload, ?1) > 0",
        // Some timers are kept apart by a key naming the member (the end of a pause, a pod
        // note): nothing will schedule theirs again, so a key of nobody's does as well.
        "UPDATE jobs SET dedupe_key = 'forgotten:' || lower(hex(randomblob(8))) "
        "WHERE instr(dedupe_key, ':' || ?1 || ':') > 0",
        // An answer kept for a re-sent delivery may hold a meeting's .ics (a mentor's accept on
        // Discord), which names both people out of reach of the replacement below and need not
        // name this member's id anywhere else: every kept file goes, the links stand in for it.
        "UPDATE processed_deliveries SET reply = json_remove(reply, '$.attachment') WHERE json_valid(reply) "
        "AND json_type(reply, '$.attachment') IS NOT NULL",
        // Answers kept for a re-sent delivery say "a former member" instead.
        "UPDATE processed_deliveries SET reply = replace(replace(reply, ?4, ?5), ?1, ?5) WHERE instr(reply, ?1) > 0",
    };
    for (const char* sql : scrub) {
        auto& statement = database_.prepare(sql);
        const int parameters = statement.getBindParameterCount();
        const std::string values[] = {member_id, name, quoted_id, mention(member_id), former};
        for (int index = 1; index <= parameters; ++index) statement.bind(index, values[index - 1]);
        statement.exec();
    }
}

void MemberStore::forget(const std::string& member_id, long long now) {
    // Free text the member wrote goes; the rows that feed anonymous program figures stay
    // and lose their link to the person through ON DELETE SET NULL.
    const char* scrub[] = {
        "UPDATE feedback SET comment = NULL WHERE from_id = ?",
        "DELETE FROM peer_feedback WHERE from_id = ? OR to_id = ?",
        "UPDATE requests SET note = NULL WHERE requester_id = ?",
        "UPDATE pod_checkins SET note = NULL WHERE member_id = ?",
        // Others' mutes of them have nobody left to mute (their own go with their row).
        "DELETE FROM peer_note_mutes WHERE muted_id = ?",
        "DELETE FROM dashboard_links WHERE member_id = ?",
        "DELETE FROM dashboard_sessions WHERE member_id = ?",
    };
    for (const char* sql : scrub) {
        auto& statement = database_.prepare(sql);
        for (int index = 1; index <= statement.getBindParameterCount(); ++index) statement.bind(index, member_id);
        statement.exec();
    }
    // Match explanations name the mentors they weighed: the person's name and id give way
    // to "a former member" there.
    std::vector<std::string> names{member_id};
    if (auto profile = find(member_id); profile && profile->display_name.size() > 2) {
        names.push_back(profile->display_name);
    }
    for (const std::string& name : names) {
        auto& unname = database_.prepare(
            "UPDATE requests SET explanation = replace(explanation, ?1, 'a former member'), "
            "explanation_detail = replace(explanation_detail, ?1, 'a former member') "
            "WHERE instr(explanation, ?1) > 0 OR instr(explanation_detail, ?1) > 0");
        unname.bind(1, name);
        unname.exec();
    }
    scrub_mentions(member_id);
    auto& remove = database_.prepare("DELETE FROM members WHERE id = ?");
    remove.bind(1, member_id);
    remove.exec();
    clear_forgotten(member_id);
    auto& remember = database_.prepare(
        "INSERT OR REPLACE INTO forgotten_members (id_hash, forgotten_at) VALUES (?, ?)");
    remember.bind(1, keyed_id_hash(database_, member_id));
    remember.bind(2, static_cast<int64_t>(now));
    remember.exec();
}

}  // namespace mentorbot
