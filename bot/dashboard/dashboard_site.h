// The /admin pages: sign-in with a one-time link, the session cookie, the dashboard, its JSON, CSV and scripts.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "bot/http_exchange.h"
#include "config/config.h"
#include "domain/clock.h"
#include "storage/dashboard_sign_in_store.h"
#include "storage/database.h"

namespace mentorbot {

class DashboardSite {
public:
    // `before_use` runs before each request touches `database` (the platform runtime commits
    // its open batch there, so the dashboard never reads or writes inside it).
    DashboardSite(Database& database, const Config& config, const Clock& clock, std::function<void()> before_use = {},
                  std::string chart_js_file = {});

    HttpExchangeResponse handle(const HttpExchangeRequest& request);

    static constexpr const char* cookie_name = "mentorbot_admin";

private:
    HttpExchangeResponse sign_in_form(const std::string& token);
    HttpExchangeResponse sign_in(const std::string& body);
    HttpExchangeResponse sign_out(const std::string& cookie);
    HttpExchangeResponse signed_in(const std::string& path, const std::string& query, const DashboardOwner& owner);
    std::optional<DashboardOwner> session_of(const std::string& cookie);
    bool still_admin(const DashboardOwner& owner) const;
    HttpExchangeResponse chart_script();

    Database& database_;
    const Config& config_;
    const Clock& clock_;
    std::function<void()> before_use_;
    std::string chart_js_file_;
};

}  // namespace mentorbot
