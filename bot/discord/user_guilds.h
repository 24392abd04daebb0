// The server each Discord user was last seen in, kept compactly, so a DM can be answered as a member of it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mentorbot::discord {

// One entry for every user who used the bot in a server since it started: user ids are
// snowflakes, kept as numbers, and each server's id is kept once, so an entry costs
// about a quarter of a map of strings. A user id that is not a snowflake (Discord sends
// none) is kept as text.
class UserGuilds {
public:
    void remember(const std::string& user_id, const std::string& guild_id);
    // The server `user_id` was last seen in; nullptr when never.
    const std::string* find(const std::string& user_id) const;
    std::size_t size() const { return guild_of_user_.size() + guild_of_text_user_.size(); }

private:
    std::uint32_t guild_index(const std::string& guild_id);

    std::unordered_map<std::uint64_t, std::uint32_t> guild_of_user_;  // index into guilds_
    std::map<std::string, std::uint32_t, std::less<>> guild_of_text_user_;
    std::vector<std::string> guilds_;
    std::unordered_map<std::string, std::uint32_t> index_of_guild_;
};

}  // namespace mentorbot::discord
