// Sign-in links and sessions in SQLite: a link is marked used in the same statement that checks it.
#include "storage/dashboard_sign_in_store.h"

namespace mentorbot {

void DashboardSignInStore::add_link(const std::string& token_hash, const DashboardOwner& owner, long long now,
                                    long long expires_at) {
    auto& insert = database_.prepare(
        "INSERT INTO dashboard_links (token_hash, member_id, tenant, platform_admin, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, token_hash);
    insert.bind(2, owner.member_id);
    insert.bind(3, owner.tenant);
    insert.bind(4, owner.platform_admin ? 1 : 0);
    insert.bind(5, static_cast<int64_t>(now));
    insert.bind(6, static_cast<int64_t>(expires_at));
    insert.exec();
}

LinkRedemption DashboardSignInStore::check_link(const std::string& token_hash, long long now) {
    LinkRedemption redemption;
    auto& find = database_.prepare(
        "SELECT member_id, tenant, platform_admin, expires_at, used_at FROM dashboard_links WHERE token_hash = ?");
    find.bind(1, token_hash);
    if (!find.executeStep()) return redemption;
    DashboardOwner owner{find.getColumn(0).getString(), find.getColumn(1).getString(), find.getColumn(2).getInt() != 0};
    const long long expires_at = find.getColumn(3).getInt64();
    const bool used = !find.getColumn(4).isNull();
    find.reset();
    if (used) {
        redemption.refusal = LinkRefusal::used;
        return redemption;
    }
    if (now >= expires_at) {
        redemption.refusal = LinkRefusal::expired;
        return redemption;
    }
    redemption.owner = std::move(owner);
    return redemption;
}

LinkRedemption DashboardSignInStore::redeem_link(const std::string& token_hash, long long now) {
    LinkRedemption redemption = check_link(token_hash, now);
    if (!redemption.owner) return redemption;
    auto& use = database_.prepare("UPDATE dashboard_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL");
    use.bind(1, static_cast<int64_t>(now));
    use.bind(2, token_hash);
    if (use.exec() != 1) {
        redemption.owner.reset();
        redemption.refusal = LinkRefusal::used;
    }
    return redemption;
}

void DashboardSignInStore::forget_token_text(const std::string& token) {
    auto& scrub = database_.prepare(
        "UPDATE outbox SET message = replace(message, ?1, '(used)') WHERE instr(message, ?1) > 0");
    scrub.bind(1, token);
    scrub.exec();
}

void DashboardSignInStore::add_session(const std::string& id_hash, const DashboardOwner& owner, long long now,
                                       long long expires_at) {
    auto& insert = database_.prepare(
        "INSERT INTO dashboard_sessions (id_hash, member_id, tenant, platform_admin, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, id_hash);
    insert.bind(2, owner.member_id);
    insert.bind(3, owner.tenant);
    insert.bind(4, owner.platform_admin ? 1 : 0);
    insert.bind(5, static_cast<int64_t>(now));
    insert.bind(6, static_cast<int64_t>(expires_at));
    insert.exec();
}

std::optional<DashboardOwner> DashboardSignInStore::find_session(const std::string& id_hash, long long now) {
    auto& find = database_.prepare(
        "SELECT member_id, tenant, platform_admin FROM dashboard_sessions WHERE id_hash = ? AND expires_at > ?");
    find.bind(1, id_hash);
    find.bind(2, static_cast<int64_t>(now));
    if (!find.executeStep()) return std::nullopt;
    DashboardOwner owner{find.getColumn(0).getString(), find.getColumn(1).getString(), find.getColumn(2).getInt() != 0};
    find.reset();
    return owner;
}

void DashboardSignInStore::remove_session(const std::string& id_hash) {
    auto& remove = database_.prepare("DELETE FROM dashboard_sessions WHERE id_hash = ?");
    remove.bind(1, id_hash);
    remove.exec();
}

void DashboardSignInStore::prune(long long now) {
    for (const char* sql :
         {"DELETE FROM dashboard_links WHERE expires_at < ?", "DELETE FROM dashboard_sessions WHERE expires_at < ?"}) {
        auto& remove = database_.prepare(sql);
        remove.bind(1, static_cast<int64_t>(now));
        remove.exec();
    }
}

}  // namespace mentorbot
