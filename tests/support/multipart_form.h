// Reads a multipart/form-data body (RFC 7578) the way a platform's server does, for the fakes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mentorbot::testing {

struct FormPart {
    std::string name;          // the Content-Disposition name ("payload_json", "files[0]")
    std::string filename;      // its filename parameter; empty when it has none
    std::string content_type;  // the part's Content-Type, empty when absent
    std::string bytes;
};

// The parts of `body` under the boundary of `content_type` ("multipart/form-data;
// boundary=…"); nullopt when it is not multipart/form-data or the body is not well formed
// (no closing delimiter, a part without headers or without a name).
std::optional<std::vector<FormPart>> parse_multipart_form(std::string_view content_type, std::string_view body);

}  // namespace mentorbot::testing
