// The one kind of request every transport hands the app: who, which delivery, what input, when to commit.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "model/invocation.h"

namespace mentorbot {

// A slash command typed as text ("/flash request kubernetes note:\"…\"") or the command
// line behind a button. Mentions in it (<@U123>) name members of the caller's tenant.
struct TextLine {
    std::string line;
};

// A command whose options arrived already split by the platform (Discord): option
// name → raw value as text, users and channels as the platform's own ids.
struct TypedOptions {
    std::string command;
    std::string subcommand;
    std::vector<std::pair<std::string, std::string>> options;
};

// An option value being typed (Discord autocomplete): which option of which command, and
// what is in it so far. It runs nothing; the answer is Reply::choices.
struct OptionQuery {
    std::string command;
    std::string subcommand;
    std::string option;
    std::string typed;
};

// A filled-in form (a Slack or Discord modal): field name → value as text, empty fields
// left out. It runs the same path as typed options; a refusal names the field it concerns.
struct FormSubmission {
    std::string command;
    std::string subcommand;
    std::vector<std::pair<std::string, std::string>> fields;
};

// What the member sent. Later surfaces add their own alternative here rather than a
// method of their own.
using CommandInput = std::variant<TextLine, TypedOptions, OptionQuery, FormSubmission>;

// When the command's changes must be durable.
enum class CommitPolicy {
    // Before the reply is handed back: the console, anything that answers at once.
    before_reply,
    // The reply may wait a moment so that commands arriving together share one commit
    // (Slack acks, Discord answers). It is still handed back once the changes are durable.
    may_share_commit,
};

struct CommandRequest {
    Caller caller;
    // Names a platform delivery that may arrive more than once ("slack:envelope:…",
    // "discord:interaction:…"): the first runs, later ones get the same reply without
    // running again. Empty for input that cannot repeat (the console).
    std::string delivery_key;
    CommandInput input;
    CommitPolicy commit = CommitPolicy::before_reply;
};

}  // namespace mentorbot
