// A pool of kept-alive HTTP connections to one origin, lent out one request at a time.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <cstddef>
#include <memory>
#include <optional>

#include "bot/net/http_client.h"
#include "util/url.h"

namespace mentorbot::net {

struct HttpPoolOptions {
    // Connections open at once; 0 means no bound (every caller gets one at once).
    std::size_t max_connections = 0;
    // Idle connections kept for reuse; 0 means every connection is closed after its request.
    std::size_t max_idle = 8;
    HttpTimeouts timeouts{};
};

// acquire() lends a connection, waiting for one to come back when max_connections are
// busy. The lease gives it back when it ends. The pool may go away before its leases:
// a connection returned then is simply closed. Must be used from one executor/thread.
class HttpPool {
    struct State;

public:
    class Lease {
    public:
        Lease(std::shared_ptr<State> state, std::unique_ptr<HttpClient> client);
        Lease(Lease&&) noexcept;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        HttpClient& client() { return *client_; }

    private:
        std::shared_ptr<State> state_;
        std::unique_ptr<HttpClient> client_;
    };

    HttpPool(boost::asio::any_io_executor executor, std::shared_ptr<boost::asio::ssl::context> tls, Endpoint origin,
             HttpPoolOptions options = {});
    ~HttpPool();
    HttpPool(const HttpPool&) = delete;
    HttpPool& operator=(const HttpPool&) = delete;

    // A connection, or nullopt once shut down.
    boost::asio::awaitable<std::optional<Lease>> acquire();
    // Wakes waiting callers (they get nullopt) and closes idle connections. Connections
    // in use are closed when they come back, not pulled from under their request.
    void shutdown();

    const Endpoint& origin() const;

private:
    std::shared_ptr<State> state_;
};

}  // namespace mentorbot::net
