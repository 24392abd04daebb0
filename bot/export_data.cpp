// Export: each table read generically (column names from the statement) and written as CSV or JSON.
#include "bot/export_data.h"

#include <cctype>
#include <fstream>
#include <set>
#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "model/member_id.h"
#include "storage/export_queries.h"
#include "storage/unit_of_work.h"

namespace mentorbot {

namespace {

// Replaces member ids ("slack:T1:U2", "discord:1:2", "console:local:ana") that belong to
// nobody any more. Channel ids ("console:local:#pods") are left alone.
class ForgottenMemberFilter {
public:
    explicit ForgottenMemberFilter(Database& database) {
        for (std::string& id : current_member_ids(database)) members_.insert(std::move(id));
    }

    std::string operator()(const std::string& text) const {
        std::string result;
        std::size_t position = 0;
        while (position < text.size()) {
            std::size_t start = next_id_start(text, position);
            if (start == std::string::npos) break;
            std::size_t end = id_end(text, start);
            std::string id = text.substr(start, end - start);
            result.append(text, position, start - position);
            result += looks_like_person(id) && !members_.count(id) ? "(forgotten member)" : id;
            position = end;
        }
        result.append(text, position, std::string::npos);
        return result;
    }

private:
    static std::size_t next_id_start(const std::string& text, std::size_t from) {
        std::size_t best = std::string::npos;
        for (Platform platform : {Platform::slack, Platform::discord, Platform::console}) {
            const std::string prefix = std::string(platform_name(platform)) + ":";
            std::size_t found = text.find(prefix, from);
            while (found != std::string::npos && found > 0 && is_id_char(text[found - 1]))
                found = text.find(prefix, found + 1);
            best = std::min(best, found);
        }
        return best;
    }
    static bool is_id_char(char c) {
        unsigned char u = static_cast<unsigned char>(c);
        return std::isalnum(u) || c == '_' || c == '-' || c == '.' || c == ':' || c == '#' || u >= 0x80;
    }
    static std::size_t id_end(const std::string& text, std::size_t start) {
        std::size_t end = start;
        while (end < text.size() && is_id_char(text[end])) ++end;
        while (end > start && (text[end - 1] == '.' || text[end - 1] == ':')) --end;  // sentence punctuation
        return end;
    }
    static bool looks_like_person(const std::string& id) {
        std::optional<MemberId> member = MemberId::parse(id);
        return member && member->is_person();
    }
    std::set<std::string> members_;
};

std::string csv_field(const std::string& value) {
    bool needs_quotes = value.find_first_of(",\"\r\n") != std::string::npos ||
                        (!value.empty() && (value.front() == ' ' || value.back() == ' '));
    if (!needs_quotes) return value;
    std::string quoted = "\"";
    for (char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

// Reads a table into JSON rows, scrubbing forgotten members out of every text value
// except channel ids.
nlohmann::json read_table(Database& database, const ExportedTable& table, const ForgottenMemberFilter& scrub,
                          std::vector<std::string>& columns) {
    SQLite::Statement query(database.connection(), table.query);
    columns.clear();
    for (int index = 0; index < query.getColumnCount(); ++index) columns.push_back(query.getColumnName(index));
    nlohmann::json rows = nlohmann::json::array();
    while (query.executeStep()) {
        nlohmann::json row = nlohmann::json::object();
        for (int index = 0; index < query.getColumnCount(); ++index) {
            SQLite::Column column = query.getColumn(index);
            const std::string& name = columns[static_cast<std::size_t>(index)];
            if (column.isNull()) row[name] = nullptr;
            else if (column.isInteger()) row[name] = column.getInt64();
            else if (column.isFloat()) row[name] = column.getDouble();
            else if (name.ends_with("channel_id")) row[name] = column.getString();
            else row[name] = scrub(column.getString());
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string cell_text(const nlohmann::json& value) {
    if (value.is_null()) return {};
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

void write_file(const std::filesystem::path& path, const std::string& contents) {
    std::ofstream output(path, std::ios::binary | std::ios::trunc);
    output << contents;
    output.close();
    if (!output) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

std::vector<std::filesystem::path> export_data(Database& database, ExportFormat format,
                                               const std::filesystem::path& directory, long long now) {
    std::filesystem::create_directories(directory);
    ForgottenMemberFilter scrub(database);
    // One read transaction: every file describes the same moment.
    UnitOfWork snapshot = UnitOfWork::transaction(database, UnitOfWork::Lock::deferred);
    std::vector<std::filesystem::path> written;
    nlohmann::json everything = {{"exported_at", now},
                                 {"schema_version", database.schema_version()},
                                 {"tables", nlohmann::json::object()}};
    for (const ExportedTable& table : exported_tables()) {
        std::vector<std::string> columns;
        nlohmann::json rows = read_table(database, table, scrub, columns);
        if (format == ExportFormat::json) {
            everything["tables"][table.name] = std::move(rows);
            continue;
        }
        std::string csv;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (i > 0) csv += ',';
            csv += csv_field(columns[i]);
        }
        csv += "\n";
        for (const auto& row : rows) {
            for (std::size_t i = 0; i < columns.size(); ++i) {
                if (i > 0) csv += ',';
                csv += csv_field(cell_text(row[columns[i]]));
            }
            csv += "\n";
        }
        std::filesystem::path path = directory / (table.name + ".csv");
        write_file(path, csv);
        written.push_back(path);
    }
    if (format == ExportFormat::json) {
        std::filesystem::path path = directory / "mentorbot-export.json";
        write_file(path, everything.dump(2) + "\n");
        written.push_back(path);
    }
    snapshot.commit();
    return written;
}

}  // namespace mentorbot
