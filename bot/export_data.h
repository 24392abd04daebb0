// `mentorbot export --format csv|json [--out DIR]`: everything the bot holds about the program, as files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "storage/database.h"

namespace mentorbot {

enum class ExportFormat { csv, json };

// Writes members (with their skills, goals and topics), mentor offers, requests,
// sessions, feedback, peer feedback, pods with members, wait lists, pools, signups and
// check-ins, announcements and tag aliases. CSV: one file per table; JSON: one file.
// Forgotten members are already gone from the tables; on top of that, any member id in
// free text that no longer belongs to a member is written as "(forgotten member)", so
// an export never brings a forgotten person back. CSV text cells that a spreadsheet
// would run as a formula (=, +, -, @, tab, carriage return first) get a leading quote.
// Files are created 0600; an existing file or a symbolic link in the way is refused
// (std::runtime_error naming it) before anything is written. Returns the files written.
std::vector<std::filesystem::path> export_data(Database& database, ExportFormat format,
                                               const std::filesystem::path& directory, long long now);

}  // namespace mentorbot
