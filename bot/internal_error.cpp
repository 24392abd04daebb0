// Internal-error ids, their log lines and the apology text.
#include "bot/internal_error.h"

#include <random>

#include <spdlog/spdlog.h>

#include "util/text.h"

namespace mentorbot {

namespace {

std::string new_error_id() {
    static std::mt19937_64 generator{std::random_device{}()};
    static const char digits[] = "0123456789abcdef";
    std::string id = "E-";
    for (int index = 0; index < 8; ++index) id.push_back(digits[generator() % 16]);
    return id;
}

}  // namespace

std::string internal_error_text(const std::string& error_id) {
    return "Sorry, something went wrong on our side. Nothing was changed. If it keeps happening, tell your "
           "mentorbot admin error id " +
           error_id + ".";
}

Reply internal_error_reply(const std::string& error_id) { return Reply::private_text(internal_error_text(error_id)); }

std::string InternalErrors::record(std::string_view what, long long commands) {
    std::string error_id = new_error_id();
    // `what` may carry member text (an exception quoting input): one escaped, bounded line.
    spdlog::error("[{}] {}", error_id, escape_for_log(what));
    count_ += commands;
    return error_id;
}

}  // namespace mentorbot
