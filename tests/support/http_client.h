// A blocking HTTP/1.1 client for tests: one request to 127.0.0.1, the status, headers and body back.
#pragma once

#include <map>
#include <string>

namespace mentorbot::testing {

struct HttpReply {
    unsigned status = 0;
    std::multimap<std::string, std::string> headers;  // names in lower case
    std::string body;

    // The first header of that (lower-case) name, or empty.
    std::string header(const std::string& name) const;
};

// `method` "GET" or "POST"; `cookie` is sent as the Cookie header when not empty, `body`
// as an application/x-www-form-urlencoded form when not empty.
HttpReply http_request(unsigned short port, const std::string& method, const std::string& target,
                       const std::string& cookie = {}, const std::string& body = {});

}  // namespace mentorbot::testing
