// Random secrets for links and sessions, and the one-way hash under which they are stored.
#pragma once

#include <string>
#include <string_view>

namespace mentorbot {

// 32 random bytes from the operating system's generator, as 64 hex digits (safe in a URL or cookie).
std::string random_token();

// The SHA-256 of `text` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view text);

// Compares without stopping at the first difference, so the time taken says nothing about
// how much of a guess was right.
bool same_secret(std::string_view given, std::string_view expected);

}  // namespace mentorbot
