// Forms generated from the registry: opened by a command without options, validated exactly like the typed command.
#include <catch2/catch.hpp>

#include "commands/command_forms.h"
#include "tests/support/callers.h"
#include "tests/support/row_count.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

Reply submit(TestChat& chat, const std::string& who, FormSubmission submission) {
    CommandRequest request{console_caller(who, "console:local:#general"), {}, std::move(submission)};
    return chat.app().run(std::move(request));
}

// What a refusal must leave untouched: everything a form's command could store.
long long stored(Database& database) {
    long long total = 0;
    for (const char* table : {"requests", "mentor_offers", "pods", "pod_members", "announcements", "feedback", "outbox",
                              "jobs", "members", "sessions"})
        total = total * 7 + count_rows(database, std::string("SELECT count(*) FROM ") + table);
    return total;
}

// A value the field's option refuses, written so it can also be typed without quotes.
std::string bad_value(const FormField& field) {
    switch (field.kind) {
        case FormField::Kind::number: return "many";
        case FormField::Kind::choice: return "nonsense";
        case FormField::Kind::member: return "bad!name";
        case FormField::Kind::channel: return "bad!channel";
        case FormField::Kind::date_time: return "soon";
        case FormField::Kind::date: return "someday";
        case FormField::Kind::time: return "noonish";
        case FormField::Kind::time_zone: return "Mars/Olympus";
        case FormField::Kind::topic:
            if (field.multiple) return std::string(80, 't');
            return std::string(field.max_chars + 1, 't');
        default: return std::string(field.max_chars + 1, 'x');
    }
}

// The form `reply` opens, required to be there.
const Form& opened_form(const Reply& reply) {
    REQUIRE(reply.form);
    REQUIRE(reply.form->open);
    return *reply.form->open;
}

}  // namespace

TEST_CASE("a command with a form given no options opens the form and the console shows its fields", "[forms]") {
    TestChat chat;
    const Reply reply = chat.run("ana", "/flash request");
    const Form& form = opened_form(reply);
    CHECK(form.title == "Ask for help");
    CHECK(form.command == "flash");
    CHECK(form.subcommand == "request");
    std::vector<std::string> names;
    for (const FormField& field : form.fields) names.push_back(field.name);
    CHECK(names == std::vector<std::string>{"topic", "kind", "minutes", "note", "when"});
    CHECK(form.fields[0].kind == FormField::Kind::topic);
    CHECK(form.fields[0].required);
    CHECK(form.fields[3].kind == FormField::Kind::long_text);
    CHECK(form.fields[4].kind == FormField::Kind::date_time);
    // The console shows the fields, each kind explained, and the line to type instead.
    CHECK(has(reply.response.text, "Ask for help (/flash request)"));
    CHECK(has(reply.response.text, "• Topic (topic, picked from those mentors offer, required)"));
    CHECK(has(reply.response.text, "micro — 15 minutes on one concrete challenge"));
    CHECK(has(reply.response.text, "Usage: /flash request topic:<text>"));
    // Typed with options, the command runs exactly as before.
    const Reply typed = chat.run("ana", "/flash request kubernetes");
    CHECK_FALSE(typed.form);
    CHECK(count_rows(chat.database(), "SELECT count(*) FROM requests WHERE requester_id = 'console:local:ana'") == 1);
}

TEST_CASE("every form the product has opens from its command and lists only options of it", "[forms]") {
    TestChat chat;
    int forms = 0;
    for (const CommandSpec& command : CommandRegistry::standard().commands()) {
        for (const SubcommandSpec& subcommand : command.subcommands) {
            std::optional<Form> form = form_for(CommandRegistry::standard(), command.name, subcommand.name);
            if (!form) continue;
            ++forms;
            CHECK(!form->fields.empty());
            CHECK(form_named(CommandRegistry::standard(), form_id(*form))->title == form->title);
        }
    }
    CHECK(forms == 10);
    // An admin's form is not offered to a member who may not use it: the typed refusal answers.
    const Reply announce = chat.run("zoe", "/announce");
    CHECK_FALSE(announce.form);
    CHECK(has(announce.response.text, "missing required option `pod`"));
    const Reply form_pods = chat.run("zoe", "/pod form");
    CHECK_FALSE(form_pods.form);
    CHECK(has(form_pods.response.text, "missing required option `topic`"));
    CHECK(chat.run("olivia", "/pod form").form);
}

TEST_CASE("every form field refuses a bad value with the typed command's words and stores nothing", "[forms]") {
    TestChat chat;
    int checked = 0;
    for (const CommandSpec& command : CommandRegistry::standard().commands()) {
        for (const SubcommandSpec& subcommand : command.subcommands) {
            std::optional<Form> form = form_for(CommandRegistry::standard(), command.name, subcommand.name);
            if (!form) continue;
            for (const FormField& field : form->fields) {
                const std::string value = bad_value(field);
                const std::string line = "/" + command.name + (subcommand.name.empty() ? "" : " " + subcommand.name) +
                                         " " + field.name + ":" + value;
                INFO(line);
                const long long before = stored(chat.database());
                const Reply typed = chat.run("ana", line);
                const Reply submitted = submit(chat, "ana", {command.name, subcommand.name, {{field.name, value}}});
                CHECK(stored(chat.database()) == before);
                CHECK(typed.response.text.starts_with("⚠️ "));
                CHECK(submitted.response.text == typed.response.text);
                REQUIRE(submitted.form);
                CHECK(submitted.form->refused_field == field.name);
                CHECK(has(typed.response.text, submitted.form->refusal));
                ++checked;
            }
        }
    }
    CHECK(checked >= 20);
}

TEST_CASE("a form left incomplete or refused by the command names the field it concerns", "[forms]") {
    TestChat chat;
    const long long before = stored(chat.database());
    // Nothing filled in: the first required field.
    const Reply empty = submit(chat, "ana", {"flash", "request", {{"note", "  "}}});
    REQUIRE(empty.form);
    CHECK(empty.form->refused_field == "topic");
    CHECK(empty.form->refusal == "missing required option `topic` (what you need help with, e.g. kubernetes).");
    // A refusal from inside the command, about the note a micro request needs.
    const Reply micro = submit(chat, "ana", {"flash", "request", {{"topic", "kubernetes"}, {"kind", "micro"}}});
    REQUIRE(micro.form);
    CHECK(micro.form->refused_field == "note");
    CHECK(micro.response.text == chat.run("ana", "/flash request kubernetes kind:micro").response.text);
    CHECK(stored(chat.database()) == before);
}

TEST_CASE("a number field without an upper bound reads as one in the console", "[forms]") {
    TestChat chat;
    const Reply reply = chat.run("ana", "/feedback session");
    CHECK(opened_form(reply).fields[0].kind == FormField::Kind::number);
    CHECK(has(reply.response.text, "• Id (number 1 or more, required)"));
    CHECK(has(reply.response.text, "• Rating (number 1–5, required)"));
    CHECK_FALSE(has(reply.response.text, "9223372036854775807"));
}

TEST_CASE("a form filled in runs its command as the member typed it", "[forms]") {
    TestChat chat;
    const Reply reply =
        submit(chat, "ana",
               {"flash",
                "request",
                {{"topic", "kubernetes"}, {"kind", "flash"}, {"minutes", ""}, {"note", "my pods keep restarting"}}});
    CHECK_FALSE(reply.form);
    CHECK(count_rows(chat.database(), "SELECT count(*) FROM requests WHERE requester_id = 'console:local:ana' AND "
                                      "note = 'my pods keep restarting'") == 1);
}

TEST_CASE("a peer note is written in its form with a person a note and a pod picked from the member's own", "[forms]") {
    TestChat chat;
    const Reply opened = chat.run("ana", "/feedback peer");
    const Form& form = opened_form(opened);
    CHECK(form.title == "Peer feedback");
    REQUIRE(form.fields.size() == 3);
    CHECK(form.fields[0].kind == FormField::Kind::member);
    CHECK(form.fields[0].required);
    CHECK(form.fields[1].kind == FormField::Kind::long_text);
    CHECK(form.fields[2].kind == FormField::Kind::pod);
    CHECK(has(opened.response.text, "Usage: /feedback peer"));

    // Without the note: refused on that field, and nobody hears anything.
    const Reply refused = submit(chat, "ana", {"feedback", "peer", {{"user", "@ben"}}});
    REQUIRE(refused.form);
    CHECK(refused.form->refused_field == "note");
    CHECK(chat.messages_for("ben").empty());

    const Reply sent = submit(chat, "ana", {"feedback", "peer", {{"user", "@ben"}, {"note", "thanks for the review"}}});
    CHECK(has(sent.response.text, "Sent your note to"));
    chat.app().deliver_outbox();
    const auto to_ben = chat.messages_for("ben");
    REQUIRE(to_ben.size() == 1);
    CHECK(has(to_ben[0].text, "thanks for the review"));
}
