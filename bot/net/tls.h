// The client TLS settings every outgoing connection shares: system trust store, peer and host-name checks.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <memory>
#include <openssl/ssl.h>
#include <string>

namespace mentorbot::net {

// A TLS 1.2+ client context that verifies the peer against the system trust store.
// OpenSSL's default paths honour the SSL_CERT_FILE and SSL_CERT_DIR environment
// variables, which is how tests (and private deployments) add their own CA.
std::shared_ptr<boost::asio::ssl::context> make_client_tls_context();

// Prepares one connection's SSL object before its handshake: sets SNI (for names, not
// IP literals) and makes the handshake fail unless the certificate matches `host`
// (DNS name or IP address). Returns false when OpenSSL refuses the settings.
bool prepare_client_tls(SSL* ssl, const std::string& host);

}  // namespace mentorbot::net
