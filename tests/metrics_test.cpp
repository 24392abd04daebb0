// The operator's endpoint: Prometheus figures that move as commands run, and /healthz.
#include <catch2/catch.hpp>

#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "bot/metrics.h"
#include "bot/metrics_server.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
namespace http = boost::beast::http;

namespace {

struct Scrape {
    unsigned status = 0;
    std::string body;
};

// A plain blocking HTTP GET against 127.0.0.1, from the test thread.
Scrape get(unsigned short port, const std::string& target) {
    boost::asio::io_context io;
    boost::beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, "127.0.0.1");
    http::write(stream, request);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    return {response.result_int(), response.body()};
}

// The value on the line that starts with `series` ("name{labels}"), or -1.
double series_value(const std::string& body, const std::string& series) {
    std::size_t at = body.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(body.substr(at + series.size() + 2));
}

// Runs the io_context on a thread while the test scrapes from its own.
struct RunningServer {
    boost::asio::io_context io;
    std::unique_ptr<MetricsServer> server;
    std::thread thread;
    RunningServer(std::function<void()> before_scrape, std::function<HealthReport()> health) {
        server = std::make_unique<MetricsServer>(io, "127.0.0.1:0", std::move(before_scrape), std::move(health));
        server->start();
        thread = std::thread([this] { io.run_for(std::chrono::seconds(60)); });
    }
    ~RunningServer() {
        boost::asio::post(io, [this] {
            server->stop();
            io.stop();
        });
        thread.join();
    }
};

}  // namespace

TEST_CASE("the metrics endpoint serves figures that move as the scenario runs", "[metrics]") {
    testing::TestChat chat;
    std::mutex database_lock;  // the scrape callback and the test share one connection
    RunningServer running(
        [&] {
            std::lock_guard lock(database_lock);
            chat.app().refresh_gauges();
        },
        [&] {
            std::lock_guard lock(database_lock);
            return chat.app().health();
        });
    std::string ok_series = "mentorbot_commands_total{command=\"profile set\",outcome=\"ok\"}";
    std::string error_series = "mentorbot_commands_total{command=\"profile set\",outcome=\"user_error\"}";

    Scrape before = get(running.server->port(), "/metrics");
    CHECK(before.status == 200);
    CHECK_THAT(before.body, Catch::Contains("# TYPE mentorbot_commands_total counter"));
    CHECK_THAT(before.body, Catch::Contains("# TYPE mentorbot_db_commit_seconds histogram"));
    double ok_before = std::max(0.0, series_value(before.body, ok_series));
    {
        std::lock_guard lock(database_lock);
        chat.run("ana", "/profile set level:3");
        chat.run("ana", "/profile set level:2");
        chat.run("ana", "/profile set level:99");
    }
    Scrape after = get(running.server->port(), "/metrics");
    CHECK(series_value(after.body, ok_series) == ok_before + 2);
    CHECK(series_value(after.body, error_series) >= 1);
    CHECK_THAT(after.body, Catch::Contains("mentorbot_db_commit_seconds_count"));
    CHECK(series_value(after.body, "mentorbot_outbox_pending") == 0);
    CHECK(series_value(after.body, "mentorbot_transport_up{transport=\"console\"}") == 1);
}

TEST_CASE("/healthz is 200 while transports are up and the database writable, 503 otherwise", "[metrics]") {
    testing::TestChat chat;
    std::mutex database_lock;
    RunningServer running([] {},
                          [&] {
                              std::lock_guard lock(database_lock);
                              return chat.app().health();
                          });
    Scrape healthy = get(running.server->port(), "/healthz");
    CHECK(healthy.status == 200);
    CHECK_THAT(healthy.body, Catch::Contains("database: writable"));
    {
        std::lock_guard lock(database_lock);
        chat.database().connection().setBusyTimeout(0);
    }
    // Another connection holds the write lock: the database is not writable now.
    SQLite::Database other(chat.database_path(), SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    Scrape locked = get(running.server->port(), "/healthz");
    CHECK(locked.status == 503);
    CHECK_THAT(locked.body, Catch::Contains("database: not writable"));
    other.exec("ROLLBACK");
    CHECK(get(running.server->port(), "/nowhere").status == 404);
}

TEST_CASE("a metrics address that cannot be served is a clear startup error", "[metrics]") {
    boost::asio::io_context io;
    CHECK_THROWS_WITH(MetricsServer(
                          io, "not-an-ip:9464", [] {}, [] { return HealthReport{}; }),
                      Catch::Contains("not an IP address"));
    MetricsServer first(
        io, "127.0.0.1:0", [] {}, [] { return HealthReport{}; });
    first.start();
    MetricsServer second(
        io, "127.0.0.1:" + std::to_string(first.port()), [] {}, [] { return HealthReport{}; });
    CHECK_THROWS_WITH(second.start(), Catch::Contains("cannot serve metrics on 127.0.0.1"));
}
