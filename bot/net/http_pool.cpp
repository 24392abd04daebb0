// Connection lending for the platform HTTP clients: bounded or not, with an idle cap.
#include "bot/net/http_pool.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <vector>

namespace mentorbot::net {

namespace asio = boost::asio;

struct HttpPool::State {
    asio::any_io_executor executor;
    std::shared_ptr<asio::ssl::context> tls;
    Endpoint origin;
    HttpPoolOptions options;
    std::vector<std::unique_ptr<HttpClient>> idle;
    std::size_t open = 0;  // lent out or idle
    std::deque<std::shared_ptr<asio::steady_timer>> waiting;
    bool shut_down = false;

    void give_back(std::unique_ptr<HttpClient> client) {
        if (shut_down || idle.size() >= options.max_idle) {
            client->close();
            --open;
        } else {
            idle.push_back(std::move(client));
        }
        if (!waiting.empty()) {
            waiting.front()->cancel();
            waiting.pop_front();
        }
    }
};

HttpPool::Lease::Lease(std::shared_ptr<State> state, std::unique_ptr<HttpClient> client)
    : state_(std::move(state)), client_(std::move(client)) {}

HttpPool::Lease::Lease(Lease&& other) noexcept = default;

HttpPool::Lease::~Lease() {
    if (client_) state_->give_back(std::move(client_));
}

HttpPool::HttpPool(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls, Endpoint origin,
                   HttpPoolOptions options)
    : state_(std::make_shared<State>()) {
    state_->executor = std::move(executor);
    state_->tls = std::move(tls);
    state_->origin = std::move(origin);
    state_->options = options;
}

HttpPool::~HttpPool() { shutdown(); }

const Endpoint& HttpPool::origin() const { return state_->origin; }

void HttpPool::shutdown() {
    State& state = *state_;
    state.shut_down = true;
    for (auto& waiter : state.waiting) waiter->cancel();
    state.waiting.clear();
    for (auto& client : state.idle) client->close();
    state.open -= state.idle.size();
    state.idle.clear();
}

asio::awaitable<std::optional<HttpPool::Lease>> HttpPool::acquire() {
    auto state = state_;  // the pool may be destroyed while this waits
    while (!state->shut_down) {
        if (!state->idle.empty()) {
            auto client = std::move(state->idle.back());
            state->idle.pop_back();
            co_return Lease(state, std::move(client));
        }
        if (state->options.max_connections == 0 || state->open < state->options.max_connections) {
            ++state->open;
            co_return Lease(state, std::make_unique<HttpClient>(state->executor, state->tls, state->origin,
                                                                state->options.timeouts));
        }
        auto waiter = std::make_shared<asio::steady_timer>(state->executor, asio::steady_timer::time_point::max());
        state->waiting.push_back(waiter);
        co_await waiter->async_wait(asio::as_tuple(asio::use_awaitable));
    }
    co_return std::nullopt;
}

}  // namespace mentorbot::net
