// The operator's endpoint: Prometheus figures that move as commands run, and /healthz.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/time.h>

#include <filesystem>
#include <sstream>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "bot/metrics.h"
#include "bot/metrics_server.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"
#include "tests/support/wait_until.h"

using namespace mentorbot;
using mentorbot::testing::has;
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
    RunningServer(std::function<void()> before_scrape, std::function<HealthReport()> health,
                  MetricsServerOptions options = {}) {
        server = std::make_unique<MetricsServer>(io, "127.0.0.1:0", std::move(before_scrape), std::move(health),
                                                 std::move(options));
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

TEST_CASE("each set of labels is its own series, its values escaped as the text format asks", "[metrics]") {
    Metrics figures;
    figures.add(metric::commands, {{"command", "say \"hi\" \\ now\nplease"}, {"outcome", "ok"}});
    figures.add(metric::commands, {{"command", "say \"hi\" \\ now\nplease"}, {"outcome", "ok"}}, 2);
    figures.add(metric::commands, {{"command", "say"}, {"outcome", "ok"}});
    figures.set(metric::outbox_pending, {}, 7);
    figures.observe(metric::response_seconds, {{"transport", "slack"}}, 0.003);
    CHECK(figures.value(metric::commands, {{"command", "say \"hi\" \\ now\nplease"}, {"outcome", "ok"}}) == 3);
    CHECK(figures.value(metric::commands, {{"command", "say"}, {"outcome", "ok"}}) == 1);
    CHECK(figures.value(metric::commands, {{"command", "say"}, {"outcome", "user_error"}}) == 0);
    CHECK(figures.observations(metric::response_seconds, {{"transport", "slack"}}) == 1);
    CHECK(figures.observations(metric::response_seconds, {{"transport", "discord"}}) == 0);
    const std::string text = figures.render();
    CHECK(has(text, "mentorbot_commands_total{command=\"say \\\"hi\\\" \\\\ now\\nplease\",outcome=\"ok\"} 3\n"));
    CHECK(has(text, "mentorbot_commands_total{command=\"say\",outcome=\"ok\"} 1\n"));
    CHECK(has(text, "mentorbot_outbox_pending 7\n"));
    CHECK(has(text, "mentorbot_response_seconds_bucket{transport=\"slack\",le=\"0.005\"} 1\n"));
    CHECK(has(text, "mentorbot_response_seconds_count{transport=\"slack\"} 1\n"));
}

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
    // The file is moved away under the running bot: what it writes would be lost.
    std::string moved = chat.database_path() + ".moved";
    std::filesystem::rename(chat.database_path(), moved);
    Scrape gone = get(running.server->port(), "/healthz");
    std::filesystem::rename(moved, chat.database_path());
    CHECK(gone.status == 503);
    CHECK_THAT(gone.body, Catch::Contains("database: not writable") && Catch::Contains("is gone"));
    CHECK(get(running.server->port(), "/healthz").status == 200);
    CHECK(get(running.server->port(), "/nowhere").status == 404);
}

TEST_CASE("/healthz answers 200 while another connection holds the write lock", "[metrics]") {
    testing::TestChat chat;
    std::mutex database_lock;
    RunningServer running([] {},
                          [&] {
                              std::lock_guard lock(database_lock);
                              return chat.app().health();
                          });
    {
        // Were the check to wait for the write lock, it would give up and say 503.
        std::lock_guard lock(database_lock);
        chat.database().connection().setBusyTimeout(0);
    }
    // A long write elsewhere (an import, a second process) holds the write lock.
    SQLite::Database other(chat.database_path(), SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    other.exec("UPDATE members SET display_name = display_name");
    Scrape during = get(running.server->port(), "/healthz");
    CHECK(during.status == 200);
    CHECK_THAT(during.body, Catch::Contains("database: writable"));
    // And a probe never held the writer up: it can still commit.
    other.exec("COMMIT");
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

namespace {

// A blocking client connection to 127.0.0.1 whose reads give up after 10 s, so a test
// waits for the server's answer (or hang-up) itself, never for a fixed time.
struct Connection {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket{io};

    explicit Connection(unsigned short port) {
        socket.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
        timeval limit{10, 0};
        ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    }

    // Whether the server hung up without a word (end of stream or reset).
    bool closed_by_server() {
        char byte = 0;
        boost::system::error_code error;
        std::size_t got = socket.read_some(boost::asio::buffer(&byte, 1), error);
        return got == 0 && (error == boost::asio::error::eof || error == boost::asio::error::connection_reset);
    }

    // One GET on this connection; 0 when it failed.
    unsigned get(const std::string& target, const std::string& authorization = "") {
        http::request<http::empty_body> request{http::verb::get, target, 11};
        request.set(http::field::host, "127.0.0.1");
        if (!authorization.empty()) request.set(http::field::authorization, authorization);
        boost::system::error_code error;
        http::write(socket, request, error);
        if (error) return 0;
        boost::beast::flat_buffer buffer;
        http::response<http::string_body> response;
        http::read(socket, buffer, response, error);
        return error ? 0 : response.result_int();
    }
};

// Everything the default logger writes while it lives, for checking what an operator reads.
struct CapturedLog {
    std::ostringstream text;
    std::shared_ptr<spdlog::logger> previous = spdlog::default_logger();
    CapturedLog() {
        auto logger = std::make_shared<spdlog::logger>("captured",
                                                       std::make_shared<spdlog::sinks::ostream_sink_mt>(text));
        logger->set_level(spdlog::level::info);
        spdlog::set_default_logger(logger);
    }
    ~CapturedLog() { spdlog::set_default_logger(previous); }
    std::string str() {
        spdlog::default_logger()->flush();
        return text.str();
    }
};

}  // namespace

TEST_CASE("connections over the metrics endpoint's cap are closed while earlier ones are served", "[metrics]") {
    RunningServer running([] {},
                          [] {
                              return HealthReport{true, "database: writable\n"};
                          },
                          MetricsServerOptions{.max_connections = 2});
    const unsigned short port = running.server->port();
    auto first = std::make_unique<Connection>(port);
    Connection second(port);
    // The server accepts in arrival order: by the time it takes the third, two are open.
    Connection third(port);
    CHECK(third.closed_by_server());
    CHECK(first->get("/healthz") == 200);
    CHECK(second.get("/metrics") == 200);
    CHECK(second.get("/healthz") == 200);  // still open: kept alive between requests

    // Once one hangs up its place is free again (the server notices the hang-up on its
    // own time, so a new connection may be turned away a few times first).
    first.reset();
    CHECK(testing::wait_until([&] { return Connection(port).get("/healthz") == 200; }, std::chrono::seconds(10)));
}

TEST_CASE("/metrics can ask for a bearer token from the environment while /healthz stays open", "[metrics]") {
    RunningServer running([] {}, [] { return HealthReport{}; },
                          MetricsServerOptions{.bearer_token = "test-metrics-token-7f3a"});
    const unsigned short port = running.server->port();
    CHECK(Connection(port).get("/metrics") == 401);
    CHECK(Connection(port).get("/metrics", "Bearer wrong-token") == 401);
    CHECK(Connection(port).get("/metrics", "Bearer test-metrics-token-7f3a-and-more") == 401);
    CHECK(Connection(port).get("/metrics", "test-metrics-token-7f3a") == 401);
    CHECK(Connection(port).get("/metrics", "Bearer test-metrics-token-7f3a") == 200);
    CHECK(Connection(port).get("/healthz") == 200);
}

TEST_CASE("a metrics endpoint reachable from other machines is a warning in the log", "[metrics]") {
    CapturedLog log;
    boost::asio::io_context io;
    {
        MetricsServer local(
            io, "127.0.0.1:0", [] {}, [] { return HealthReport{}; });
        local.start();
    }
    CHECK_THAT(log.str(), !Catch::Contains("other machines"));
    {
        // Bound and closed again without a single connection: nothing is served.
        MetricsServer exposed(
            io, "0.0.0.0:0", [] {}, [] { return HealthReport{}; });
        exposed.start();
    }
    CHECK_THAT(log.str(), Catch::Contains("metrics endpoint listens on 0.0.0.0:") &&
                              Catch::Contains("which other machines can reach") &&
                              Catch::Contains("no authentication"));
}

TEST_CASE("after accept fails the metrics endpoint pauses longer each time and logs once per interval", "[metrics]") {
    using namespace std::chrono_literals;
    AcceptBackoff backoff;
    const auto start = AcceptBackoff::Clock::time_point{} + 1h;
    std::vector<long long> pauses;
    int logged = 0;
    // A burst of failures (out of descriptors) within one interval: one log line.
    for (int i = 0; i < 1000; ++i) {
        AcceptBackoff::Decision decision = backoff.failed(start + std::chrono::milliseconds(i));
        pauses.push_back(decision.pause.count());
        if (decision.log) ++logged;
    }
    CHECK(logged == 1);
    CHECK(std::vector<long long>(pauses.begin(), pauses.begin() + 6) ==
          std::vector<long long>{50, 100, 200, 400, 800, 1000});
    CHECK(*std::min_element(pauses.begin(), pauses.end()) == 50);
    CHECK(*std::max_element(pauses.begin(), pauses.end()) == 1000);
    // An interval later it says how many it kept quiet about.
    AcceptBackoff::Decision later = backoff.failed(start + AcceptBackoff::log_interval + 1s);
    CHECK(later.log);
    CHECK(later.suppressed == 999);
    // An accept that works makes the next pause short again, but not the log louder.
    backoff.succeeded();
    AcceptBackoff::Decision again = backoff.failed(start + AcceptBackoff::log_interval + 2s);
    CHECK(again.pause.count() == 50);
    CHECK_FALSE(again.log);
}

// The sanitizer runtime probes memory through a pipe of its own; with every descriptor
// taken it cannot, and reports a false error. So this test exists in the Debug build only;
// the backoff's decisions are tested above in every build.
#ifndef MENTORBOT_SANITIZED_BUILD
namespace {

// In a child process (its descriptor limit is its own): a metrics endpoint that has no
// descriptor left when a connection arrives. Exits 0 when accept failed and was logged
// exactly once, 2 when it never failed, 3 when it logged more than once.
[[noreturn]] void run_out_of_descriptors() {
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = std::min<rlim_t>(limit.rlim_cur, 128);
    ::setrlimit(RLIMIT_NOFILE, &limit);
    int result = 2;
    {
        CapturedLog log;
        boost::asio::io_context io;
        MetricsServer server(
            io, "127.0.0.1:0", [] {}, [] { return HealthReport{}; });
        server.start();
        const unsigned short port = server.port();
        std::vector<int> filler;
        for (int fd; (fd = ::dup(STDERR_FILENO)) >= 0;) filler.push_back(fd);
        ::close(filler.back());  // exactly one left, for the client's socket
        filler.pop_back();
        int client = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        // The kernel completes the connection; the server then has no descriptor to accept it with.
        ::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address);
        auto failures = [&] {
            std::string text = log.str();
            std::size_t count = 0;
            for (std::size_t at = text.find("accept failed"); at != std::string::npos;
                 at = text.find("accept failed", at + 1))
                ++count;
            return count;
        };
        // Wait for the first failure itself (bounded), then let the loop run on: without a
        // pause it would fail and log thousands of times in this half second.
        for (int round = 0; round < 100 && failures() == 0; ++round) io.run_for(std::chrono::milliseconds(50));
        if (failures() > 0) {
            io.run_for(std::chrono::milliseconds(500));
            result = failures() == 1 ? 0 : 3;
        }
        server.stop();
    }
    ::_exit(result);
}

}  // namespace

TEST_CASE("out of file descriptors the metrics endpoint neither spins nor floods the log", "[metrics]") {
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) run_out_of_descriptors();
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    INFO("0: one line; 2: accept never failed; 3: logged more than once");
    CHECK(WEXITSTATUS(status) == 0);
}
#endif
