// One io_context on one thread: the metrics server answers, the dashboard site reads its own connection.
#include "bot/dashboard/dashboard_listener.h"

#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "bot/dashboard/dashboard_site.h"
#include "bot/metrics_server.h"
#include "storage/database.h"

namespace mentorbot {

struct DashboardListener::State {
    State(const std::string& database_path, const Config& listener_config, const Clock& clock,
          const std::string& address)
        : config(listener_config),
          database(database_path),
          site(database, config, clock),
          server(
              io, address, [] {},
              [] {
                  return HealthReport{true, "dashboard listener: up"};
              },
              MetricsServerOptions{.max_connections = config.metrics_connections,
                                   .bearer_token = config.metrics_token,
                                   .admin = [this](const HttpExchangeRequest& request) {
                                       return site.handle(request);
                                   }}) {}

    // A copy: the caller may go on to change its own (the console fills in the link's port).
    Config config;
    boost::asio::io_context io;
    Database database;
    DashboardSite site;
    MetricsServer server;
    std::thread thread;
};

DashboardListener::DashboardListener(const std::string& database_path, const Config& config, const Clock& clock,
                                     const std::string& address)
    : state_(std::make_unique<State>(database_path, config, clock, address)) {}

DashboardListener::~DashboardListener() {
    if (!state_->thread.joinable()) return;
    boost::asio::post(state_->io, [state = state_.get()] {
        state->server.stop();
        state->io.stop();
    });
    state_->thread.join();
}

void DashboardListener::start() {
    state_->server.start();
    state_->thread = std::thread([state = state_.get()] {
        auto guard = boost::asio::make_work_guard(state->io);
        state->io.run();
    });
}

unsigned short DashboardListener::port() const { return state_->server.port(); }

}  // namespace mentorbot
