// A SQLite VFS that writes the frames of a commit to the write-ahead log in one system call instead of two per page.
#pragma once

#include <cstdint>

namespace mentorbot {

// SQLite writes each page of a commit to the log as two writes (a 24-byte frame header,
// then the page), each a system call with the file system's per-call work. This VFS
// keeps the log's consecutive writes in memory and writes them at once when the commit
// frame's page has been written (its header says it ends a transaction), before anything
// else touches the log (a read, a sync, its size, a truncation, a write elsewhere), and
// past 1 MiB. So a commit is in the file before COMMIT returns, as without it: another
// connection, a checkpoint or a process killed right after sees the same file. Every
// other file (the database itself, its shared memory) is the default VFS's, untouched.
//
// The VFS's name, for sqlite3_open_v2; registered (not as the default) on first call.
const char* gathered_wal_vfs_name();

// What the log writes of this process came to, for tests and benchmarks.
struct GatheredWalFigures {
    std::uint64_t writes_asked = 0;  // xWrite calls SQLite made on logs
    std::uint64_t writes_made = 0;   // writes that reached the file
    // Writes held past the memory the log kept for them, which had to grow (and copy) it.
    std::uint64_t buffer_growths = 0;
};
GatheredWalFigures gathered_wal_figures();

}  // namespace mentorbot
