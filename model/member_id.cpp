// The one parse and the one format of member ids.
#include "model/member_id.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace mentorbot {

namespace {

constexpr std::size_t max_id_bytes = 200;

std::optional<Platform> platform_named(std::string_view name) {
    if (name == "slack") return Platform::slack;
    if (name == "discord") return Platform::discord;
    if (name == "console") return Platform::console;
    return std::nullopt;
}

// Team ids, server ids and "local": letters, digits and a little punctuation.
bool is_tenant_text(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-' || c == '.';
    });
}

// Platform user and channel ids, console names (any script) and console channels.
bool is_user_text(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '#' || c >= 0x80;
    });
}

}  // namespace

std::string_view platform_name(Platform platform) {
    switch (platform) {
        case Platform::slack: return "slack";
        case Platform::discord: return "discord";
        case Platform::console: break;
    }
    return "console";
}

std::optional<MemberId> MemberId::parse(std::string_view text) {
    if (text.size() > max_id_bytes) return std::nullopt;
    const std::size_t first = text.find(':');
    if (first == std::string_view::npos) return std::nullopt;
    const std::optional<Platform> platform = platform_named(text.substr(0, first));
    if (!platform) return std::nullopt;
    const std::size_t second = text.find(':', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    if (!is_tenant_text(text.substr(first + 1, second - first - 1))) return std::nullopt;
    if (!is_user_text(text.substr(second + 1))) return std::nullopt;
    MemberId id;
    id.text_ = std::string(text);
    id.platform_ = *platform;
    id.tenant_at_ = static_cast<std::uint16_t>(first + 1);
    id.user_at_ = static_cast<std::uint16_t>(second + 1);
    return id;
}

std::optional<MemberId> MemberId::from_parts(Platform platform, std::string_view tenant, std::string_view user) {
    // A colon in a part would shift the others: refused here rather than by parse.
    if (tenant.find(':') != std::string_view::npos || user.find(':') != std::string_view::npos) return std::nullopt;
    std::string text;
    text.reserve(platform_name(platform).size() + tenant.size() + user.size() + 2);
    text.append(platform_name(platform)).append(1, ':').append(tenant).append(1, ':').append(user);
    return parse(text);
}

MemberId MemberId::of(Platform platform, std::string_view tenant, std::string_view user) {
    std::optional<MemberId> id = from_parts(platform, tenant, user);
    if (!id) {
        throw std::invalid_argument("not a member id: " + std::string(platform_name(platform)) + ":" +
                                    std::string(tenant) + ":" + std::string(user));
    }
    return std::move(*id);
}

}  // namespace mentorbot
