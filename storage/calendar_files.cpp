// Meeting .ics files the console writes: private, never through a symbolic link.
#include "storage/calendar_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace mentorbot {

std::filesystem::path calendar_directory(const std::string& configured, const std::string& database_path) {
    if (!configured.empty()) return configured;
    const std::filesystem::path parent = std::filesystem::path(database_path).parent_path();
    return parent.empty() ? std::filesystem::path(".") : parent;
}

std::filesystem::path write_calendar_file(const std::filesystem::path& directory, const std::string& name,
                                          const std::string& text) {
    const std::filesystem::path path = directory / name;
    const auto fail = [&path](int error) {
        return std::runtime_error("cannot write " + path.string() + ": " + std::strerror(error));
    };
    std::error_code made;
    if (std::filesystem::create_directories(directory, made)) {
        std::filesystem::permissions(directory, std::filesystem::perms::owner_all, made);
    }
    // O_NOFOLLOW refuses a link in the last place, so the event is never written wherever
    // a link points; O_NONBLOCK keeps a planted FIFO from holding the bot up.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
    if (fd < 0) {
        const int error = errno;
        if (error == ELOOP) throw std::runtime_error(path.string() + " is a symbolic link; not written through it");
        throw fail(error);
    }
    struct stat status {};
    if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
        ::close(fd);
        throw std::runtime_error(path.string() + " is not a plain file; not written");
    }
    // The umask may have taken more away; never leave it wider than this.
    if (::fchmod(fd, 0600) != 0 || ::ftruncate(fd, 0) != 0) {
        const int error = errno;
        ::close(fd);
        throw fail(error);
    }
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t wrote = ::write(fd, text.data() + done, text.size() - done);
        if (wrote < 0 && errno == EINTR) continue;
        if (wrote < 0) {
            const int error = errno;
            ::close(fd);
            throw fail(error);
        }
        done += static_cast<std::size_t>(wrote);
    }
    if (::close(fd) != 0) throw fail(errno);
    return path;
}

}  // namespace mentorbot
