// Value checks for settings.
#include "config/config_checks.h"

#include <algorithm>
#include <charconv>

namespace mentorbot {

bool is_member_id(std::string_view text) {
    std::size_t first = text.find(':');
    if (first == std::string_view::npos) return false;
    std::string_view platform = text.substr(0, first);
    if (platform != "slack" && platform != "discord" && platform != "console") return false;
    std::size_t second = text.find(':', first + 1);
    if (second == std::string_view::npos || second == first + 1 || second + 1 >= text.size()) return false;
    return std::none_of(text.begin(), text.end(), [](unsigned char c) { return c <= ' '; });
}

bool is_log_level(std::string_view text) {
    for (std::string_view level : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
        if (text == level) return true;
    }
    return false;
}

bool is_listen_address(std::string_view text) {
    std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    std::string_view port_text = text.substr(colon + 1);
    int port = 0;
    auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    return error == std::errc() && end == port_text.data() + port_text.size() && port > 0 && port < 65536;
}

}  // namespace mentorbot
