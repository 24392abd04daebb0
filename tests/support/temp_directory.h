// A directory under /tmp that exists for one test and is removed afterwards.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace mentorbot::testing {

class TempDirectory {
public:
    // mkdtemp picks a name nobody has and creates it in one step, so two tests (or two
    // runs) never share a directory.
    TempDirectory() {
        std::string pattern = (std::filesystem::temp_directory_path() / "mentorbot-test-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
        path_ = pattern;
    }
    ~TempDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDirectory(const TempDirectory&) = delete;
    TempDirectory& operator=(const TempDirectory&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

// The name the benchmarks use.
using TempDir = TempDirectory;

}  // namespace mentorbot::testing
