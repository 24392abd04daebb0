// The simulation's search for forgotten people's names in the tables and in what the bot sends.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/simulation/name_finder.h"

using mentorbot::simulation::NameFinder;

namespace {

std::vector<int> found_in(const NameFinder& names, const std::string& text) {
    std::vector<int> found;
    names.each_in(text, [&](int who) { found.push_back(who); });
    return found;
}

}  // namespace

TEST_CASE("a forgotten name is found wherever it stands in a text, as often as it stands there", "[simulation]") {
    NameFinder names;
    names.add("qwertyui", 1);
    names.add("asdfghjk", 2);
    CHECK(found_in(names, "qwertyui") == std::vector<int>{1});
    CHECK(found_in(names, "console:local:asdfghjk") == std::vector<int>{2});
    CHECK(found_in(names, "<@asdfghjk> and <@qwertyui>, then asdfghjk again") == std::vector<int>{2, 1, 2});
    // Inside a longer word too, as a search for the name as text would find it.
    CHECK(found_in(names, "xxqwertyuixx") == std::vector<int>{1});
    CHECK(found_in(names, "asdfghjkqwertyui") == std::vector<int>{2, 1});
}

TEST_CASE("what only looks like a forgotten name is not taken for one", "[simulation]") {
    NameFinder names;
    CHECK(names.empty());
    CHECK(found_in(names, "qwertyui").empty());
    names.add("qwertyui", 1);
    CHECK_FALSE(names.empty());
    CHECK(found_in(names, "qwertyu").empty());    // one letter short
    CHECK(found_in(names, "qwert yui").empty());  // broken by a space
    CHECK(found_in(names, "QWERTYUI").empty());   // another case, as the tables' own search would not find it
    CHECK(found_in(names, "qwertyuj").empty());   // the last letter differs
    CHECK(found_in(names, "wqertyui").empty());   // two letters swapped
    CHECK(found_in(names, "").empty());
}
