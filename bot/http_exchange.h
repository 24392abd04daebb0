// One HTTP request and its answer in plain types, so pages served by the metrics listener need no Beast types.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace mentorbot {

struct HttpExchangeRequest {
    std::string method;  // "GET", "POST", …
    std::string target;  // path and query, "/admin?weeks=4"
    std::string cookie;  // the Cookie header, if any
    std::string content_type;
    std::string body;
};

struct HttpExchangeResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;  // besides Server and Content-Length
    std::string body;
};

}  // namespace mentorbot
