// A certificate authority and server certificates made fresh for each test run (OpenSSL C API).
#pragma once

#include <filesystem>
#include <string>

#include "tests/support/temp_directory.h"

namespace mentorbot::testing {

// A CA (EC P-256, self-signed) and one leaf certificate it signed for "localhost",
// 127.0.0.1 and ::1, valid from an hour ago for a day. All PEM text.
struct TestCertificates {
    std::string ca_certificate;
    std::string server_certificate;
    std::string server_private_key;

    static TestCertificates generate(const std::string& ca_name = "mentorbot test CA");

    // Writes the CA certificate to `directory`/`file_name` and returns the path, ready
    // for SSL_CERT_FILE.
    std::string write_ca_file(const std::filesystem::path& directory,
                              const std::string& file_name = "test-ca.pem") const;
};

// Points OpenSSL's default trust store (SSL_CERT_FILE) at `ca_file` for this process
// and restores the previous value on destruction.
class TrustedCaFile {
public:
    explicit TrustedCaFile(const std::string& ca_file);
    ~TrustedCaFile();
    TrustedCaFile(const TrustedCaFile&) = delete;
    TrustedCaFile& operator=(const TrustedCaFile&) = delete;

private:
    bool had_previous_ = false;
    std::string previous_;
};

}  // namespace mentorbot::testing
