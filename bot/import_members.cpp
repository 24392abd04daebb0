// Member import: CSV records checked one by one, the good ones written in chunks of a few hundred.
#include "bot/import_members.h"

#include <cctype>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <date/date.h>

#include "domain/levels.h"
#include "model/member_id.h"
#include "model/mention.h"
#include "storage/unit_of_work.h"
#include "util/text.h"
#include "domain/time_zones.h"
#include "storage/member_store.h"

namespace mentorbot {

namespace {

std::string with_thousands(std::size_t number) {
    std::string digits = std::to_string(number), out;
    for (std::size_t index = 0; index < digits.size(); ++index) {
        if (index > 0 && (digits.size() - index) % 3 == 0) out += ',';
        out += digits[index];
    }
    return out;
}

}  // namespace

CsvReader::CsvReader(std::istream& input, const CsvLimits& limits) : input_(input), limits_(limits) {}

int CsvReader::get() {
    int c = input_.get();
    if (c == std::char_traits<char>::eof()) return c;
    if (++bytes_ > limits_.max_bytes)
        throw std::runtime_error("the file is larger than the limit of " + with_thousands(limits_.max_bytes) +
                                 " bytes; split it into smaller files");
    return c;
}

int CsvReader::peek() { return input_.peek(); }

std::optional<CsvRecord> CsvReader::next() {
    constexpr int eof = std::char_traits<char>::eof();
    if (!started_) {
        started_ = true;
        // A UTF-8 byte order mark, as spreadsheets write it. Text cannot start with its
        // first byte otherwise (a lone continuation), so what was read is simply kept.
        if (peek() == 0xEF) {
            get();
            if (peek() == 0xBB) {
                get();
                if (peek() == 0xBF) {
                    get();
                } else {
                    leftover_ = "\xEF\xBB";
                }
            } else {
                leftover_ = "\xEF";
            }
        }
    }
    for (;;) {
        if (peek() == eof && leftover_.empty()) return std::nullopt;
        CsvRecord record;
        record.line = line_;
        std::string field = std::move(leftover_);
        leftover_.clear();
        std::size_t field_chars = 0;
        bool quoted = false;
        std::size_t quote_line = 0;
        auto add = [&](char c) {
            if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && ++field_chars > limits_.max_field_chars)
                throw std::runtime_error("line " + std::to_string(record.line) + ": field " +
                                         std::to_string(record.fields.size() + 1) + " is longer than the limit of " +
                                         with_thousands(limits_.max_field_chars) + " characters");
            field += c;
        };
        auto end_field = [&] {
            record.fields.push_back(std::move(field));
            field.clear();
            field_chars = 0;
        };
        bool ended = false;
        while (!ended) {
            int c = get();
            if (c == eof) {
                if (quoted)
                    throw std::runtime_error("line " + std::to_string(quote_line) +
                                             ": a quote is opened and never closed");
                break;
            }
            if (quoted) {
                if (c == '"') {
                    if (peek() == '"') {
                        add(static_cast<char>(get()));
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') ++line_;
                    add(static_cast<char>(c));
                }
                continue;
            }
            switch (c) {
                case '"':
                    quoted = true;
                    quote_line = line_;
                    break;
                case ',': end_field(); break;
                case '\r': break;  // CRLF files
                case '\n':
                    ++line_;
                    ended = true;
                    break;
                default: add(static_cast<char>(c));
            }
        }
        end_field();
        const bool blank = record.fields.size() == 1 && trim(record.fields[0]).empty();
        if (blank) continue;
        // The header is not a row.
        if (++records_ > limits_.max_rows + 1)
            throw std::runtime_error("the file has more than the limit of " + with_thousands(limits_.max_rows) +
                                     " rows; split it into smaller files");
        return record;
    }
}

std::vector<CsvRecord> parse_csv(std::istream& input, const CsvLimits& limits) {
    CsvReader reader(input, limits);
    std::vector<CsvRecord> records;
    while (auto record = reader.next()) records.push_back(std::move(*record));
    return records;
}

namespace {

enum class Column { name, platform_id, department, level, time_zone, start_date, skills, location };

// Header words as people write them: "Platform ID", "platform_id", "time zone", "tz"…
std::optional<Column> column_named(const std::string& header) {
    std::string key;
    for (char c : case_fold(trim(header)))
        if (c != ' ' && c != '_' && c != '-') key += c;
    static const std::map<std::string, Column> names = {
        {"name", Column::name},
        {"displayname", Column::name},
        {"platformid", Column::platform_id},
        {"id", Column::platform_id},
        {"memberid", Column::platform_id},
        {"department", Column::department},
        {"dept", Column::department},
        {"level", Column::level},
        {"timezone", Column::time_zone},
        {"tz", Column::time_zone},
        {"startdate", Column::start_date},
        {"started", Column::start_date},
        {"startedon", Column::start_date},
        {"skills", Column::skills},
        {"location", Column::location},
    };
    auto found = names.find(key);
    if (found == names.end()) return std::nullopt;
    return found->second;
}

bool is_date(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    int year = std::stoi(text.substr(0, 4));
    unsigned month = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
    unsigned day = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
    return date::year_month_day{date::year{year}, date::month{month}, date::day{day}}.ok();
}

struct MemberRow {
    std::string id;
    std::string name, department, time_zone, started_on, location;
    std::optional<int> level;
    std::vector<std::string> skills;
};

// Checks one row; the reason says what is wrong in words the HR person understands.
std::optional<std::string> read_row(const std::map<Column, std::size_t>& columns, const CsvRecord& record,
                                    const TagAliases& aliases, MemberRow& row) {
    auto get = [&](Column column) -> std::string {
        auto found = columns.find(column);
        // Cleaned of the mark only the bot's own mentions carry (model/mention.h).
        return found == columns.end() ? std::string() : trim(without_mention_marks(record.fields[found->second]));
    };
    for (const std::string& field : record.fields)
        if (!is_valid_utf8(field)) return "not valid UTF-8 text";
    row.id = get(Column::platform_id);
    if (row.id.empty()) return "platform id is empty";
    if (std::optional<MemberId> id = MemberId::parse(row.id); !id || !id->is_person())
        return "platform id `" + row.id +
               "` is not a member id like slack:T123:U456, discord:111:222 or console:local:ana";
    row.name = get(Column::name);
    if (utf8_length(row.name) > 80) return "name is longer than 80 characters";
    row.department = get(Column::department);
    if (utf8_length(row.department) > 64) return "department is longer than 64 characters";
    if (std::string level = get(Column::level); !level.empty()) {
        row.level = parse_level(level);
        if (!row.level)
            return "level must be 1–6 or intern, junior, mid, senior, staff, lead, principal (got `" + level + "`)";
    }
    row.location = get(Column::location);
    if (utf8_length(row.location) > 64) return "location is longer than 64 characters";
    row.time_zone = get(Column::time_zone);
    if (!row.time_zone.empty() && !is_known_time_zone(row.time_zone))
        return "time zone `" + row.time_zone + "` is not an IANA zone such as Europe/Berlin";
    row.started_on = get(Column::start_date);
    if (!row.started_on.empty() && !is_date(row.started_on))
        return "start date must be YYYY-MM-DD (got `" + row.started_on + "`)";
    std::string skills = get(Column::skills);
    for (char& c : skills)
        if (c == ';' || c == '|') c = ',';
    row.skills = aliases.canonical(split_tag_list(skills));
    for (const std::string& skill : row.skills)
        if (utf8_length(skill) > max_tag_chars)
            return "skill `" + skill.substr(0, 40) + "…` is longer than 64 characters";
    return std::nullopt;
}

// Rows written per transaction: about 25 ms of the write lock at 20,000 rows a second.
constexpr std::size_t import_chunk_rows = 500;

}  // namespace

ImportReport import_members_csv(Database& database, std::istream& csv, const TagAliases& aliases, long long now,
                                const CsvLimits& limits) {
    const std::streampos file_start = csv.tellg();
    CsvReader reader(csv, limits);
    std::optional<CsvRecord> header = reader.next();
    if (!header) throw std::runtime_error("the file is empty: a header row is needed");

    std::map<Column, std::size_t> columns;
    for (std::size_t index = 0; index < header->fields.size(); ++index) {
        auto column = column_named(header->fields[index]);
        if (!column) continue;  // other HR columns are ignored
        if (columns.count(*column))
            throw std::runtime_error("line 1: column `" + trim(header->fields[index]) + "` appears twice");
        columns[*column] = index;
    }
    if (!columns.count(Column::platform_id))
        throw std::runtime_error("line 1: the header has no platform id column (expected: name, platform id, "
                                 "department, level, time zone, start date, skills)");

    // A file (not a pipe) is read twice: first for the limits and an unclosed quote, with
    // nothing written, then for the rows, committed in chunks so another writer (the bot)
    // never waits long for the lock. A pipe is imported as one transaction.
    const bool chunked = file_start != std::streampos(-1);
    std::optional<CsvReader> second_pass;
    if (chunked) {
        while (reader.next()) {
        }
        csv.clear();
        csv.seekg(file_start);
        if (!csv) throw std::runtime_error("the file cannot be read a second time");
        // From the start again, so line numbers and a byte order mark read as before.
        second_pass.emplace(csv, limits);
        second_pass->next();  // the header, checked above
    }
    CsvReader& rows = second_pass ? *second_pass : reader;

    ImportReport report;
    MemberStore members(database);
    std::map<std::string, std::size_t> first_line_of;
    // Without the first pass, a limit met halfway throws: the transaction rolls back and
    // nothing is imported.
    std::optional<UnitOfWork> transaction = UnitOfWork::transaction(database, UnitOfWork::Lock::immediate);
    std::size_t written_in_chunk = 0;
    while (std::optional<CsvRecord> next = rows.next()) {
        if (chunked && written_in_chunk >= import_chunk_rows) {
            transaction->commit();
            transaction.reset();
            transaction.emplace(UnitOfWork::transaction(database, UnitOfWork::Lock::immediate));
            written_in_chunk = 0;
        }
        const CsvRecord& record = *next;
        if (record.fields.size() != header->fields.size()) {
            report.problems.push_back({record.line, "expected " + std::to_string(header->fields.size()) +
                                                        " fields like the header, found " +
                                                        std::to_string(record.fields.size())});
            continue;
        }
        MemberRow row;
        if (auto problem = read_row(columns, record, aliases, row)) {
            report.problems.push_back({record.line, *problem});
            continue;
        }
        auto [earlier, first_time] = first_line_of.emplace(row.id, record.line);
        if (!first_time) {
            report.problems.push_back(
                {record.line, row.id + " already appears on line " + std::to_string(earlier->second)});
            continue;
        }
        bool existed = members.exists(row.id);
        if (!existed && members.was_forgotten(row.id)) {
            report.problems.push_back({record.line, row.id + " asked mentorbot to forget them; not imported"});
            continue;
        }
        members.ensure(row.id, row.name, now);
        MemberProfile profile = *members.find(row.id);
        // The file is the HR system's truth for what it says; what it leaves empty stays as it was.
        if (!row.name.empty()) profile.display_name = row.name;
        if (!row.department.empty()) profile.department = row.department;
        if (row.level) profile.level = row.level;
        if (!row.time_zone.empty()) profile.time_zone = row.time_zone;
        if (!row.started_on.empty()) profile.started_on = row.started_on;
        if (!row.location.empty()) profile.location = row.location;
        members.update(profile, now);
        if (!row.skills.empty()) members.replace_tags(row.id, "skill", row.skills);
        ++(existed ? report.updated : report.created);
        ++written_in_chunk;
    }
    transaction->commit();
    return report;
}

std::string describe_import(const ImportReport& report) {
    std::ostringstream text;
    text << report.created << (report.created == 1 ? " member" : " members") << " created, " << report.updated
         << " updated";
    if (report.problems.empty()) {
        text << "; no problems.";
    } else {
        text << "; " << report.problems.size() << (report.problems.size() == 1 ? " row" : " rows") << " skipped:";
        for (const ImportProblem& problem : report.problems)
            text << "\n  line " << problem.line << ": " << problem.reason;
    }
    return text.str();
}

}  // namespace mentorbot
