// Who a member is across platforms: platform, tenant and user, parsed and written in one place.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mentorbot {

enum class Platform : std::uint8_t { console, slack, discord };

// "console", "slack", "discord": the first part of every id.
std::string_view platform_name(Platform platform);

// A member written "<platform>:<tenant>:<user>": `slack:T024BE7LD:U0G9QF9C6` (tenant: the
// Slack workspace), `discord:81384788765712384:80351110224678912` (tenant: the Discord
// server), `console:local:ana` (the console has one tenant, `local`). Channels are
// addressed the same way (`slack:T1:C9`, `console:local:#pods`) and use this type too,
// as `ChannelId`. The text form is what the database stores; it is built and split only
// here, so nothing else needs to know where the colons are.
//
// A default-constructed id is empty: the place of a member who asked to be forgotten.
class MemberId {
public:
    MemberId() = default;

    // The id written as text, or nothing when it is not one: an unknown platform, an
    // empty tenant or user, white space or control characters, punctuation other than
    // `_ - . #` in the user part, or more than 200 bytes.
    static std::optional<MemberId> parse(std::string_view text);
    // Builds an id from its parts; throws std::invalid_argument when they make none
    // (a transport handing over a platform id it did not check is a bug of ours).
    static MemberId of(Platform platform, std::string_view tenant, std::string_view user);
    // As `of`, for ids that come from outside (a platform payload): nothing when the
    // parts make no id.
    static std::optional<MemberId> from_parts(Platform platform, std::string_view tenant, std::string_view user);

    Platform platform() const { return platform_; }
    // The workspace or server the member belongs to ("local" on the console).
    std::string_view tenant() const { return std::string_view(text_).substr(tenant_at_, user_at_ - 1 - tenant_at_); }
    // The tenant with its platform, "discord:81384788765712384", "slack:T024BE7LD",
    // "console:local": what a row that belongs to a tenant stores (pods, announcements).
    std::string_view tenant_key() const { return std::string_view(text_).substr(0, user_at_ - 1); }
    bool same_tenant(const MemberId& other) const { return tenant_key() == other.tenant_key(); }
    // The platform's own id of the user (or channel) within the tenant.
    std::string_view user() const { return std::string_view(text_).substr(user_at_); }
    // Another member or channel of the same tenant, from the platform's own id of it.
    MemberId in_same_tenant(std::string_view user) const { return of(platform_, tenant(), user); }
    // True for people; false for channels (console channels start with '#').
    bool is_person() const { return !empty() && user().front() != '#'; }

    const std::string& str() const { return text_; }
    bool empty() const { return text_.empty(); }

    friend bool operator==(const MemberId& a, const MemberId& b) { return a.text_ == b.text_; }
    friend bool operator<(const MemberId& a, const MemberId& b) { return a.text_ < b.text_; }

private:
    std::string text_;
    Platform platform_ = Platform::console;
    std::uint16_t tenant_at_ = 0;
    std::uint16_t user_at_ = 0;
};

using ChannelId = MemberId;

// Whether the written member id belongs to the tenant key ("discord:111" holds
// "discord:111:42", not "discord:1112:42"), without parsing it: for hot loops over stored ids.
inline bool is_in_tenant(std::string_view member_id, std::string_view tenant_key) {
    return member_id.size() > tenant_key.size() && member_id.starts_with(tenant_key) &&
           member_id[tenant_key.size()] == ':';
}

// The tenant key of a written member id ("slack:T1" of "slack:T1:U2"), without parsing it:
// for hot loops over stored ids; empty when the text has fewer than two colons.
inline std::string_view tenant_key_of(std::string_view member_id) {
    const std::size_t first = member_id.find(':');
    const std::size_t second = first == std::string_view::npos ? first : member_id.find(':', first + 1);
    return second == std::string_view::npos ? std::string_view() : member_id.substr(0, second);
}

}  // namespace mentorbot
