// The shared network layer against a local fake server: URL policy, TLS trust, keep-alive, WebSocket lifecycle.
#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <optional>

#include "bot/net/http_client.h"
#include "bot/net/tls.h"
#include "util/url.h"
#include "bot/net/websocket_client.h"
#include "tests/support/fake_server.h"
#include "tests/support/temp_directory.h"

using namespace mentorbot;
using namespace mentorbot::testing;
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

// Answers GET /hello with "hi", and echoes WebSocket text prefixed with "echo:".
class EchoServer : public FakeServer {
public:
    using FakeServer::FakeServer;
    std::vector<std::shared_ptr<ServerWebSocket>> sockets;

protected:
    asio::awaitable<ServerResponse> handle_http(ServerRequest request) override {
        if (request.target() == "/host")
            co_return make_response(request, 200, std::string(request[boost::beast::http::field::host]), "text/plain");
        co_return make_response(request, 200, "hi:" + std::string(request.target()), "text/plain");
    }
    void on_websocket(std::shared_ptr<ServerWebSocket> socket, const ServerRequest&) override {
        sockets.push_back(socket);
        asio::co_spawn(io(), socket->read_messages([socket](std::string text) { socket->send("echo:" + text); }),
                       asio::detached);
    }
};

struct NetFixture {
    asio::io_context io;
    TempDirectory dir;
    TestCertificates certificates = TestCertificates::generate();
    TrustedCaFile trusted{certificates.write_ca_file(dir.path())};
};

template <typename T>
std::optional<T> run_task(asio::io_context& io, asio::awaitable<T> task, std::string& error,
                          std::chrono::milliseconds timeout = 10s) {
    std::optional<T> result;
    bool finished = false;
    asio::co_spawn(io, std::move(task), [&](std::exception_ptr failure, T value) {
        finished = true;
        if (failure) {
            try {
                std::rethrow_exception(failure);
            } catch (const std::exception& e) {
                error = e.what();
            }
        } else {
            result = std::move(value);
        }
    });
    run_until(
        io, [&] { return finished; }, timeout);
    return result;
}

}  // namespace

TEST_CASE("plain http and ws are refused unless the host is loopback", "[net]") {
    CHECK(net::parse_endpoint("http://127.0.0.1:8080/api/").target == "/api/");
    CHECK_FALSE(net::parse_endpoint("ws://127.0.0.1:9/link/?ticket=a%20b").secure);
    CHECK(net::parse_endpoint("ws://127.0.0.1:9/link/?ticket=a%20b").target == "/link/?ticket=a%20b");
    CHECK(net::parse_endpoint("http://[::1]:8/").host == "::1");
    CHECK_THROWS_WITH(net::parse_endpoint("http://slack.example/api/"), Catch::Contains("only allowed for loopback"));
    CHECK_THROWS(net::parse_endpoint("ws://10.0.0.1/link"));
    CHECK_THROWS(net::parse_endpoint("ftp://127.0.0.1/"));
    auto endpoint = net::parse_endpoint("wss://wss-primary.example/link/?ticket=abc&app_id=A1");
    CHECK(endpoint.secure);
    CHECK(endpoint.port == "443");
    CHECK(endpoint.target == "/link/?ticket=abc&app_id=A1");
    CHECK(net::resolve_endpoint("https://api.example/api/", "chat.postMessage").target == "/api/chat.postMessage");
}

TEST_CASE("only a literal loopback address may use plain http and the host and port are read exactly", "[net]") {
    // A name is whatever the resolver makes of it, localhost included.
    CHECK_THROWS_WITH(net::parse_endpoint("http://localhost:18777/"), Catch::Contains("only allowed for loopback"));
    CHECK(net::parse_endpoint("http://127.0.0.2:18777/").port == "18777");
    CHECK_THROWS_WITH(net::parse_endpoint("http://127.0.0.1.evil.com:18777/"), Catch::Contains("cannot read the host"));
    CHECK_THROWS_WITH(net::parse_endpoint("https://127.0.0.1.evil.com:18777/api/"),
                      Catch::Contains("cannot read the host"));
    CHECK_THROWS(net::resolve_endpoint("http://127.0.0.1.evil.com:18777/api/", "chat.postMessage"));
    const auto endpoint = net::parse_endpoint("http://127.0.0.1:18777/api/");
    CHECK(endpoint.host == "127.0.0.1");
    CHECK(endpoint.port == "18777");
    CHECK(endpoint.host_header() == "127.0.0.1:18777");
    CHECK(net::parse_endpoint("https://slack.example/api/").host_header() == "slack.example");
    CHECK(net::parse_endpoint("https://slack.example:8443/").host_header() == "slack.example:8443");
    CHECK(net::parse_endpoint("http://[::1]:8/").host_header() == "[::1]:8");
}

TEST_CASE("HTTPS requests reuse one verified connection", "[net]") {
    NetFixture fixture;
    EchoServer server(fixture.io, fixture.certificates);
    server.start();
    net::HttpClient client(fixture.io.get_executor(), net::make_client_tls_context(),
                           net::parse_endpoint(server.http_url("/")));
    std::string error;
    auto exchange = [&]() -> asio::awaitable<std::vector<std::string>> {
        std::vector<std::string> bodies;
        for (int i = 0; i < 3; ++i) {
            net::HttpRequest request;
            request.method = "GET";
            request.target = "/hello/" + std::to_string(i);
            bodies.push_back((co_await client.send(request)).body);
        }
        co_return bodies;
    };
    auto bodies = run_task(fixture.io, exchange(), error);
    REQUIRE(bodies);
    CHECK(*bodies == std::vector<std::string>{"hi:/hello/0", "hi:/hello/1", "hi:/hello/2"});
    CHECK(server.connections_accepted() == 1);
}

TEST_CASE("the Host header names the port when it is not the scheme's default", "[net]") {
    NetFixture fixture;
    EchoServer server(fixture.io, fixture.certificates);
    server.start();
    std::string error;
    const std::string url = server.http_url("/host");
    auto result = run_task(fixture.io, net::send_once(net::make_client_tls_context(), url, {}), error);
    INFO(error);
    REQUIRE(result);
    CHECK(result->body == net::parse_endpoint(url).host + ":" + net::parse_endpoint(url).port);
    CHECK(result->body != net::parse_endpoint(url).host);
}

TEST_CASE("a certificate from an unknown CA is refused", "[net]") {
    NetFixture fixture;
    auto stranger = TestCertificates::generate("some other CA");
    EchoServer server(fixture.io, stranger);
    server.start();
    std::string error;
    auto result = run_task(fixture.io, net::send_once(net::make_client_tls_context(), server.http_url("/x"), {}),
                           error);
    CHECK_FALSE(result);
    CHECK_THAT(error, Catch::Contains("certificate verify failed"));
}

TEST_CASE("WebSocket over TLS carries text both ways and the client pings", "[net]") {
    NetFixture fixture;
    EchoServer server(fixture.io, fixture.certificates);
    server.start();
    net::WebSocketOptions options;
    options.ping_interval = 50ms;
    auto socket = net::WebSocketClient::create(fixture.io.get_executor(), net::make_client_tls_context(), options);
    std::string error;
    REQUIRE(run_task(
        fixture.io,
        [&]() -> asio::awaitable<bool> {
            const auto endpoint = net::parse_endpoint(server.websocket_url("/link/?ticket=1"));
            co_await socket->connect(endpoint);
            co_return true;
        }(),
        error));
    std::vector<std::string> received;
    std::optional<net::WebSocketEndInfo> end;
    asio::co_spawn(fixture.io, socket->run([&](std::string text) { received.push_back(text); }),
                   [&](std::exception_ptr, net::WebSocketEndInfo info) { end = info; });
    socket->send("one");
    socket->send("two");
    REQUIRE(run_until(fixture.io, [&] { return received.size() == 2; }));
    CHECK(received == std::vector<std::string>{"echo:one", "echo:two"});
    REQUIRE(run_until(fixture.io, [&] { return !server.sockets.empty() && server.sockets[0]->pings_received() >= 2; }));

    asio::co_spawn(fixture.io, socket->close(), asio::detached);
    REQUIRE(run_until(fixture.io, [&] { return end.has_value(); }));
    CHECK(end->kind == net::WebSocketEnd::closed_by_us);
}

TEST_CASE("plain ws works on loopback", "[net]") {
    NetFixture fixture;
    EchoServer server(fixture.io, fixture.certificates, /*use_tls=*/false);
    server.start();
    auto socket = net::WebSocketClient::create(fixture.io.get_executor(), net::make_client_tls_context());
    std::string error;
    REQUIRE(run_task(
        fixture.io,
        [&]() -> asio::awaitable<bool> {
            const auto endpoint = net::parse_endpoint(server.websocket_url("/"));
            co_await socket->connect(endpoint);
            co_return true;
        }(),
        error));
    std::string received;
    asio::co_spawn(fixture.io, socket->run([&](std::string text) { received = text; }), asio::detached);
    socket->send("plain");
    REQUIRE(run_until(fixture.io, [&] { return !received.empty(); }));
    CHECK(received == "echo:plain");
    socket->terminate();
    run_for(fixture.io, 20ms);
}

TEST_CASE("a silent peer is detected, and a close it ignores is cut after the close timeout", "[net]") {
    NetFixture fixture;
    EchoServer server(fixture.io, fixture.certificates);
    server.start();
    net::WebSocketOptions options;
    options.ping_interval = 50ms;
    options.pong_timeout = 300ms;
    options.close_timeout = 1s;
    std::string error;

    SECTION("no pongs: run() ends as unresponsive") {
        auto socket = net::WebSocketClient::create(fixture.io.get_executor(), net::make_client_tls_context(), options);
        REQUIRE(run_task(
            fixture.io,
            [&]() -> asio::awaitable<bool> {
                const auto endpoint = net::parse_endpoint(server.websocket_url("/"));
                co_await socket->connect(endpoint);
                co_return true;
            }(),
            error));
        std::optional<net::WebSocketEndInfo> end;
        asio::co_spawn(fixture.io, socket->run([](std::string) {}),
                       [&](std::exception_ptr, net::WebSocketEndInfo info) { end = info; });
        REQUIRE(run_until(fixture.io, [&] { return !server.sockets.empty(); }));
        server.sockets[0]->freeze();
        const auto frozen_at = std::chrono::steady_clock::now();
        REQUIRE(run_until(
            fixture.io, [&] { return end.has_value(); }, 3s));
        CHECK(end->kind == net::WebSocketEnd::unresponsive);
        CHECK(std::chrono::steady_clock::now() - frozen_at < 1s);
    }
    SECTION("close handshake never answered: socket closed after about one second") {
        options.pong_timeout = 60s;
        auto socket = net::WebSocketClient::create(fixture.io.get_executor(), net::make_client_tls_context(), options);
        REQUIRE(run_task(
            fixture.io,
            [&]() -> asio::awaitable<bool> {
                const auto endpoint = net::parse_endpoint(server.websocket_url("/"));
                co_await socket->connect(endpoint);
                co_return true;
            }(),
            error));
        std::optional<net::WebSocketEndInfo> end;
        asio::co_spawn(fixture.io, socket->run([](std::string) {}),
                       [&](std::exception_ptr, net::WebSocketEndInfo info) { end = info; });
        REQUIRE(run_until(fixture.io, [&] { return !server.sockets.empty(); }));
        server.sockets[0]->freeze();
        bool closed = false;
        const auto started = std::chrono::steady_clock::now();
        asio::co_spawn(fixture.io, socket->close(), [&](std::exception_ptr) { closed = true; });
        REQUIRE(run_until(
            fixture.io, [&] { return closed && end.has_value(); }, 5s));
        const auto took = std::chrono::steady_clock::now() - started;
        CHECK(took >= 900ms);
        CHECK(took < 1800ms);
        CHECK_FALSE(socket->is_open());
    }
}
