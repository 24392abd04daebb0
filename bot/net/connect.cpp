// Resolve, connect and TLS handshake with per-phase deadlines.
#include "bot/net/connect.h"

#include "bot/net/coalescing_stream.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>

#include "bot/net/tls.h"

namespace mentorbot::net {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

asio::awaitable<void> connect_tcp(boost::beast::tcp_stream& stream, const Endpoint& endpoint,
                                  std::chrono::steady_clock::duration timeout) {
    auto executor = co_await asio::this_coro::executor;
    asio::ip::tcp::resolver resolver(executor);
    asio::steady_timer deadline(executor, timeout);
    // The resolver has no deadline of its own, so race it against a timer.
    auto outcome = co_await (
        resolver.async_resolve(endpoint.host, endpoint.port, asio::as_tuple(asio::use_awaitable)) ||
        deadline.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (outcome.index() == 1) {
        throw boost::system::system_error(boost::beast::error::timeout, "resolving " + endpoint.host);
    }
    auto [resolve_error, addresses] = std::get<0>(std::move(outcome));
    if (resolve_error) throw boost::system::system_error(resolve_error, "resolving " + endpoint.host);
    stream.expires_after(timeout);
    co_await stream.async_connect(addresses, asio::use_awaitable);
    stream.socket().set_option(asio::ip::tcp::no_delay(true));
}

namespace {

template <class TlsStream>
asio::awaitable<void> handshake_any_tls(TlsStream& stream, const std::string& host,
                                        std::chrono::steady_clock::duration timeout) {
    if (!prepare_client_tls(stream.native_handle(), host)) {
        throw boost::system::system_error(asio::error::invalid_argument, "TLS settings for " + host);
    }
    boost::beast::get_lowest_layer(stream).expires_after(timeout);
    co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
}

}  // namespace

asio::awaitable<void> handshake_tls(boost::beast::ssl_stream<boost::beast::tcp_stream>& stream, const std::string& host,
                                    std::chrono::steady_clock::duration timeout) {
    return handshake_any_tls(stream, host, timeout);
}

asio::awaitable<void> handshake_tls(boost::beast::ssl_stream<CoalescingStream<boost::beast::tcp_stream>>& stream,
                                    const std::string& host, std::chrono::steady_clock::duration timeout) {
    return handshake_any_tls(stream, host, timeout);
}

}  // namespace mentorbot::net
