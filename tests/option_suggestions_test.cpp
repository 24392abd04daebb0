// What an option offers while it is typed: topics by how many mentors offer them, pods by name, only the caller's
// tenant.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "bot/slack/slack_forms.h"
#include "commands/command_forms.h"
#include "model/command_request.h"
#include "storage/offer_store.h"
#include "tests/support/callers.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

std::vector<std::string> values_offered(TestChat& chat, const Caller& caller, OptionQuery query) {
    CommandRequest request;
    request.caller = caller;
    request.input = std::move(query);
    std::vector<std::string> values;
    for (const Choice& choice : chat.app().run(request).choices) values.push_back(choice.value);
    return values;
}

}  // namespace

TEST_CASE("a topic being typed is offered the topics mentors offer most first", "[suggestions]") {
    TestChat chat;
    chat.run("xia", "/mentor offer topics:kubernetes,kotlin");
    const auto typed = [&](const std::string& text) {
        return values_offered(chat, console_caller("gia"), {"flash", "request", "topic", text});
    };
    const std::vector<std::string> k = typed("k");
    REQUIRE(k.size() >= 2);
    CHECK(k.front() == "kubernetes");  // more mentors offer it than kotlin
    CHECK(std::find(k.begin(), k.end(), "kotlin") != k.end());
    CHECK(typed("k8s").front() == "kubernetes");
    CHECK(typed("LIN").front() == "kotlin");  // case folded, anywhere in the tag
    CHECK(typed("no such topic at all").empty());
    // An option that offers nothing, and one that does not exist, get nothing.
    CHECK(values_offered(chat, console_caller("gia"), {"flash", "request", "note", "k"}).empty());
    CHECK(values_offered(chat, console_caller("gia"), {"flash", "nowhere", "topic", "k"}).empty());
    // Another workspace sees none of this one's topics.
    CHECK(values_offered(chat, caller_of("slack:T9:U1", "Uma"), {"flash", "request", "topic", "k"}).empty());
}

TEST_CASE("a pod name being typed is offered the active pods of the caller's tenant", "[suggestions]") {
    TestChat chat;
    chat.run("ana", "/pod create rust-readers topic:rust");
    chat.run("ana", "/pod create go-readers topic:go");
    chat.run("ana", "/pod create retired-club topic:rust");
    chat.run("olivia", "/pod archive retired-club");
    const auto typed = [&](const std::string& text) {
        return values_offered(chat, console_caller("ben"), {"pod", "join", "name", text});
    };
    CHECK(typed("r") == std::vector<std::string>{"rust-readers", "go-readers"});  // starts with it first
    CHECK(typed("readers") == std::vector<std::string>{"go-readers", "rust-readers"});
    CHECK(typed("club").empty());  // archived
    // Naming a new pod offers nothing.
    CHECK(values_offered(chat, console_caller("ben"), {"pod", "create", "name", "r"}).empty());
}

TEST_CASE("an announcement's pod being picked is offered all then the active pods", "[suggestions][announce]") {
    TestChat chat;
    chat.run("ana", "/pod create rust-readers topic:rust");
    chat.run("ana", "/pod create go-readers topic:go");
    const auto typed = [&](const std::string& text) {
        return values_offered(chat, console_caller("olivia"), {"announce", "", "pod", text});
    };
    CHECK(typed("") == std::vector<std::string>{"all", "go-readers", "rust-readers"});
    CHECK(typed("al") == std::vector<std::string>{"all"});
    CHECK(typed("rust") == std::vector<std::string>{"rust-readers"});
    // In the Announce form the field is a pod picker, which Slack fills through block_suggestion.
    const Form announce = *form_for(CommandRegistry::standard(), "announce", "");
    REQUIRE(announce.fields.size() == 2);
    CHECK(announce.fields[0].kind == FormField::Kind::pod);
    CHECK(slack::modal_view(announce, "C1")["blocks"][0]["element"]["type"] == "external_select");
}

TEST_CASE("a time zone being typed is offered by its city with the member's own first", "[suggestions]") {
    TestChat chat;
    const auto typed = [&](const std::string& who, const std::string& text) {
        return values_offered(chat, console_caller(who), {"profile", "set", "tz", text});
    };
    CHECK(typed("ana", "berl").front() == "Europe/Berlin");
    CHECK(typed("ana", "new york").front() == "America/New_York");
    CHECK(typed("ana", "TOKYO").front() == "Asia/Tokyo");
    const std::vector<std::string> europe = typed("ana", "europe/");
    CHECK(europe.size() == 25);  // at most a list's worth
    CHECK(typed("ana", "no such place").empty());
    // Opened before anything is typed: the member's own zone, then the zones most teams use.
    const std::vector<std::string> gia = typed("gia", "");
    REQUIRE(gia.size() >= 2);
    CHECK(gia[0] == "America/New_York");  // gia works from New York
    CHECK(std::find(gia.begin(), gia.end(), "Europe/London") != gia.end());
    // Each one offered is a zone the typed option takes.
    for (const std::string& zone : typed("ana", "kol"))
        CHECK(chat.run("ana", "/profile set tz:" + zone).response.text.find("⚠️") == std::string::npos);

    // The profile form's time zone is a picker on Slack, fed by the same suggestions.
    const Form profile = *form_for(CommandRegistry::standard(), "profile", "set");
    const auto tz = std::find_if(profile.fields.begin(), profile.fields.end(),
                                 [](const FormField& field) { return field.name == "tz"; });
    REQUIRE(tz != profile.fields.end());
    CHECK(tz->kind == FormField::Kind::time_zone);
    bool picker = false;
    const nlohmann::json view = slack::modal_view(profile, "C1");
    INFO(view.dump());
    for (const auto& block : view["blocks"])
        if (block["block_id"] == "tz") picker = block["element"]["type"] == "external_select";
    CHECK(picker);
}

TEST_CASE("the topics offered are counted from the kept mentors as the tables count them", "[suggestions]") {
    TestChat chat;
    // The tables' count: every topic tag of a member who offers, in the tenant, most first.
    const auto counted_in_tables = [&](const std::string& tenant) {
        SQLite::Statement query(chat.database().connection(),
                                "SELECT t.tag, COUNT(*) FROM member_tags t JOIN mentor_offers o ON o.member_id = "
                                "t.member_id WHERE t.kind = 'topic' AND substr(t.member_id, 1, length(?1) + 1) = ?1 "
                                "|| ':' GROUP BY t.tag ORDER BY COUNT(*) DESC, t.tag");
        query.bind(1, tenant);
        std::vector<std::pair<std::string, int>> topics;
        while (query.executeStep()) topics.emplace_back(query.getColumn(0).getString(), query.getColumn(1).getInt());
        return topics;
    };
    const auto same_as_tables = [&] {
        for (const char* tenant : {"console:local", "slack:T9"}) {
            INFO(tenant);
            REQUIRE(OfferStore(chat.database()).topics_offered(tenant) == counted_in_tables(tenant));
        }
    };
    same_as_tables();
    chat.run("xia", "/mentor offer topics:kubernetes,kotlin");
    chat.app().run(text_request(caller_of("slack:T9:U1", "Uma"), "/mentor offer topics:kotlin,rust"));
    same_as_tables();
    // A paused mentor still offers; one who changes topics or stops is counted again.
    chat.run("ben", "/mentor pause");
    chat.run("kai", "/mentor offer topics:rust");
    chat.run("carla", "/mentor stop");
    same_as_tables();
    const auto here = OfferStore(chat.database()).topics_offered("console:local");
    REQUIRE_FALSE(here.empty());
    CHECK(std::find(here.begin(), here.end(), std::make_pair(std::string("rust"), 1)) != here.end());
    CHECK(OfferStore(chat.database()).topics_offered("slack:T9") ==
          std::vector<std::pair<std::string, int>>{{"kotlin", 1}, {"rust", 1}});
    CHECK(OfferStore(chat.database()).topics_offered("discord:404").empty());
}
