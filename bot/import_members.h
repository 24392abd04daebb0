// `mentorbot import members FILE.csv`: members in bulk from an HR export, bad rows reported by line.
#pragma once

#include <istream>
#include <optional>
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

// What one import may hold, so a wrong or hostile file is refused instead of filling memory.
struct CsvLimits {
    static constexpr std::size_t default_max_bytes = 50 * 1024 * 1024;
    static constexpr std::size_t default_max_rows = 200'000;  // not counting the header
    static constexpr std::size_t default_max_field_chars = 1'000;
    std::size_t max_bytes = default_max_bytes;
    std::size_t max_rows = default_max_rows;
    std::size_t max_field_chars = default_max_field_chars;
};

// Reads a CSV with a header row naming (in any order, any case) name, platform id,
// department, level, time zone, start date, skills and optionally location; only the
// platform id column is required and other columns are ignored. Good rows are created
// or updated, bad rows are skipped and reported by line. The file is read as a stream, one
// record at a time. Throws std::runtime_error, with nothing imported, when the file cannot
// be used at all (no header, no platform id column, an unclosed quote, or over one of
// `limits`, the error naming the limit). A seekable stream (a file) is read twice: the
// first pass finds those, then rows are committed a few hundred at a time, so another
// writer such as the running bot waits at most one chunk; an import stopped halfway
// leaves whole chunks, and running it again updates them. A pipe is one transaction.
ImportReport import_members_csv(Database& database, std::istream& csv, const TagAliases& aliases, long long now,
                                const CsvLimits& limits = {});

// "12 members created, 3 updated; 2 rows skipped:\n  line 4: level …"
std::string describe_import(const ImportReport& report);

// One record of a CSV file (RFC 4180: quoted fields, "" for a quote, line breaks inside quotes).
struct CsvRecord {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

// Reads CSV records one at a time from a stream; blank lines are skipped, a UTF-8 byte
// order mark dropped. Throws std::runtime_error naming the line of a quote that is never
// closed, or the limit a file goes over (size, rows after the header, characters in a field).
class CsvReader {
public:
    explicit CsvReader(std::istream& input, const CsvLimits& limits = {});
    // The next record, or nothing at the end of the file.
    std::optional<CsvRecord> next();

private:
    int get();
    int peek();

    std::istream& input_;
    CsvLimits limits_;
    std::size_t bytes_ = 0;
    std::size_t records_ = 0;
    std::size_t line_ = 1;
    bool started_ = false;
    std::string leftover_;  // bytes read looking for a byte order mark that was not one
};

// Every record of the stream (see CsvReader).
std::vector<CsvRecord> parse_csv(std::istream& input, const CsvLimits& limits = {});

}  // namespace mentorbot
