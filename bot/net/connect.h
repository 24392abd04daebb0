// The shared first steps of every outgoing connection: resolve, TCP connect, TLS handshake.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>

#include "util/url.h"

namespace mentorbot::net {

template <class NextLayer>
class CoalescingStream;  // bot/net/coalescing_stream.h

// Resolves the endpoint's host and connects `stream` to the first address that answers,
// all within `timeout`. Throws boost::system::system_error (timeout: error::timeout).
boost::asio::awaitable<void> connect_tcp(boost::beast::tcp_stream& stream, const Endpoint& endpoint,
                                         std::chrono::steady_clock::duration timeout);

// Runs the client TLS handshake with SNI and host-name verification for `host`.
boost::asio::awaitable<void> handshake_tls(boost::beast::ssl_stream<boost::beast::tcp_stream>& stream,
                                           const std::string& host, std::chrono::steady_clock::duration timeout);
boost::asio::awaitable<void> handshake_tls(boost::beast::ssl_stream<CoalescingStream<boost::beast::tcp_stream>>& stream,
                                           const std::string& host, std::chrono::steady_clock::duration timeout);

}  // namespace mentorbot::net
