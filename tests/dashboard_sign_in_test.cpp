// The dashboard over real HTTP on 127.0.0.1: one-time links, the session cookie, refusals, the pages and their headers.
#include <catch2/catch.hpp>

#include <regex>

#include "bot/dashboard/dashboard_listener.h"
#include "tests/support/dashboard_scenario.h"
#include "tests/support/http_client.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

Config dashboard_config() {
    Config config = default_config();
    config.dashboard.enabled = true;
    config.dashboard.public_url = "http://127.0.0.1:1";  // the tests read the token, not the port
    return config;
}

// The token in the link the bot sent `who` last.
std::string token_sent_to(TestChat& chat, const std::string& who) {
    static const std::regex link(R"(http://127\.0\.0\.1:1/admin/sign-in\?token=([0-9a-f]{64}))");
    std::string token;
    for (const Message& message : chat.messages_for(who)) {
        std::smatch match;
        if (std::regex_search(message.text, match, link)) token = match[1].str();
    }
    return token;
}

// "mentorbot_admin=…" from a Set-Cookie header.
std::string session_cookie(const HttpReply& reply) {
    std::string set_cookie = reply.header("set-cookie");
    return set_cookie.substr(0, set_cookie.find(';'));
}

struct DashboardFixture {
    TestChat chat{true, dashboard_config()};
    DashboardListener listener{chat.database_path(), chat.app().config(), chat.clock(), "127.0.0.1:0"};
    DashboardFixture() {
        load_dashboard_scenario(chat);
        chat.take_deliveries();
        listener.start();
    }
    unsigned short port() const { return listener.port(); }
    HttpReply http_get(const std::string& target) { return http_request(port(), "GET", target); }
    // Signs olivia in and returns her session cookie.
    std::string sign_in() {
        chat.run("olivia", "/coach dashboard");
        HttpReply signed_in = http_request(port(), "POST", "/admin/sign-in", {},
                                           "token=" + token_sent_to(chat, "olivia"));
        REQUIRE(signed_in.status == 303);
        return session_cookie(signed_in);
    }
};

}  // namespace

TEST_CASE("an admin signs in to the dashboard with the link the bot sends once", "[dashboard][http]") {
    DashboardFixture fixture;
    const Reply reply = fixture.chat.run("olivia", "/coach dashboard");
    REQUIRE(contains(reply.response.text, "sent you a sign-in link"));
    const std::string token = token_sent_to(fixture.chat, "olivia");
    REQUIRE(token.size() == 64);
    // Only a hash is stored.
    auto& stored = fixture.chat.database().prepare("SELECT COUNT(*) FROM dashboard_links WHERE token_hash = ?");
    stored.bind(1, token);
    REQUIRE(stored.executeStep());
    REQUIRE(stored.getColumn(0).getInt() == 0);
    stored.reset();

    // Opening the link shows a button: a link preview alone does not use it up.
    HttpReply form = fixture.http_get("/admin/sign-in?token=" + token);
    REQUIRE(form.status == 200);
    REQUIRE(contains(form.body, "<button type=\"submit\">Sign in</button>"));
    REQUIRE(form.header("referrer-policy") == "no-referrer");

    HttpReply signed_in = http_request(fixture.port(), "POST", "/admin/sign-in", {}, "token=" + token);
    REQUIRE(signed_in.status == 303);
    REQUIRE(signed_in.header("location") == "/admin");
    const std::string set_cookie = signed_in.header("set-cookie");
    REQUIRE(contains(set_cookie, "HttpOnly"));
    REQUIRE(contains(set_cookie, "SameSite=Strict"));
    REQUIRE(contains(set_cookie, "Path=/admin"));

    HttpReply dashboard = http_request(fixture.port(), "GET", "/admin", session_cookie(signed_in));
    REQUIRE(dashboard.status == 200);
    REQUIRE(contains(dashboard.body, "<h1>Program dashboard</h1>"));
    REQUIRE(contains(dashboard.header("content-security-policy"), "script-src 'self'"));
    REQUIRE(dashboard.header("x-content-type-options") == "nosniff");

    // The used token is gone from the direct message that carried it, too.
    auto& copies = fixture.chat.database().prepare("SELECT COUNT(*) FROM outbox WHERE instr(message, ?) > 0");
    copies.bind(1, token);
    REQUIRE(copies.executeStep());
    REQUIRE(copies.getColumn(0).getInt() == 0);
    copies.reset();

    // The same link again is refused, in the browser and by a second click.
    REQUIRE(fixture.http_get("/admin/sign-in?token=" + token).status == 403);
    HttpReply again = http_request(fixture.port(), "POST", "/admin/sign-in", {}, "token=" + token);
    REQUIRE(again.status == 403);
    REQUIRE(contains(again.body, "already used"));
}

TEST_CASE("dashboard links expire and sessions end after their lifetime", "[dashboard][http]") {
    DashboardFixture fixture;
    fixture.chat.run("olivia", "/coach dashboard");
    const std::string late = token_sent_to(fixture.chat, "olivia");
    fixture.chat.clock().advance(std::chrono::minutes(11));
    HttpReply expired = http_request(fixture.port(), "POST", "/admin/sign-in", {}, "token=" + late);
    REQUIRE(expired.status == 403);
    REQUIRE(contains(expired.body, "expired"));

    const std::string cookie = fixture.sign_in();
    REQUIRE(http_request(fixture.port(), "GET", "/admin", cookie).status == 200);
    fixture.chat.clock().advance(std::chrono::hours(8));
    HttpReply ended = http_request(fixture.port(), "GET", "/admin", cookie);
    REQUIRE(ended.status == 303);
    REQUIRE(ended.header("location") == "/admin/sign-in");
}

TEST_CASE("non-admins get no dashboard link and unknown or forged sessions see the sign-in page", "[dashboard][http]") {
    DashboardFixture fixture;
    const Reply refused = fixture.chat.run("ana", "/coach dashboard");
    REQUIRE(contains(refused.response.text, "for program admins only"));
    REQUIRE(token_sent_to(fixture.chat, "ana").empty());

    HttpReply anonymous = fixture.http_get("/admin");
    REQUIRE(anonymous.status == 303);
    REQUIRE(anonymous.header("location") == "/admin/sign-in");
    HttpReply help = fixture.http_get("/admin/sign-in");
    REQUIRE(help.status == 200);
    REQUIRE(contains(help.body, "/coach dashboard"));
    REQUIRE(http_request(fixture.port(), "GET", "/admin", "mentorbot_admin=" + std::string(64, 'a')).status == 303);
    REQUIRE(fixture.http_get("/admin/api/requests").status == 401);
    REQUIRE(fixture.http_get("/admin/csv/requests").status == 401);
    REQUIRE(http_request(fixture.port(), "POST", "/admin/sign-in", {}, "token=" + std::string(64, 'b')).status == 403);
}

TEST_CASE("a link of someone who is no longer an admin signs nobody in", "[dashboard][http]") {
    // Olivia's link was sent while she was an admin; the bot restarted without her on the list.
    Config without_olivia = dashboard_config();
    without_olivia.admins = {"console:local:ben"};
    TestChat chat{true, dashboard_config()};
    chat.run("olivia", "/coach dashboard");
    const std::string token = token_sent_to(chat, "olivia");
    DashboardListener listener{chat.database_path(), without_olivia, chat.clock(), "127.0.0.1:0"};
    listener.start();
    HttpReply refused = http_request(listener.port(), "POST", "/admin/sign-in", {}, "token=" + token);
    REQUIRE(refused.status == 403);
    REQUIRE(contains(refused.body, "not a program admin"));
}

TEST_CASE("the dashboard pages JSON and CSV show the scenario's figures safely", "[dashboard][http]") {
    DashboardFixture fixture;
    const std::string cookie = fixture.sign_in();
    HttpReply page = http_request(fixture.port(), "GET", "/admin?weeks=4", cookie);
    REQUIRE(page.status == 200);
    for (const char* id : {"requests", "match-rate", "time-to-accept", "outcomes", "ratings", "goals", "unmet",
                           "mentor-load", "mixing", "pod-attendance", "quiet-pods", "announcements", "waiting"}) {
        CAPTURE(id);
        REQUIRE(contains(page.body, "<section id=\"" + std::string(id) + "\""));
        REQUIRE(http_request(fixture.port(), "GET", "/admin/api/" + std::string(id), cookie).status == 200);
    }
    REQUIRE(contains(page.body, "<script src=\"/admin/chart.js\"></script>"));
    REQUIRE_FALSE(contains(page.body, "<script>"));  // no inline script: the CSP forbids it
    REQUIRE(contains(page.body, "<th scope=\"row\">rust</th>"));

    HttpReply json = http_request(fixture.port(), "GET", "/admin/api/match-rate?weeks=4", cookie);
    REQUIRE(json.header("content-type") == "application/json");
    REQUIRE(contains(json.body, "[\"All weeks\",7,4,57.1]"));
    HttpReply csv = http_request(fixture.port(), "GET", "/admin/csv/requests?weeks=4", cookie);
    REQUIRE(contains(csv.header("content-disposition"), "attachment; filename=\"requests.csv\""));
    REQUIRE(contains(csv.body, "All weeks,5,1,0,1,0,0,0,7\r\n"));
    REQUIRE(http_request(fixture.port(), "GET", "/admin?weeks=0", cookie).status == 400);
    REQUIRE(http_request(fixture.port(), "GET", "/admin/api/nothing", cookie).status == 404);
}

TEST_CASE("member-provided text is escaped in the page and neutralised in the CSV", "[dashboard][http]") {
    DashboardFixture fixture;
    fixture.chat.run("hugo", "/flash request topic:\"=cmd|' /C calc'!A0\"");
    fixture.chat.run("hugo", "/flash request topic:\"<script>alert(1)</script>\"");
    const std::string cookie = fixture.sign_in();
    HttpReply page = http_request(fixture.port(), "GET", "/admin", cookie);
    REQUIRE_FALSE(contains(page.body, "<script>alert(1)"));
    REQUIRE(contains(page.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    HttpReply csv = http_request(fixture.port(), "GET", "/admin/csv/unmet", cookie);
    INFO(csv.body);
    REQUIRE(contains(csv.body, "'=cmd|"));
}
