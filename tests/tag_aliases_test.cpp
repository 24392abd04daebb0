// The built-in alias table: common spellings of one topic meet, in both directions, and `&` in a tag is plain text.
#include <catch2/catch.hpp>

#include <string>

#include "domain/tags.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

TEST_CASE("common spellings of a topic are one tag", "[tags]") {
    const TagAliases aliases;
    CHECK(aliases.canonical("postgres") == "postgresql");
    CHECK(aliases.canonical("Postgres ") == "postgresql");
    CHECK(aliases.canonical("pg") == "postgresql");
    CHECK(aliases.canonical("postgresql") == "postgresql");
    CHECK(aliases.canonical("GenAI") == "generative ai");
    CHECK(aliases.canonical("gen-ai") == "generative ai");
    CHECK(aliases.canonical("Gen  AI") == "generative ai");
    CHECK(aliases.canonical("generative-ai") == "generative ai");
    CHECK(aliases.canonical("GTM") == "go-to-market");
    CHECK(aliases.canonical("go to market") == "go-to-market");
    CHECK(aliases.canonical("cx") == "customer experience");
    CHECK(aliases.canonical("FP&A") == "financial planning and analysis");
    CHECK(aliases.canonical("Financial Planning & Analysis") == "financial planning and analysis");
    CHECK(aliases.canonical("k8s") == "kubernetes");
    CHECK(aliases.canonical("cpp") == "c++");
    CHECK(aliases.canonical("ml") == "machine learning");
    // A tag nobody aliased comes back as typed, folded: `&` and other signs stay.
    CHECK(aliases.canonical("R&D") == "r&d");
    CHECK(aliases.canonical("<b>&amp;") == "<b>&amp;");
}

TEST_CASE("every built-in alias names its canonical tag in one step", "[tags]") {
    const TagAliases aliases;
    for (const auto& [alias, canonical_tag] : aliases.all()) {
        INFO(alias << " = " << canonical_tag);
        CHECK(normalize_tag(alias) == alias);
        CHECK_FALSE(aliases.all().contains(canonical_tag));
        CHECK(aliases.canonical(canonical_tag) == canonical_tag);
    }
}

TEST_CASE("a request for postgres finds a mentor who offers postgresql, and the other way round", "[tags][flash]") {
    TestChat chat;
    chat.jump(std::chrono::hours(5));
    chat.run("lena", "/mentor offer topics:postgresql capacity:2");
    const std::string first = chat.run("ana", "/flash request postgres").response.text;
    CHECK(has(first, "(flash, postgresql, 30 min): offered to " + at("lena")));

    chat.run("olivia", "/mentor offer topics:Postgres capacity:2");
    // lena keeps the offer she holds but no longer offers the topic (a pause would hand that
    // offer on to olivia, who then holds one already).
    chat.run("lena", "/mentor offer topics:go");
    const std::string second = chat.run("mo", "/flash request postgresql").response.text;
    CHECK(has(second, "(flash, postgresql, 30 min): offered to " + at("olivia")));
}

TEST_CASE("fp&a, gtm, cx and genai requests find mentors who spelled the topic out", "[tags][flash]") {
    TestChat chat;
    chat.jump(std::chrono::hours(5));
    chat.run("olivia", "/mentor offer topics:\"financial planning & analysis, go-to-market\" capacity:5");
    chat.run("lena", "/mentor offer topics:\"customer experience, generative ai, negotiation\" capacity:5");
    CHECK(has(chat.run("ana", "/flash request fp&a").response.text,
              "Request #1 (flash, financial planning and analysis, 30 min): offered to " + at("olivia")));
    chat.run("olivia", "/flash accept 1");
    CHECK(has(chat.run("mo", "/flash request GTM").response.text,
              "Request #2 (flash, go-to-market, 30 min): offered to " + at("olivia")));
    CHECK(has(chat.run("ines", "/flash request cx").response.text,
              "Request #3 (flash, customer experience, 30 min): offered to " + at("lena")));
    chat.run("lena", "/flash accept 3");
    CHECK(has(chat.run("jon", "/flash request gen-ai").response.text,
              "Request #4 (flash, generative ai, 30 min): offered to " + at("lena")));
    // A tag with `&` that no alias knows is kept as typed and matched as typed.
    chat.run("kai", "/mentor offer topics:r&d,go capacity:3");
    CHECK(has(chat.run("gia", "/flash request R&D").response.text,
              "Request #5 (flash, r&d, 30 min): offered to " + at("kai")));
}
