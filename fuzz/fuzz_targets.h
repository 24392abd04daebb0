// What each fuzz target feeds its input to; shared by the libFuzzer binaries and the corpus replay test.
#pragma once

#include <string_view>

namespace mentorbot::fuzz {

// Each function must return normally for any input: the only acceptable reactions to
// bad input are a user error or a refusal. Anything else (a crash, a sanitizer report,
// an internal error in a command) is a bug and aborts.
void command_text(std::string_view input);  // the Slack-style text reader
void commands(std::string_view input);      // lines run as commands through the real app
void config_file(std::string_view input);   // the TOML config loader
void csv_import(std::string_view input);    // the HR CSV importer
// Platform frames, one per input line (an input without a newline is one frame).
void slack_envelope(std::string_view input);  // Socket Mode frames through the client and handler into the app
void discord_frame(std::string_view input);   // Gateway frames through the session and interactions into the app
// Raw bytes on one connection to the operator's endpoint (/metrics, /healthz, /admin).
void http_request(std::string_view input);

}  // namespace mentorbot::fuzz
