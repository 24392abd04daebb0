// Meeting .ics files the console writes for its members: private (0600), never through a symbolic link.
#pragma once

#include <filesystem>
#include <string>

namespace mentorbot {

// The configured directory, or the one the database file is in.
std::filesystem::path calendar_directory(const std::string& configured, const std::string& database_path);

// Writes `text` to `directory`/`name` (creating the directory, 0700, when missing),
// replacing an earlier file of that name but refusing a symbolic link or anything that is
// not a plain file. Returns the path written; throws std::runtime_error with the reason.
std::filesystem::path write_calendar_file(const std::filesystem::path& directory, const std::string& name,
                                          const std::string& text);

}  // namespace mentorbot
