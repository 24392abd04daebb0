// A tiny Beast HTTP/1.1 server: one coroutine accepts, one per connection answers GETs.
#include "bot/metrics_server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include "bot/metrics.h"

namespace mentorbot {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct MetricsServer::State : std::enable_shared_from_this<State> {
    State(asio::io_context& io_context, std::function<void()> refresh, std::function<HealthReport()> check)
        : io(io_context), acceptor(io_context), before_scrape(std::move(refresh)), health(std::move(check)) {}

    asio::io_context& io;
    tcp::acceptor acceptor;
    std::function<void()> before_scrape;
    std::function<HealthReport()> health;
    bool stopped = false;

    http::response<http::string_body> answer(const http::request<http::string_body>& request) {
        http::response<http::string_body> response{http::status::ok, request.version()};
        response.set(http::field::server, "mentorbot");
        response.keep_alive(request.keep_alive());
        std::string_view target = request.target();
        target = target.substr(0, target.find('?'));
        if (request.method() != http::verb::get && request.method() != http::verb::head) {
            response.result(http::status::method_not_allowed);
            response.body() = "only GET\n";
        } else if (target == "/metrics") {
            before_scrape();
            response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
            response.body() = metrics().render();
        } else if (target == "/healthz") {
            HealthReport report = health();
            response.result(report.healthy ? http::status::ok : http::status::service_unavailable);
            response.set(http::field::content_type, "text/plain; charset=utf-8");
            response.body() = (report.healthy ? "ok\n" : "unhealthy\n") + report.detail;
        } else {
            response.result(http::status::not_found);
            response.body() = "try /metrics or /healthz\n";
        }
        response.prepare_payload();
        return response;
    }

    asio::awaitable<void> serve(tcp::socket socket) {
        beast::tcp_stream stream(std::move(socket));
        beast::flat_buffer buffer;
        while (!stopped) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(16 * 1024);  // a scraper sends no body worth reading
            stream.expires_after(std::chrono::seconds(30));
            auto [read_error, bytes] = co_await http::async_read(stream, buffer, parser,
                                                                 asio::as_tuple(asio::use_awaitable));
            if (read_error) break;  // closed, timed out or malformed: just hang up
            auto response = answer(parser.get());
            auto [write_error, written] = co_await http::async_write(stream, response,
                                                                     asio::as_tuple(asio::use_awaitable));
            if (write_error || !response.keep_alive()) break;
        }
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }

    asio::awaitable<void> accept_loop() {
        auto self = shared_from_this();
        while (!stopped) {
            auto [error, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
            if (error) {
                if (error == asio::error::operation_aborted || stopped) co_return;
                spdlog::warn("metrics endpoint: accept failed: {}", error.message());
                continue;
            }
            asio::co_spawn(io, serve(std::move(socket)), [](std::exception_ptr failure) {
                if (!failure) return;
                try {
                    std::rethrow_exception(failure);
                } catch (const std::exception& error) {
                    spdlog::warn("metrics endpoint: connection failed: {}", error.what());
                }
            });
        }
    }
};

MetricsServer::MetricsServer(asio::io_context& io, const std::string& address, std::function<void()> before_scrape,
                             std::function<HealthReport()> health)
    : state_(std::make_shared<State>(io, std::move(before_scrape), std::move(health))) {
    std::size_t colon = address.rfind(':');
    std::string host = address.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host == "localhost") host = "127.0.0.1";
    boost::system::error_code error;
    auto ip = asio::ip::make_address(host, error);
    if (error) throw std::runtime_error("metrics address " + address + ": '" + host + "' is not an IP address");
    endpoint_ = tcp::endpoint(ip, static_cast<unsigned short>(std::stoi(address.substr(colon + 1))));
}

MetricsServer::~MetricsServer() { stop(); }

void MetricsServer::start() {
    boost::system::error_code error;
    state_->acceptor.open(endpoint_.protocol(), error);
    if (!error) state_->acceptor.set_option(tcp::acceptor::reuse_address(true), error);
    if (!error) state_->acceptor.bind(endpoint_, error);
    if (!error) state_->acceptor.listen(asio::socket_base::max_listen_connections, error);
    if (error) {
        throw std::runtime_error("cannot serve metrics on " + endpoint_.address().to_string() + ":" +
                                 std::to_string(endpoint_.port()) + ": " + error.message());
    }
    asio::co_spawn(state_->io, state_->accept_loop(), asio::detached);
}

void MetricsServer::stop() {
    if (!state_ || state_->stopped) return;
    state_->stopped = true;
    boost::system::error_code ignored;
    state_->acceptor.close(ignored);
}

unsigned short MetricsServer::port() const {
    boost::system::error_code ignored;
    return state_->acceptor.local_endpoint(ignored).port();
}

}  // namespace mentorbot
