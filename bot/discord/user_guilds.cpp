// Remembers each user's server as a number pair: the user's snowflake and the server's place in a short list.
#include "bot/discord/user_guilds.h"

#include "bot/discord/interactions.h"

namespace mentorbot::discord {

std::uint32_t UserGuilds::guild_index(const std::string& guild_id) {
    auto [found, added] = index_of_guild_.try_emplace(guild_id, static_cast<std::uint32_t>(guilds_.size()));
    if (added) guilds_.push_back(guild_id);
    return found->second;
}

void UserGuilds::remember(const std::string& user_id, const std::string& guild_id) {
    const std::uint32_t guild = guild_index(guild_id);
    if (const auto number = snowflake_number(user_id)) {
        guild_of_user_[*number] = guild;
    } else {
        guild_of_text_user_[user_id] = guild;
    }
}

const std::string* UserGuilds::find(const std::string& user_id) const {
    if (const auto number = snowflake_number(user_id)) {
        const auto found = guild_of_user_.find(*number);
        return found == guild_of_user_.end() ? nullptr : &guilds_[found->second];
    }
    const auto found = guild_of_text_user_.find(user_id);
    return found == guild_of_text_user_.end() ? nullptr : &guilds_[found->second];
}

}  // namespace mentorbot::discord
