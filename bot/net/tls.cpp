// Client TLS context and per-connection host-name verification.
#include "bot/net/tls.h"

#include <boost/asio/ip/address.hpp>
#include <openssl/x509v3.h>

namespace mentorbot::net {

std::shared_ptr<boost::asio::ssl::context> make_client_tls_context() {
    namespace ssl = boost::asio::ssl;
    auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
    context->set_default_verify_paths();
    context->set_verify_mode(ssl::verify_peer);
    return context;
}

bool prepare_client_tls(SSL* ssl, const std::string& host) {
    boost::system::error_code error;
    boost::asio::ip::make_address(host, error);
    const bool is_ip_literal = !error;
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (is_ip_literal) {
        // SNI carries names only; the certificate must list the address itself.
        return X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1;
    }
    if (SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) return false;
    return X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) == 1;
}

}  // namespace mentorbot::net
