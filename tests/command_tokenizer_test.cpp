// The command-line tokenizer on its own: words, name:value pairs, quotes, mentions and refusals.
#include <catch2/catch.hpp>

#include "commands/command_tokenizer.h"
#include "model/user_error.h"

using namespace mentorbot;

TEST_CASE("the tokenizer splits words and name:value pairs, lowercasing names", "[command_line]") {
    const auto tokens = tokenize_command_line("/flash  request Topic:k8s\xC2\xA0note:\"two words\"");
    REQUIRE(tokens.size() == 4);
    CHECK(tokens[0].value == "/flash");
    CHECK(tokens[0].name.empty());
    CHECK(tokens[1].value == "request");
    CHECK(tokens[2].name == "topic");
    CHECK(tokens[2].value == "k8s");
    CHECK_FALSE(tokens[2].quoted);
    CHECK(tokens[3].name == "note");
    CHECK(tokens[3].value == "two words");
    CHECK(tokens[3].quoted);
}

TEST_CASE("the tokenizer keeps mentions whole and reads escapes and curly quotes", "[command_line]") {
    const auto tokens = tokenize_command_line("<@U1|ana bee> \xE2\x80\x9Cmy \\\"pod\\\"\xE2\x80\x9D a\\\\b");
    REQUIRE(tokens.size() == 3);
    CHECK(tokens[0].value == "<@U1|ana bee>");
    CHECK(tokens[1].value == "my \"pod\"");
    CHECK(tokens[1].quoted);
    CHECK(tokens[2].value == "a\\\\b");  // escapes only count inside quotes
    CHECK(tokenize_command_line("   ").empty());
}

TEST_CASE("the tokenizer refuses an open quote and text glued to a closing quote", "[command_line]") {
    CHECK_THROWS_WITH(tokenize_command_line("note:\"never closed"), Catch::Contains("never closed"));
    CHECK_THROWS_WITH(tokenize_command_line("\"a\"b"), Catch::Contains("right after a closing quote: `b`"));
}

TEST_CASE("lowercase_ascii folds ASCII letters only", "[command_line]") {
    CHECK(lowercase_ascii("Flash-REQUEST") == "flash-request");
    CHECK(lowercase_ascii("\xC3\x84pfel") == "\xC3\x84pfel");  // Äpfel keeps its Ä
}
