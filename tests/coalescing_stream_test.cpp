// The write-gathering layer under TLS: bytes arrive whole and in order, quiet writes go at once, failures surface.
#include <catch2/catch.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <string>

#include "bot/net/coalescing_stream.h"
#include "tests/support/fake_server.h"

using namespace mentorbot;
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

// A client stream through the layer, connected to a plain socket the test reads from.
struct LoopbackPair {
    asio::io_context io;
    tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
    net::CoalescingStream<beast::tcp_stream> client{io.get_executor()};
    tcp::socket peer{io};

    LoopbackPair() {
        beast::get_lowest_layer(client).connect(acceptor.local_endpoint());
        acceptor.accept(peer);
    }

    // Runs the loop until `done` or 10 s; false on the time limit.
    template <typename Done>
    bool run_until(Done done) {
        return testing::run_until(io, done, 10s);
    }
};

std::string frame(int index) { return "frame-" + std::to_string(index) + ";"; }

}  // namespace

TEST_CASE("frames written back to back reach the peer whole and in order", "[net]") {
    LoopbackPair pair;
    std::string expected;
    for (int i = 0; i < 500; ++i) expected += frame(i);

    bool written = false;
    asio::co_spawn(
        pair.io,
        [&]() -> asio::awaitable<void> {
            // Each write completes at once, before its bytes have left: that is the point.
            // (Named strings: GCC 12 mishandles temporaries inside co_await.)
            for (int i = 0; i < 500; ++i) {
                const std::string text = frame(i);
                co_await asio::async_write(pair.client, asio::buffer(text), asio::use_awaitable);
            }
            written = true;
        },
        asio::detached);
    std::string received(expected.size(), '\0');
    bool read_all = false;
    asio::async_read(pair.peer, asio::buffer(received),
                     [&](boost::system::error_code error, std::size_t) { read_all = !error; });
    REQUIRE(pair.run_until([&] { return written && read_all; }));
    CHECK(received == expected);
}

TEST_CASE("a lone frame is sent with no later write to push it out", "[net]") {
    LoopbackPair pair;
    // The bot's reader is parked on the socket, as between envelopes.
    char inbound[16];
    pair.client.async_read_some(asio::buffer(inbound), [](boost::system::error_code, std::size_t) {});
    const std::string ack = "ack-1";
    asio::async_write(pair.client, asio::buffer(ack), [](boost::system::error_code, std::size_t) {});

    std::string received(5, '\0');
    bool arrived = false;
    asio::async_read(pair.peer, asio::buffer(received),
                     [&](boost::system::error_code error, std::size_t) { arrived = !error; });
    // Nothing else is written: the frame must go on its own.
    REQUIRE(pair.run_until([&] { return arrived; }));
    CHECK(received == "ack-1");
}

TEST_CASE("once the connection has failed, writes report the failure instead of vanishing", "[net]") {
    LoopbackPair pair;
    // The peer resets the connection.
    pair.peer.set_option(tcp::socket::linger(true, 0));
    pair.peer.close();

    boost::system::error_code last_error;
    bool finished = false;
    asio::co_spawn(
        pair.io,
        [&]() -> asio::awaitable<void> {
            for (int attempt = 0; attempt < 50 && !last_error; ++attempt) {
                const std::string text = frame(attempt);
                auto [error, bytes] = co_await asio::async_write(pair.client, asio::buffer(text),
                                                                 asio::as_tuple(asio::use_awaitable));
                last_error = error;
                // Let what was gathered go down and meet the reset.
                auto [drained] = co_await pair.client.async_drain(asio::as_tuple(asio::use_awaitable));
                if (drained) last_error = drained;
            }
            finished = true;
        },
        asio::detached);
    REQUIRE(pair.run_until([&] { return finished; }));
    CHECK(last_error);
}
