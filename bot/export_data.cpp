// Export: each table read generically (column names from the statement) and written as CSV or JSON.
#include "bot/export_data.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <set>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "model/member_id.h"
#include "storage/export_queries.h"
#include "storage/unit_of_work.h"
#include "util/csv.h"

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

// An export holds everything about people: nobody but its owner may read it (0600), and
// it never replaces a file that is already there, nor writes through a symbolic link
// to wherever the link points.
void refuse_existing(const std::filesystem::path& path) {
    std::error_code error;
    std::filesystem::file_status status = std::filesystem::symlink_status(path, error);
    if (std::filesystem::is_symlink(status))
        throw std::runtime_error(path.string() + " is a symbolic link; the export does not write through links");
    if (std::filesystem::exists(status))
        throw std::runtime_error(path.string() +
                                 " already exists; the export never overwrites a file: choose an empty --out "
                                 "directory or move the old export away");
}

void write_file(const std::filesystem::path& path, const std::string& contents) {
    // O_EXCL also refuses a link (even a dangling one) and closes the race with the check.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        int error = errno;
        refuse_existing(path);  // says which of the two it was
        throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(error));
    }
    auto fail = [&](int error) {
        ::close(fd);
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
        throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(error));
    };
    // The umask may have taken more away; it never gives more than this.
    if (::fchmod(fd, 0600) != 0) fail(errno);
    std::size_t done = 0;
    while (done < contents.size()) {
        ssize_t wrote = ::write(fd, contents.data() + done, contents.size() - done);
        if (wrote < 0 && errno == EINTR) continue;
        if (wrote < 0) fail(errno);
        done += static_cast<std::size_t>(wrote);
    }
    if (::close(fd) != 0) {
        int error = errno;
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
        throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(error));
    }
}

}  // namespace

std::vector<std::filesystem::path> export_data(Database& database, ExportFormat format,
                                               const std::filesystem::path& directory, long long now) {
    std::filesystem::create_directories(directory);
    // Every name is checked before anything is written, so a refused export leaves no
    // half-written set behind.
    std::vector<std::filesystem::path> targets;
    if (format == ExportFormat::json) targets.push_back(directory / "mentorbot-export.json");
    else
        for (const ExportedTable& table : exported_tables()) targets.push_back(directory / (table.name + ".csv"));
    for (const auto& path : targets) refuse_existing(path);

    ForgottenMemberFilter scrub(database);
    // One read transaction: every file describes the same moment.
    UnitOfWork snapshot = UnitOfWork::transaction(database, UnitOfWork::Lock::deferred);
    std::vector<std::pair<std::filesystem::path, std::string>> files;
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
                const nlohmann::json& value = row[columns[i]];
                csv += csv_field(cell_text(value), value.is_string());
            }
            csv += "\n";
        }
        files.emplace_back(targets[files.size()], std::move(csv));
    }
    if (format == ExportFormat::json) files.emplace_back(targets.front(), everything.dump(2) + "\n");
    snapshot.commit();

    std::vector<std::filesystem::path> written;
    try {
        for (const auto& file : files) {
            write_file(file.first, file.second);
            written.push_back(file.first);
        }
    } catch (...) {
        for (const auto& path : written) {
            std::error_code ignored;
            std::filesystem::remove(path, ignored);
        }
        throw;
    }
    return written;
}

}  // namespace mentorbot
