// "Did you mean": which offered topics count as close to one nobody offers, and what members are told.
#include <catch2/catch.hpp>

#include "domain/topic_suggestions.h"
#include "storage/request_store.h"
#include "tests/support/callers.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

std::vector<std::string> names(const std::vector<OfferedTopic>& topics) {
    std::vector<std::string> shown;
    for (const auto& topic : topics) shown.push_back(topic.first);
    return shown;
}

const std::vector<OfferedTopic> offered = {
    {"python", 9},        {"kubernetes", 3}, {"javascript", 4}, {"react native", 2}, {"docker", 5},
    {"generative ai", 2}, {"sql", 6},        {"sre", 2},        {"c++", 1},          {"c#", 1},
};

}  // namespace

TEST_CASE("slips of a letter or two find the topic meant", "[topics][suggestions]") {
    CHECK(names(close_topics("kubernets", offered)) == std::vector<std::string>{"kubernetes"});
    CHECK(names(close_topics("pyhton", offered)) == std::vector<std::string>{"python"});
    CHECK(names(close_topics("dockr", offered)) == std::vector<std::string>{"docker"});
    CHECK(names(close_topics("generativeai", offered)) == std::vector<std::string>{"generative ai"});
    CHECK(names(close_topics("react-native", offered)) == std::vector<std::string>{"react native"});
}

TEST_CASE("a leading part or a word of the topic finds it after closer slips", "[topics][suggestions]") {
    CHECK(names(close_topics("java", offered)) == std::vector<std::string>{"javascript"});
    CHECK(names(close_topics("react", offered)) == std::vector<std::string>{"react native"});
    CHECK(names(close_topics("docker compose", offered)) == std::vector<std::string>{"docker"});
}

TEST_CASE("short and unrelated words suggest nothing", "[topics][suggestions]") {
    // Three letters are too few to call another three-letter topic a slip.
    CHECK(close_topics("sra", offered).empty());
    CHECK(close_topics("go", offered).empty());
    CHECK(close_topics("cobol", offered).empty());
    CHECK(close_topics("c", offered).empty());
    // A topic offered as asked is not "close": it is the one.
    CHECK(close_topics("python", offered).empty());
}

TEST_CASE("equally close topics come most offered first and at most three", "[topics][suggestions]") {
    // One slip from "daty" each, but "dart" (two) is not close at all.
    const std::vector<OfferedTopic> several = {{"data", 1}, {"date", 4}, {"dart", 5}, {"dty", 2}, {"dat", 3}};
    CHECK(names(close_topics("daty", several)) == std::vector<std::string>{"date", "dat", "dty"});
    CHECK(describe_close_topics(close_topics("daty", several)) ==
          "date (4 mentors), dat (3 mentors) or dty (2 mentors)");
    CHECK(describe_close_topics({{"data", 1}}) == "data (1 mentor)");
}

TEST_CASE("a request on a misspelt topic is queued and says which topic was likely meant",
          "[flash][topics][suggestions]") {
    TestChat chat;  // demo: ben, kai and carla offer kubernetes
    const Reply reply = chat.run("ana", "/flash request kubernets");
    const std::string& text = reply.response.text;
    CAPTURE(text);
    CHECK(has(text, "nobody offers kubernets yet"));
    CHECK(has(text, "Did you mean kubernetes (3 mentors)?"));
    CHECK(has(text, "ask again: /flash request topic:kubernetes."));
    REQUIRE(reply.response.buttons.size() == 1);
    CHECK(reply.response.buttons[0].label.starts_with("Cancel #"));
    // The button cancels the misspelt request, and the topic meant then finds a mentor.
    CHECK(has(chat.run("ana", reply.response.buttons[0].command_line).response.text, "ancelled"));
    CHECK(has(chat.run("ana", "/flash request topic:kubernetes").response.text, "offered to"));
}

TEST_CASE("a request on a topic someone offers gets no did-you-mean", "[flash][topics][suggestions]") {
    TestChat chat;
    const Reply reply = chat.run("ana", "/flash request kubernetes");
    CHECK_FALSE(has(reply.response.text, "Did you mean"));
    CHECK(reply.response.buttons.empty());
}

TEST_CASE("mentor list on a misspelt topic offers the close ones to list", "[mentor][list][topics][suggestions]") {
    TestChat chat;
    const Reply reply = chat.run("ana", "/mentor list kubernets");
    CAPTURE(reply.response.text);
    CHECK(has(reply.response.text, "Nobody here offers kubernets yet. Did you mean kubernetes (3 mentors)?"));
    REQUIRE(reply.response.buttons.size() == 1);
    CHECK(reply.response.buttons[0].label == "Mentors of kubernetes");
    CHECK(has(chat.run("ana", reply.response.buttons[0].command_line).response.text,
              "Mentors for kubernetes, page 1 of 1 (3 mentors)"));
}

TEST_CASE("close topics come only from the caller's own server", "[topics][suggestions][tenancy]") {
    TestChat chat(false);
    const Caller here_member = caller_of("discord:111:43", "ben");
    const Caller there_mentor = caller_of("discord:222:77", "mallory");
    chat.app().run(text_request(there_mentor, "/mentor offer topics:kubernetes"));
    const std::string listed = chat.app().run(text_request(here_member, "/mentor list kubernets")).response.text;
    CHECK_FALSE(has(listed, "Did you mean"));
    const std::string asked = chat.app().run(text_request(here_member, "/flash request kubernets")).response.text;
    CHECK_FALSE(has(asked, "Did you mean"));
    CHECK_FALSE(has(asked, "kubernetes"));
}
