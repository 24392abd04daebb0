// A stream layer over TCP that sends what a burst of incoming frames produced in one write.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace mentorbot::net {

// Why: a busy bot answers envelopes one after another, and sending each ack on its own
// costs a system call apiece, which on loopback or a VM also runs the receiver's
// network stack: more CPU than answering the envelope. Here a write is copied aside and
// completes at once, and what was gathered goes down in one write:
//  - once the reader has used up what arrived and asks the socket for more (or after
//    `max_turns` turns of the event loop, or at `write_bytes`);
//  - at once if nothing was written for `quiet_gap` (a quiet bot adds no delay), else
//    `busy_write_interval` after the previous write (a busy one sends bursts).
//
// It sits between TLS and TCP, so it sees when TLS needs more bytes from the socket.
// Order is kept (one write down at a time). Memory is bounded: past `backlog_limit`
// gathered bytes, a write completes only once they have gone down. A failure below
// fails every later write. Teardown waits until everything gathered has left.
template <class NextLayer>
class CoalescingStream {
public:
    using next_layer_type = NextLayer;
    // TLS (asio::ssl::stream) asks its next layer for the socket underneath.
    using lowest_layer_type =
        std::remove_reference_t<decltype(boost::beast::get_lowest_layer(std::declval<NextLayer&>()).socket())>;
    using executor_type = typename NextLayer::executor_type;

    static constexpr std::size_t write_bytes = 64 * 1024;
    static constexpr std::size_t backlog_limit = 256 * 1024;
    static constexpr int max_turns = 64;
    // A write after a quiet spell (none for `quiet_gap`) goes at once; while writes
    // follow closely, one every `busy_write_interval` carries everything gathered. On
    // the 2-core test machine this took the closed-loop read benchmark from 29k to
    // 40k acks/s, while an open loop at 2,000/s kept its p50 at 0.07 ms.
    static constexpr std::chrono::microseconds quiet_gap{200};
    static constexpr std::chrono::microseconds busy_write_interval{1000};

    template <class... Args>
    explicit CoalescingStream(Args&&... args) : state_(std::make_shared<State>(std::forward<Args>(args)...)) {}

    next_layer_type& next_layer() { return state_->next; }
    const next_layer_type& next_layer() const { return state_->next; }
    lowest_layer_type& lowest_layer() { return boost::beast::get_lowest_layer(state_->next).socket(); }
    executor_type get_executor() noexcept { return state_->next.get_executor(); }

    template <class MutableBufferSequence, class ReadToken>
    auto async_read_some(const MutableBufferSequence& buffers, ReadToken&& token) {
        return boost::asio::async_compose<ReadToken, void(boost::system::error_code, std::size_t)>(
            [state = state_, buffers, started = false](auto& self, boost::system::error_code error = {},
                                                       std::size_t bytes = 0) mutable {
                if (!started) {
                    started = true;
                    state->reader_waits();
                    state->next.async_read_some(buffers, std::move(self));
                    return;
                }
                state->reading = false;
                self.complete(error, bytes);
            },
            token, state_->next);
    }

    template <class ConstBufferSequence, class WriteToken>
    auto async_write_some(const ConstBufferSequence& buffers, WriteToken&& token) {
        return boost::asio::async_initiate<WriteToken, void(boost::system::error_code, std::size_t)>(
            [](auto handler, std::shared_ptr<State> state, const ConstBufferSequence& data) {
                state->accept(data, std::move(handler));
            },
            token, state_, buffers);
    }

    // Completes once everything gathered so far has gone down (or the layer below failed).
    template <class DrainToken>
    auto async_drain(DrainToken&& token) {
        return boost::asio::async_initiate<DrainToken, void(boost::system::error_code)>(
            [](auto handler, std::shared_ptr<State> state) { state->when_drained(std::move(handler)); }, token, state_);
    }

private:
    using WriteHandler = boost::asio::any_completion_handler<void(boost::system::error_code, std::size_t)>;
    using DrainHandler = boost::asio::any_completion_handler<void(boost::system::error_code)>;

    // Shared with the operations in flight, so the layer below outlives its last write.
    struct State : std::enable_shared_from_this<State> {
        template <class... Args>
        explicit State(Args&&... args) : next(std::forward<Args>(args)...), pace_timer(next.get_executor()) {}

        template <class ConstBufferSequence, class Handler>
        void accept(const ConstBufferSequence& data, Handler&& handler) {
            const std::size_t size = boost::asio::buffer_size(data);
            if (failed) {
                complete(std::forward<Handler>(handler), failed, 0);
                return;
            }
            const std::size_t before = gathered.size();
            gathered.resize(before + size);
            boost::asio::buffer_copy(boost::asio::buffer(gathered.data() + before, size), data);
            if (gathered.size() > backlog_limit && writing) {
                waiting_for_room.emplace_back(WriteHandler(std::forward<Handler>(handler)), size);
            } else {
                complete(std::forward<Handler>(handler), boost::system::error_code{}, size);
            }
            schedule_write();
        }

        // The reader has used up what arrived: nothing more is coming without the socket.
        void reader_waits() {
            reading = true;
            write_when_allowed();
        }

        template <class Handler>
        void when_drained(Handler&& handler) {
            if (failed || (gathered.empty() && !writing)) {
                complete(std::forward<Handler>(handler), failed);
                return;
            }
            waiting_for_drain.emplace_back(std::forward<Handler>(handler));
        }

        // Never inside the initiating call: the caller's handler runs from the loop.
        template <class Handler, class... Results>
        void complete(Handler&& handler, Results... results) {
            boost::asio::post(next.get_executor(), boost::asio::append(std::forward<Handler>(handler), results...));
        }

        void schedule_write() {
            if (writing || write_scheduled) return;
            if (reading) {
                write_when_allowed();
                return;
            }
            write_scheduled = true;
            turns_waited = 0;
            post_turn();
        }

        void post_turn() {
            boost::asio::post(next.get_executor(), [self = this->shared_from_this()] { self->on_turn(); });
        }

        // While the reader works through frames that arrived together, each turn of the
        // loop may add to what is gathered.
        void on_turn() {
            write_scheduled = false;
            if (writing || gathered.empty()) return;
            if (!reading && turns_waited < max_turns && gathered.size() < write_bytes) {
                write_scheduled = true;
                ++turns_waited;
                post_turn();
                return;
            }
            write_when_allowed();
        }

        // At most one write per `min_write_interval`: under a steady stream of single
        // frames (each read bringing one envelope) this is what makes a burst.
        void write_when_allowed() {
            if (writing || pacing || gathered.empty()) return;
            const auto now = std::chrono::steady_clock::now();
            if (gathered.size() >= write_bytes || now - last_write_at >= quiet_gap) {
                write_gathered();
                return;
            }
            pacing = true;
            pace_timer.expires_at(last_write_at + busy_write_interval);
            pace_timer.async_wait([self = this->shared_from_this()](boost::system::error_code) {
                self->pacing = false;
                self->write_gathered();
            });
        }

        void write_gathered() {
            if (writing || gathered.empty() || failed) return;
            writing = true;
            last_write_at = std::chrono::steady_clock::now();
            sending.swap(gathered);
            gathered.clear();
            // What they wrote is on its way down; the backlog has room again.
            for (auto& [handler, bytes] : std::exchange(waiting_for_room, {})) {
                complete(std::move(handler), boost::system::error_code{}, bytes);
            }
            boost::asio::async_write(next, boost::asio::buffer(sending),
                                     [self = this->shared_from_this()](boost::system::error_code error, std::size_t) {
                                         self->on_written(error);
                                     });
        }

        void on_written(boost::system::error_code error) {
            writing = false;
            sending.clear();
            if (error) {
                failed = error;
                gathered.clear();
                for (auto& [handler, bytes] : std::exchange(waiting_for_room, {}))
                    complete(std::move(handler), error, 0);
            } else if (!gathered.empty()) {
                schedule_write();
                return;
            }
            for (auto& handler : std::exchange(waiting_for_drain, {})) complete(std::move(handler), failed);
        }

        NextLayer next;
        std::string gathered;  // accepted, not yet handed down
        std::string sending;   // being written to the layer below
        bool writing = false;
        bool reading = false;  // a read waits on the layer below
        bool write_scheduled = false;
        int turns_waited = 0;
        bool pacing = false;  // a write waits for min_write_interval to pass
        std::chrono::steady_clock::time_point last_write_at{};
        boost::asio::steady_timer pace_timer;
        boost::system::error_code failed;
        std::vector<std::pair<WriteHandler, std::size_t>> waiting_for_room;
        std::vector<DrainHandler> waiting_for_drain;
    };

    std::shared_ptr<State> state_;
};

// Teardown (after the WebSocket or TLS close): drain first, so the close frame and
// everything before it leave before the socket below is shut.
template <class NextLayer, class TeardownHandler>
void async_teardown(boost::beast::role_type role, CoalescingStream<NextLayer>& stream, TeardownHandler&& handler) {
    stream.async_drain(
        [&stream, role, handler = std::forward<TeardownHandler>(handler)](boost::system::error_code) mutable {
            using boost::beast::websocket::async_teardown;
            async_teardown(role, stream.next_layer(), std::move(handler));
        });
}

}  // namespace mentorbot::net
