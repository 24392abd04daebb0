// The operator's HTTP endpoint: Prometheus metrics on /metrics and health on /healthz.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace mentorbot {

struct HealthReport {
    bool healthy = true;
    std::string detail;  // one line per check, e.g. "database: writable"
};

class MetricsServer {
public:
    // `address` is host:port ("127.0.0.1:9464"; port 0 picks a free one). `before_scrape`
    // refreshes gauges that are read from the database; `health` answers /healthz.
    MetricsServer(boost::asio::io_context& io, const std::string& address, std::function<void()> before_scrape,
                  std::function<HealthReport()> health);
    ~MetricsServer();

    // Binds and starts accepting; throws std::runtime_error saying why it cannot listen.
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
