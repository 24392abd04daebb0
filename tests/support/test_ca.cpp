// Generates the test CA and server certificate in memory with OpenSSL.
#include "tests/support/test_ca.h"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>

namespace mentorbot::testing {

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* pointer) const { Free(pointer); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("test CA: ") + what + " failed");
}

KeyPtr make_key() {
    KeyPtr key(EVP_EC_gen("P-256"));
    check(key != nullptr, "EC key generation");
    return key;
}

void add_extension(X509* certificate, X509* issuer, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    check(extension != nullptr, "extension");
    X509_add_ext(certificate, extension, -1);
    X509_EXTENSION_free(extension);
}

CertPtr make_certificate(EVP_PKEY* key, const std::string& common_name, X509* issuer, EVP_PKEY* issuer_key,
                         bool is_ca) {
    CertPtr certificate(X509_new());
    check(certificate != nullptr, "X509_new");
    X509_set_version(certificate.get(), 2);
    static std::mt19937_64 random{std::random_device{}()};
    ASN1_INTEGER_set_int64(X509_get_serialNumber(certificate.get()), static_cast<int64_t>(random() >> 2));
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 24 * 3600);
    X509_set_pubkey(certificate.get(), key);
    X509_NAME* name = X509_get_subject_name(certificate.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()),
                               -1, -1, 0);
    X509* signer = issuer ? issuer : certificate.get();
    X509_set_issuer_name(certificate.get(), X509_get_subject_name(signer));
    if (is_ca) {
        add_extension(certificate.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
        add_extension(certificate.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
        add_extension(certificate.get(), signer, NID_subject_key_identifier, "hash");
    } else {
        add_extension(certificate.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
        add_extension(certificate.get(), signer, NID_key_usage, "critical,digitalSignature");
        add_extension(certificate.get(), signer, NID_ext_key_usage, "serverAuth");
        add_extension(certificate.get(), signer, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:0:0:0:0:0:0:0:1");
        add_extension(certificate.get(), signer, NID_authority_key_identifier, "keyid");
    }
    check(X509_sign(certificate.get(), issuer_key, EVP_sha256()) > 0, "X509_sign");
    return certificate;
}

std::string to_pem(X509* certificate) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_X509(bio.get(), certificate) == 1, "PEM certificate");
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::string to_pem(EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1, "PEM key");
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

TestCertificates TestCertificates::generate(const std::string& ca_name) {
    KeyPtr ca_key = make_key();
    CertPtr ca = make_certificate(ca_key.get(), ca_name, nullptr, ca_key.get(), true);
    KeyPtr server_key = make_key();
    CertPtr server = make_certificate(server_key.get(), "localhost", ca.get(), ca_key.get(), false);
    return {to_pem(ca.get()), to_pem(server.get()), to_pem(server_key.get())};
}

std::string TestCertificates::write_ca_file(const std::filesystem::path& directory,
                                            const std::string& file_name) const {
    auto path = directory / file_name;
    std::ofstream(path) << ca_certificate;
    return path.string();
}

TrustedCaFile::TrustedCaFile(const std::string& ca_file) {
    if (const char* previous = std::getenv("SSL_CERT_FILE")) {
        had_previous_ = true;
        previous_ = previous;
    }
    setenv("SSL_CERT_FILE", ca_file.c_str(), 1);
}

TrustedCaFile::~TrustedCaFile() {
    if (had_previous_) {
        setenv("SSL_CERT_FILE", previous_.c_str(), 1);
    } else {
        unsetenv("SSL_CERT_FILE");
    }
}

}  // namespace mentorbot::testing
