// Text from members as it reaches logs and names: escaped, bounded, free of invisible tricks.
#include <catch2/catch.hpp>

#include "tests/support/row_count.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"
#include "util/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

TEST_CASE("log text shows control characters as escapes and is cut at its bound", "[text]") {
    CHECK(escape_for_log("a\nb\rc\td\x1b"
                         "e") == "a\\nb\\rc\\td\\x1be");
    CHECK(escape_for_log("next\xC2\x85line\xE2\x80\xA8") == "next\\u0085line\\u2028");
    CHECK(escape_for_log("Straße ok") == "Straße ok");
    const std::string cut = escape_for_log(std::string(5000, 'a'), 100);
    CHECK(cut == std::string(100, 'a') + "…[4900 more bytes]");
}

TEST_CASE("invisible and direction-changing characters are found and named", "[text]") {
    CHECK(invisible_character_in("Rust Pod") == std::nullopt);
    CHECK(invisible_character_in("Zoë 李小龍") == std::nullopt);
    CHECK(invisible_character_in("\xE2\x80\xAE"
                                 "dog") == "U+202E");
    CHECK(invisible_character_in("a\xE2\x80\x8B"
                                 "b") == "U+200B");
    CHECK(invisible_character_in("a\xE2\x81\xA6"
                                 "b") == "U+2066");
    CHECK(invisible_character_in("\xEF\xBB\xBF"
                                 "x") == "U+FEFF");
}

TEST_CASE("look-alike names share a skeleton and different names do not", "[text]") {
    const std::string latin = confusable_skeleton("Rust Pod");
    CHECK(confusable_skeleton("Rust P\xD0\xBE"
                              "d") == latin);  // Cyrillic о
    CHECK(confusable_skeleton("rust pod") == latin);
    CHECK(confusable_skeleton("ＲＵＳＴ ＰＯＤ") == latin);  // full-width
    CHECK(confusable_skeleton("Rust Pods") != latin);
    CHECK(confusable_skeleton("Go Pod") != latin);
}

TEST_CASE("a pod whose name only looks like an existing pod's is refused", "[text]") {
    TestChat chat;
    chat.run("ana", "/pod create rust-pod");
    const std::string cyrillic = "rust-p\xD0\xBE"
                                 "d";
    std::string refused = chat.run("ben", "/pod create " + cyrillic).response.text;
    CHECK_THAT(refused, Catch::Contains("a pod named rust-pod already exists"));
    CHECK_THAT(chat.run("ben", "/pod create RUST-POD").response.text, Catch::Contains("already exists"));
    CHECK(count_rows(chat.database(), "SELECT COUNT(*) FROM pods") == 1);
    CHECK_THAT(chat.run("ben", "/pod create rust-pods").response.text, Catch::Contains("Pod rust-pods created"));
}

TEST_CASE("names pod names and topics with invisible or direction characters are refused", "[text]") {
    TestChat chat;
    const std::string reversed = "\xE2\x80\xAE"
                                 "gnp.exe";
    CHECK_THAT(chat.run("ana", "/pod create " + reversed).response.text,
               Catch::Contains("invisible or text-direction character (U+202E)"));
    CHECK_THAT(chat.run("ana", "/pod create readers topic:ru\xE2\x80\x8Bst").response.text,
               Catch::Contains("topic contains an invisible"));
    CHECK(count_rows(chat.database(), "SELECT COUNT(*) FROM pods") == 0);
    const std::string before = chat.run("ana", "/profile show").response.text;
    CHECK_THAT(chat.run("ana", "/profile set name:" + reversed).response.text, Catch::Contains("(U+202E)"));
    CHECK_THAT(chat.run("ana", "/profile set skills:go,\xE2\x81\xA6rust").response.text, Catch::Contains("(U+2066)"));
    CHECK(chat.run("ana", "/profile show").response.text == before);
}

TEST_CASE("a display name may not claim admin in brackets", "[text]") {
    TestChat chat;
    const std::string before = chat.run("ana", "/profile show").response.text;
    for (const std::string name : {"\"Ana (Program Admin)\"", "\"Ana [admin]\"",
                                   "\"Ana (\xD0\x90"
                                   "dmin)\""}) {
        INFO(name);
        CHECK_THAT(chat.run("ana", "/profile set name:" + name).response.text,
                   Catch::Contains("may not say admin in brackets"));
    }
    CHECK(chat.run("ana", "/profile show").response.text == before);
    CHECK_THAT(chat.run("ana", "/profile set name:\"Ana Admin-Smith\"").response.text,
               Catch::Contains("Profile saved"));
}
