// `mentorbot import members FILE.csv`: members in bulk from an HR export, bad rows reported by line.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "domain/tags.h"
#include "storage/database.h"

namespace mentorbot {

struct ImportProblem {
    std::size_t line = 0;  // where the row starts in the file (1 = header)
    std::string reason;
};

struct ImportReport {
    std::size_t created = 0;
    std::size_t updated = 0;
    std::vector<ImportProblem> problems;
};

// Reads a CSV with a header row naming (in any order, any case) name, platform id,
// department, level, time zone, start date, skills and optionally location; only the
// platform id column is required and other columns are ignored. Good rows are created
// or updated, bad rows are skipped and reported by line; the whole file is one
// transaction. Throws std::runtime_error when the file cannot be used at all (no
// header, no platform id column, an unclosed quote).
ImportReport import_members_csv(Database& database, std::istream& csv, const TagAliases& aliases, long long now);

// "12 members created, 3 updated; 2 rows skipped:\n  line 4: level …"
std::string describe_import(const ImportReport& report);

// One record of a CSV file (RFC 4180: quoted fields, "" for a quote, line breaks inside quotes).
struct CsvRecord {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

// Splits CSV text into records; blank lines are skipped, a UTF-8 byte order mark dropped.
// Throws std::runtime_error naming the line of a quote that is never closed.
std::vector<CsvRecord> parse_csv(std::istream& input);

}  // namespace mentorbot
