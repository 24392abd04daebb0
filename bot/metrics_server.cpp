// A tiny Beast HTTP/1.1 server: one coroutine accepts, one per connection answers GETs.
#include "bot/metrics_server.h"

#include <algorithm>
#include <string_view>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include "bot/metrics.h"
#include "util/secret_token.h"

namespace mentorbot {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

AcceptBackoff::Decision AcceptBackoff::failed(Clock::time_point now) {
    Decision decision{pause_};
    pause_ = std::min(pause_ * 2, longest_pause);
    if (!logged_ || now - last_log_ >= log_interval) {
        decision.log = true;
        decision.suppressed = suppressed_;
        logged_ = true;
        last_log_ = now;
        suppressed_ = 0;
    } else {
        ++suppressed_;
    }
    return decision;
}

struct MetricsServer::State : std::enable_shared_from_this<State> {
    State(asio::io_context& io_context, std::function<void()> refresh, std::function<HealthReport()> check,
          MetricsServerOptions server_options)
        : io(io_context),
          acceptor(io_context),
          retry(io_context),
          before_scrape(std::move(refresh)),
          health(std::move(check)),
          options(std::move(server_options)) {}

    asio::io_context& io;
    tcp::acceptor acceptor;
    asio::steady_timer retry;  // the pause after a failed accept
    std::function<void()> before_scrape;
    std::function<HealthReport()> health;
    MetricsServerOptions options;
    bool stopped = false;
    std::size_t open_connections = 0;
    AcceptBackoff backoff;
    // Refused connections are logged like accept failures: at most one line per interval.
    AcceptBackoff refusals;

    // Counts a connection from accept to hang-up; all on the io_context's one thread.
    struct ConnectionSlot {
        std::shared_ptr<State> state;
        explicit ConnectionSlot(std::shared_ptr<State> owner) : state(std::move(owner)) { ++state->open_connections; }
        ~ConnectionSlot() { --state->open_connections; }
        ConnectionSlot(const ConnectionSlot&) = delete;
        ConnectionSlot& operator=(const ConnectionSlot&) = delete;
    };

    bool authorised(const http::request<http::string_body>& request) const {
        if (options.bearer_token.empty()) return true;
        auto found = request.find(http::field::authorization);
        if (found == request.end()) return false;
        std::string_view value = found->value();
        constexpr std::string_view scheme = "Bearer ";
        if (!value.starts_with(scheme)) return false;
        return same_secret(value.substr(scheme.size()), options.bearer_token);
    }

    http::response<http::string_body> answer(const http::request<http::string_body>& request) {
        http::response<http::string_body> response{http::status::ok, request.version()};
        response.set(http::field::server, "mentorbot");
        response.keep_alive(request.keep_alive());
        std::string_view target = request.target();
        target = target.substr(0, target.find('?'));
        if (options.admin && (target == "/admin" || target.starts_with("/admin/"))) {
            return answer_admin(request);
        }
        if (request.method() != http::verb::get && request.method() != http::verb::head) {
            response.result(http::status::method_not_allowed);
            response.body() = "only GET\n";
        } else if (target == "/metrics" && !authorised(request)) {
            response.result(http::status::unauthorized);
            response.set(http::field::www_authenticate, "Bearer");
            response.body() = "/metrics needs the bearer token\n";
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

    http::response<http::string_body> answer_admin(const http::request<http::string_body>& request) {
        HttpExchangeRequest exchange{
            std::string(request.method_string()), std::string(request.target()), {}, {}, request.body()};
        if (auto cookie = request.find(http::field::cookie); cookie != request.end())
            exchange.cookie = std::string(cookie->value());
        if (auto type = request.find(http::field::content_type); type != request.end())
            exchange.content_type = std::string(type->value());
        HttpExchangeResponse answered = options.admin(exchange);
        http::response<http::string_body> response{static_cast<http::status>(answered.status), request.version()};
        response.set(http::field::server, "mentorbot");
        response.keep_alive(request.keep_alive());
        for (const auto& [name, value] : answered.headers) response.insert(name, value);
        if (request.method() != http::verb::head) response.body() = std::move(answered.body);
        response.prepare_payload();
        return response;
    }

    // `slot` is only held: it counts this connection against the cap until it hangs up.
    asio::awaitable<void> serve(tcp::socket socket, [[maybe_unused]] std::shared_ptr<ConnectionSlot> slot) {
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
                // Out of descriptors the same accept fails again at once: pause instead
                // of spinning, and keep the log to a line per interval.
                AcceptBackoff::Decision decision = backoff.failed(AcceptBackoff::Clock::now());
                if (decision.log) {
                    spdlog::warn("metrics endpoint: accept failed: {} ({} more since the last report); pausing {} ms",
                                 error.message(), decision.suppressed, decision.pause.count());
                }
                retry.expires_after(decision.pause);
                co_await retry.async_wait(asio::as_tuple(asio::use_awaitable));
                continue;
            }
            backoff.succeeded();
            if (open_connections >= options.max_connections) {
                // Closed at once: the descriptor is back before the next accept.
                AcceptBackoff::Decision decision = refusals.failed(AcceptBackoff::Clock::now());
                if (decision.log) {
                    spdlog::warn("metrics endpoint: {} connections open, the most allowed; closing new ones ({} more "
                                 "since the last report)",
                                 open_connections, decision.suppressed);
                }
                beast::error_code ignored;
                socket.close(ignored);
                continue;
            }
            auto slot = std::make_shared<ConnectionSlot>(self);
            asio::co_spawn(io, serve(std::move(socket), std::move(slot)), [](std::exception_ptr failure) {
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
                             std::function<HealthReport()> health, MetricsServerOptions options)
    : state_(std::make_shared<State>(io, std::move(before_scrape), std::move(health), std::move(options))) {
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
    if (!endpoint_.address().is_loopback()) {
        // Its figures and health are not secrets, but nobody outside should scrape or probe at will.
        spdlog::warn("metrics endpoint listens on {}:{}, which other machines can reach; {}",
                     endpoint_.address().to_string(), port(),
                     state_->options.bearer_token.empty()
                         ? "it has no authentication: bind it to 127.0.0.1 or a private interface, or set "
                           "MENTORBOT_METRICS_TOKEN"
                         : "/metrics asks for the bearer token from MENTORBOT_METRICS_TOKEN, /healthz is open");
    }
    asio::co_spawn(state_->io, state_->accept_loop(), asio::detached);
}

void MetricsServer::stop() {
    if (!state_ || state_->stopped) return;
    state_->stopped = true;
    boost::system::error_code ignored;
    state_->acceptor.close(ignored);
    state_->retry.cancel();
}

unsigned short MetricsServer::port() const {
    boost::system::error_code ignored;
    return state_->acceptor.local_endpoint(ignored).port();
}

}  // namespace mentorbot
