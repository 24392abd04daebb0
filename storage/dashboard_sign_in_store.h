// The dashboard's one-time sign-in links and browser sessions, kept only as hashes of their secrets.
#pragma once

#include <optional>
#include <string>

#include "storage/database.h"

namespace mentorbot {

// Whom a link or session belongs to.
struct DashboardOwner {
    std::string member_id;
    std::string tenant;           // "slack:T1", see MemberId::tenant_key
    bool platform_admin = false;  // an admin by the platform's admin bit, not by the config
};

// Why a link did not sign anyone in.
enum class LinkRefusal { unknown, used, expired };

struct LinkRedemption {
    std::optional<DashboardOwner> owner;  // set when the link was good (and is now used)
    LinkRefusal refusal = LinkRefusal::unknown;
};

class DashboardSignInStore {
public:
    explicit DashboardSignInStore(Database& database) : database_(database) {}

    // A link whose token hashes to `token_hash`, good once until `expires_at`.
    void add_link(const std::string& token_hash, const DashboardOwner& owner, long long now, long long expires_at);
    // Whether the link is known, unused and not expired at `now`, without using it.
    LinkRedemption check_link(const std::string& token_hash, long long now);
    // Uses the link up if it is known, unused and not expired at `now`. Call inside a transaction.
    LinkRedemption redeem_link(const std::string& token_hash, long long now);

    // Takes a used token out of the direct message that carried it (its outbox row), so the
    // database keeps no working copy of it.
    void forget_token_text(const std::string& token);

    void add_session(const std::string& id_hash, const DashboardOwner& owner, long long now, long long expires_at);
    // The owner of a session that has not expired at `now`.
    std::optional<DashboardOwner> find_session(const std::string& id_hash, long long now);
    // Ends a session (sign-out).
    void remove_session(const std::string& id_hash);
    // Drops links and sessions that expired before `now`.
    void prune(long long now);

private:
    Database& database_;
};

}  // namespace mentorbot
