// Base64 (RFC 4648, with padding): how a message's attached file is kept in the outbox's JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mentorbot {

std::string base64_encode(std::string_view bytes);
// nullopt when `text` is not base64 (a wrong character, a wrong length or misplaced padding).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace mentorbot
