// Value checks for settings.
#include "config/config_checks.h"

#include <charconv>
#include <optional>

#include <boost/asio/ip/address.hpp>

#include "model/member_id.h"

namespace mentorbot {

bool is_person_id(std::string_view text) {
    std::optional<MemberId> id = MemberId::parse(text);
    return id && id->is_person();
}

bool is_log_level(std::string_view text) {
    for (std::string_view level : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
        if (text == level) return true;
    }
    return false;
}

bool is_tenant_id(Platform platform, std::string_view text) {
    if (text.empty() || text.size() > 40) return false;
    const std::string_view allowed = platform == Platform::discord ? "0123456789"
                                                                   : "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    return text.find_first_not_of(allowed) == std::string_view::npos;
}

bool is_listen_address(std::string_view text) {
    std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    std::string_view port_text = text.substr(colon + 1);
    int port = 0;
    auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    return error == std::errc() && end == port_text.data() + port_text.size() && port > 0 && port < 65536;
}

bool is_loopback_listen_address(std::string_view text) {
    std::string host(text.substr(0, text.rfind(':')));
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host == "localhost") return true;
    boost::system::error_code error;
    const boost::asio::ip::address address = boost::asio::ip::make_address(host, error);
    return !error && address.is_loopback();
}

bool is_dashboard_url(std::string_view text) {
    if (!text.starts_with("http://") && !text.starts_with("https://")) return false;
    if (text.size() > 512 || text.find("://") + 3 == text.size()) return false;
    for (char c : text) {
        if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' ||
            c == '?' || c == '#')
            return false;
    }
    return true;
}

}  // namespace mentorbot
