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

}  // namespace mentorbot::fuzz
