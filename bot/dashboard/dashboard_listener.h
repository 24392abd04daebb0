// The HTTP listener on a thread of its own with its own database connection: how the console serves the dashboard.
#pragma once

#include <memory>
#include <string>

#include "config/config.h"
#include "domain/clock.h"

namespace mentorbot {

class DashboardListener {
public:
    // Serves /admin (and /healthz, /metrics) on `address` ("127.0.0.1:0" picks a free port)
    // from the database file at `database_path`, read through a connection of its own.
    DashboardListener(const std::string& database_path, const Config& config, const Clock& clock,
                      const std::string& address);
    ~DashboardListener();
    DashboardListener(const DashboardListener&) = delete;
    DashboardListener& operator=(const DashboardListener&) = delete;

    // Binds and starts the thread; throws std::runtime_error saying why it cannot listen.
    void start();
    unsigned short port() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace mentorbot
