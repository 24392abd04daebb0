// Text from members as it reaches logs and names: escaped, bounded, free of invisible tricks.
#include <catch2/catch.hpp>

#include "util/text.h"

using namespace mentorbot;

TEST_CASE("log text shows control characters as escapes and is cut at its bound", "[text]") {
    CHECK(escape_for_log("a\nb\rc\td\x1b"
                         "e") == "a\\nb\\rc\\td\\x1be");
    CHECK(escape_for_log("next\xC2\x85line\xE2\x80\xA8") == "next\\u0085line\\u2028");
    CHECK(escape_for_log("Straße ok") == "Straße ok");
    const std::string cut = escape_for_log(std::string(5000, 'a'), 100);
    CHECK(cut == std::string(100, 'a') + "…[4900 more bytes]");
}
