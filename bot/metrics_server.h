// The operator's HTTP endpoint: Prometheus metrics on /metrics, health on /healthz, and the admin dashboard under
// /admin.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "bot/http_exchange.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace mentorbot {

struct HealthReport {
    bool healthy = true;
    std::string detail;  // one line per check, e.g. "database: writable"
};

struct MetricsServerOptions {
    // Connections served at once; more are closed as soon as they are accepted, so a
    // flood of idle sockets cannot exhaust the process's file descriptors.
    std::size_t max_connections = 16;
    // When not empty, /metrics answers 401 unless the request carries
    // "Authorization: Bearer <token>". /healthz stays open for probes. Never logged.
    std::string bearer_token;
    // When set, answers every request under /admin (the program dashboard), GET or POST.
    std::function<HttpExchangeResponse(const HttpExchangeRequest&)> admin;
};

// What the accept loop does after accept fails (usually: out of file descriptors, when
// retrying at once would spin and flood the log): pause, longer each time up to a
// second, and write at most one log line per interval.
class AcceptBackoff {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds first_pause{50};
    static constexpr std::chrono::milliseconds longest_pause{1000};
    static constexpr std::chrono::seconds log_interval{10};

    struct Decision {
        std::chrono::milliseconds pause;
        bool log = false;
        std::size_t suppressed = 0;  // failures not logged since the last line (when `log`)
    };
    // A failure at `now`.
    Decision failed(Clock::time_point now);
    // An accept worked: the next failure starts with a short pause again (the log stays
    // limited, so an endpoint that keeps flapping still logs once per interval).
    void succeeded() { pause_ = first_pause; }

private:
    std::chrono::milliseconds pause_ = first_pause;
    bool logged_ = false;
    Clock::time_point last_log_{};
    std::size_t suppressed_ = 0;
};

class MetricsServer {
public:
    // `address` is host:port ("127.0.0.1:9464"; port 0 picks a free one). `before_scrape`
    // refreshes gauges that are read from the database; `health` answers /healthz.
    MetricsServer(boost::asio::io_context& io, const std::string& address, std::function<void()> before_scrape,
                  std::function<HealthReport()> health, MetricsServerOptions options = {});
    ~MetricsServer();

    // Binds and starts accepting; throws std::runtime_error saying why it cannot listen.
    // Warns in the log when the address is reachable from other machines (not loopback).
    void start();
    // Stops accepting and closes open connections.
    void stop();
    // The port actually bound (useful with port 0).
    unsigned short port() const;

private:
    struct State;
    std::shared_ptr<State> state_;
    boost::asio::ip::tcp::endpoint endpoint_;
};

}  // namespace mentorbot
