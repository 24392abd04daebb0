// Routes under /admin. Only hashes of links and sessions are stored; every page carries a strict CSP and no referrer.
#include "bot/dashboard/dashboard_site.h"

#include <charconv>
#include <map>

#include <spdlog/spdlog.h>

#include "bot/dashboard/dashboard_assets.h"
#include "bot/dashboard/dashboard_page.h"
#include "bot/dashboard/figure_formats.h"
#include "bot/dashboard/figure_tables.h"
#include "commands/dashboard_figures.h"
#include "commands/dashboard_link.h"
#include "domain/time_zones.h"
#include "storage/unit_of_work.h"
#include "util/html.h"
#include "util/secret_token.h"
#include "util/text_file.h"

namespace mentorbot {

namespace {

constexpr int default_weeks = 4;
constexpr int most_weeks = 104;

// "a=1&b=2" → {a: 1, b: 2}; values here are digits and hex, so no percent-decoding is needed
// (anything else simply does not match).
std::map<std::string, std::string> parse_pairs(std::string_view text, char separator) {
    std::map<std::string, std::string> pairs;
    while (!text.empty()) {
        std::size_t end = text.find(separator);
        std::string_view pair = text.substr(0, end);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        std::size_t equals = pair.find('=');
        if (equals != std::string_view::npos)
            pairs.emplace(std::string(pair.substr(0, equals)), std::string(pair.substr(equals + 1)));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return pairs;
}

HttpExchangeResponse respond(int status, std::string content_type, std::string body) {
    HttpExchangeResponse response{status, {}, std::move(body)};
    response.headers = {
        {"Content-Type", std::move(content_type)},
        // No inline script or style: the page's data is JSON the script reads, not code.
        {"Content-Security-Policy",
         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
         "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        // A sign-in link must not travel on in a Referer header.
        {"Referrer-Policy", "no-referrer"},
        {"X-Frame-Options", "DENY"},
        {"Cache-Control", "no-store"},
    };
    return response;
}

HttpExchangeResponse page(int status, const std::string& title, const std::string& body_html) {
    return respond(status, "text/html; charset=utf-8", notice_page(title, body_html));
}

HttpExchangeResponse redirect(const std::string& location) {
    HttpExchangeResponse response = respond(303, "text/plain; charset=utf-8", "see " + location + "\n");
    response.headers.emplace_back("Location", location);
    return response;
}

const std::string how_to_sign_in =
    "<p>The program dashboard is for program admins. To sign in, run <code>/coach dashboard</code> in chat: the bot "
    "sends you a one-time link by direct message. Open it in this browser within a few minutes; it works once.</p>";

std::optional<int> weeks_of(const std::map<std::string, std::string>& query) {
    auto found = query.find("weeks");
    if (found == query.end()) return default_weeks;
    int weeks = 0;
    auto [end, error] = std::from_chars(found->second.data(), found->second.data() + found->second.size(), weeks);
    if (error != std::errc() || end != found->second.data() + found->second.size() || weeks < 1 || weeks > most_weeks)
        return std::nullopt;
    return weeks;
}

}  // namespace

DashboardSite::DashboardSite(Database& database, const Config& config, const Clock& clock,
                             std::function<void()> before_use, std::string chart_js_file)
    : database_(database),
      config_(config),
      clock_(clock),
      before_use_(std::move(before_use)),
      chart_js_file_(chart_js_file.empty() ? std::string(chart_js_path) : std::move(chart_js_file)) {}

HttpExchangeResponse DashboardSite::handle(const HttpExchangeRequest& request) {
    const std::size_t question = request.target.find('?');
    const std::string path = request.target.substr(0, question);
    const std::string query = question == std::string::npos ? "" : request.target.substr(question + 1);
    const bool get = request.method == "GET" || request.method == "HEAD";
    try {
        if (get && path == "/admin/dashboard.css") return respond(200, "text/css; charset=utf-8", dashboard_css());
        if (get && path == "/admin/dashboard.js")
            return respond(200, "text/javascript; charset=utf-8", dashboard_script());
        if (get && path == "/admin/chart.js") return chart_script();
        if (before_use_) before_use_();
        Database::StatementScope statements(database_);
        if (path == dashboard_sign_in_path) {
            if (request.method == "POST") return sign_in(request.body);
            if (!get) return page(405, "Not allowed", "<p>Sign in with the link the bot sent you.</p>");
            auto token = parse_pairs(query, '&');
            if (token.count("token") == 0) return page(200, "Sign in to the program dashboard", how_to_sign_in);
            return sign_in_form(token["token"]);
        }
        if (path == "/admin/sign-out" && request.method == "POST") return sign_out(request.cookie);
        if (!get)
            return page(405, "Not allowed", "<p>The dashboard only shows figures; nothing here changes them.</p>");
        std::optional<DashboardOwner> owner = session_of(request.cookie);
        if (!owner) {
            if (path == "/admin" || path == "/admin/") return redirect(dashboard_sign_in_path);
            return respond(401, "text/plain; charset=utf-8",
                           "Sign in first: run /coach dashboard in chat and open the link it sends.\n");
        }
        return signed_in(path, query, *owner);
    } catch (const std::exception& error) {
        spdlog::error("dashboard: {} {} failed: {}", request.method, path, error.what());
        return page(500, "Something went wrong", "<p>The dashboard could not answer; the bot's log says why.</p>");
    }
}

HttpExchangeResponse DashboardSite::chart_script() {
    std::string script = read_text_file(chart_js_file_);
    if (script.empty()) {
        spdlog::warn("dashboard: cannot read {} (install Debian's libjs-chart.js); the tables still show every figure",
                     chart_js_file_);
        return respond(404, "text/plain; charset=utf-8", "Chart.js is not installed (libjs-chart.js)\n");
    }
    return respond(200, "text/javascript; charset=utf-8", std::move(script));
}

bool DashboardSite::still_admin(const DashboardOwner& owner) const {
    return owner.platform_admin || config_.is_admin(owner.member_id);
}

HttpExchangeResponse DashboardSite::sign_in_form(const std::string& token) {
    const LinkRedemption link = DashboardSignInStore(database_).check_link(sha256_hex(token), to_unix(clock_.now()));
    if (!link.owner) {
        const char* why = link.refusal == LinkRefusal::used      ? "This sign-in link was already used."
                          : link.refusal == LinkRefusal::expired ? "This sign-in link has expired."
                                                                 : "This sign-in link is not one the bot sent.";
        return page(403, "This link cannot sign you in", std::string("<p>") + why + "</p>" + how_to_sign_in);
    }
    if (!still_admin(*link.owner)) {
        return page(403, "This link cannot sign you in",
                    "<p>It belongs to someone who is not a program admin (any more).</p>");
    }
    // A button, not an automatic sign-in: a chat's link preview may open the link, and only
    // a person's click should use it up.
    return page(200, "Sign in to the program dashboard",
                "<form method=\"post\" action=\"" + std::string(dashboard_sign_in_path) +
                    "\"><input type=\"hidden\" name=\"token\" value=\"" + html_escape(token) +
                    "\"><p>This link signs you in once, in this browser.</p><button type=\"submit\">Sign in</button>"
                    "</form>");
}

HttpExchangeResponse DashboardSite::sign_in(const std::string& body) {
    auto fields = parse_pairs(body, '&');
    const long long now = to_unix(clock_.now());
    UnitOfWork transaction = UnitOfWork::transaction(database_, UnitOfWork::Lock::immediate);
    DashboardSignInStore store(database_);
    // Expired a day ago: gone; more recent ones stay, so an expired link is named as such.
    store.prune(now - 24 * 3600);
    const LinkRedemption link = store.redeem_link(sha256_hex(fields["token"]), now);
    if (!link.owner) {
        transaction.commit();
        const char* why = link.refusal == LinkRefusal::used      ? "This sign-in link was already used."
                          : link.refusal == LinkRefusal::expired ? "This sign-in link has expired."
                                                                 : "This sign-in link is not one the bot sent.";
        return page(403, "This link cannot sign you in", std::string("<p>") + why + "</p>" + how_to_sign_in);
    }
    if (!still_admin(*link.owner)) {
        transaction.commit();
        return page(403, "This link cannot sign you in",
                    "<p>It belongs to someone who is not a program admin (any more).</p>");
    }
    store.forget_token_text(fields["token"]);
    const std::string session = random_token();
    const long long lifetime =
        std::chrono::duration_cast<std::chrono::seconds>(config_.dashboard.session_lifetime).count();
    store.add_session(sha256_hex(session), *link.owner, now, now + lifetime);
    transaction.commit();
    spdlog::info("dashboard: {} signed in", link.owner->member_id);
    HttpExchangeResponse response = redirect("/admin");
    const bool secure = config_.dashboard_url().starts_with("https://");
    response.headers.emplace_back("Set-Cookie", std::string(cookie_name) + "=" + session +
                                                    "; Path=/admin; Max-Age=" + std::to_string(lifetime) +
                                                    "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
    return response;
}

HttpExchangeResponse DashboardSite::sign_out(const std::string& cookie) {
    auto cookies = parse_pairs(cookie, ';');
    if (auto found = cookies.find(cookie_name); found != cookies.end()) {
        UnitOfWork transaction = UnitOfWork::transaction(database_, UnitOfWork::Lock::immediate);
        DashboardSignInStore(database_).remove_session(sha256_hex(found->second));
        transaction.commit();
    }
    HttpExchangeResponse response = page(200, "Signed out",
                                         "<p>You are signed out of the program dashboard.</p>" + how_to_sign_in);
    response.headers.emplace_back("Set-Cookie",
                                  std::string(cookie_name) + "=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Strict");
    return response;
}

std::optional<DashboardOwner> DashboardSite::session_of(const std::string& cookie) {
    auto cookies = parse_pairs(cookie, ';');
    auto found = cookies.find(cookie_name);
    if (found == cookies.end() || found->second.empty()) return std::nullopt;
    auto owner = DashboardSignInStore(database_).find_session(sha256_hex(found->second), to_unix(clock_.now()));
    if (!owner || !still_admin(*owner)) return std::nullopt;
    return owner;
}

HttpExchangeResponse DashboardSite::signed_in(const std::string& path, const std::string& query,
                                              const DashboardOwner& owner) {
    const std::optional<int> weeks = weeks_of(parse_pairs(query, '&'));
    if (!weeks) {
        return page(400, "Not a period the dashboard shows",
                    "<p>weeks must be a whole number from 1 to " + std::to_string(most_weeks) +
                        ", e.g. <a href=\"/admin?weeks=12\">12 weeks</a>.</p>");
    }
    std::vector<FigureTable> tables;
    {
        // One read snapshot for every figure; nothing is written, so it simply ends.
        UnitOfWork snapshot = UnitOfWork::transaction(database_, UnitOfWork::Lock::deferred);
        tables = figure_tables(compute_dashboard_figures(database_, config_, clock_.now(), *weeks, owner.tenant));
    }
    if (path == "/admin" || path == "/admin/") {
        DashboardPageOptions options;
        options.tenant = owner.tenant;
        options.generated_at = format_in_zone(clock_.now(), "UTC");
        return respond(200, "text/html; charset=utf-8", dashboard_page(tables, *weeks, options));
    }
    if (path == "/admin/api" || path == "/admin/api/")
        return respond(200, "application/json", figures_json(tables, *weeks));
    for (const std::string prefix : {"/admin/api/", "/admin/csv/"}) {
        if (!path.starts_with(prefix)) continue;
        const std::string id = path.substr(prefix.size());
        for (const FigureTable& table : tables) {
            if (table.id != id) continue;
            if (prefix == "/admin/api/") return respond(200, "application/json", figure_json(table, *weeks));
            HttpExchangeResponse csv = respond(200, "text/csv; charset=utf-8", figure_csv(table));
            csv.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + id + ".csv\"");
            return csv;
        }
    }
    return respond(404, "text/plain; charset=utf-8",
                   "No such page. The figures are at /admin/api/<figure> and /admin/csv/<figure>; /admin/api lists "
                   "them all.\n");
}

}  // namespace mentorbot
