// The server a Discord user was last seen in, for answering their DMs.
#include <catch2/catch.hpp>

#include "bot/discord/user_guilds.h"

using mentorbot::discord::UserGuilds;

TEST_CASE("A user's server is the one they were last seen in", "[discord][user_guilds]") {
    UserGuilds guilds;
    CHECK(guilds.find("55") == nullptr);
    guilds.remember("55", "G1");
    guilds.remember("1234567890123456789", "880000000000000001");
    REQUIRE(guilds.find("55") != nullptr);
    CHECK(*guilds.find("55") == "G1");
    CHECK(*guilds.find("1234567890123456789") == "880000000000000001");
    guilds.remember("55", "G7");
    CHECK(*guilds.find("55") == "G7");
    CHECK(guilds.size() == 2);
    // The same digits written otherwise are another user.
    CHECK(guilds.find("055") == nullptr);
}

TEST_CASE("A user id that is not a snowflake number is remembered as written", "[discord][user_guilds]") {
    UserGuilds guilds;
    guilds.remember("mo", "G1");
    guilds.remember("055", "G2");
    guilds.remember("55", "G3");
    CHECK(*guilds.find("mo") == "G1");
    CHECK(*guilds.find("055") == "G2");
    CHECK(*guilds.find("55") == "G3");
    CHECK(guilds.find("ann") == nullptr);
    CHECK(guilds.size() == 3);
}
