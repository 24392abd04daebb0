// The log-gathering VFS: the default VFS for every file, with the write-ahead log's consecutive writes held until the
// commit frame is written.
#include "storage/gathered_wal_writes.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <new>
#include <vector>

#include <sqlite3.h>

namespace mentorbot {

namespace {

constexpr int frame_header_bytes = 24;
// Held writes go out at least this often, so a long transaction's log is not all in memory.
constexpr std::size_t most_held_bytes = 1 << 20;
// What a log keeps allocated from its opening to its closing: a group commit's pages (about
// 150 KiB for eight interactions). Reserved at once, so a commit's pages are copied once into
// memory already there. Grown page by page instead, each commit copied what it held several
// times over, and one past the kept size (frames are 4,120 bytes, so the doubling passed 256 KiB
// at 33 of them) gave it all back and faulted it in anew at every commit: on a shared VM that
// was half of the bot's thread under a burst of Discord interactions. A larger transaction (a
// migration, an import) gives the rest back once written.
constexpr std::size_t kept_capacity = 512 << 10;

std::atomic<std::uint64_t> writes_asked{0};
std::atomic<std::uint64_t> writes_made{0};
std::atomic<std::uint64_t> buffer_growths{0};

// Back to the kept size after a larger transaction; without the memory, it grows as it must.
void keep_reserved(std::vector<unsigned char>& held) {
    if (held.capacity() > kept_capacity) std::vector<unsigned char>().swap(held);
    try {
        held.reserve(kept_capacity);
    } catch (const std::bad_alloc&) {
    }
}

sqlite3_vfs* default_vfs = nullptr;
sqlite3_vfs gathering_vfs;

// A write-ahead log: our methods in front, the default VFS's file after them in the same
// block SQLite allocated (szOsFile covers both).
struct GatheringLog {
    sqlite3_file base;
    sqlite3_file* real;
    // Consecutive bytes not written yet, starting at `held_at` in the file.
    std::vector<unsigned char>* held;
    sqlite3_int64 held_at;
    // The last write was a commit frame's header: its page comes next, and then the
    // transaction is whole and must be in the file.
    bool write_after_next;
};

constexpr int log_bytes = static_cast<int>((sizeof(GatheringLog) + 7) / 8 * 8);

GatheringLog* log_of(sqlite3_file* file) { return reinterpret_cast<GatheringLog*>(file); }

// Bytes 4–7 of a frame header: the database's size in pages after a commit frame, zero
// for every other frame (the log format SQLite documents).
bool is_commit_header(const void* data, int amount) {
    if (amount != frame_header_bytes) return false;
    const auto* bytes = static_cast<const unsigned char*>(data);
    return (bytes[4] | bytes[5] | bytes[6] | bytes[7]) != 0;
}

// The default (unix) VFS writes at most 128 KiB less a byte in one call: it masks a
// write's length to 17 bits.
constexpr std::size_t largest_write = 0x1ffff;

int write_held(GatheringLog* log) {
    std::vector<unsigned char>& held = *log->held;
    int result = SQLITE_OK;
    for (std::size_t done = 0; done < held.size() && result == SQLITE_OK; done += largest_write) {
        const std::size_t amount = std::min(largest_write, held.size() - done);
        result = log->real->pMethods->xWrite(log->real, held.data() + done, static_cast<int>(amount),
                                             log->held_at + static_cast<sqlite3_int64>(done));
        ++writes_made;
    }
    held.clear();
    keep_reserved(held);
    return result;
}

int log_close(sqlite3_file* file) {
    GatheringLog* log = log_of(file);
    const int written = write_held(log);
    delete log->held;
    log->held = nullptr;
    const int closed = log->real->pMethods->xClose(log->real);
    return written != SQLITE_OK ? written : closed;
}

int log_read(sqlite3_file* file, void* into, int amount, sqlite3_int64 offset) {
    GatheringLog* log = log_of(file);
    if (int result = write_held(log); result != SQLITE_OK) return result;
    return log->real->pMethods->xRead(log->real, into, amount, offset);
}

int log_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
    GatheringLog* log = log_of(file);
    ++writes_asked;
    std::vector<unsigned char>& held = *log->held;
    if (!held.empty() && offset != log->held_at + static_cast<sqlite3_int64>(held.size())) {
        // Elsewhere in the file (a frame rewritten in place): what is held goes first.
        if (int result = write_held(log); result != SQLITE_OK) return result;
    }
    if (held.empty()) log->held_at = offset;
    const auto* bytes = static_cast<const unsigned char*>(data);
    if (held.size() + static_cast<std::size_t>(amount) > held.capacity()) ++buffer_growths;
    try {
        held.insert(held.end(), bytes, bytes + amount);
    } catch (const std::bad_alloc&) {
        held.clear();
        return SQLITE_IOERR_NOMEM;
    }
    const bool commit_header = is_commit_header(data, amount);
    const bool transaction_whole = log->write_after_next && !commit_header;
    log->write_after_next = commit_header || (log->write_after_next && !transaction_whole);
    if (transaction_whole || held.size() >= most_held_bytes) return write_held(log);
    return SQLITE_OK;
}

int log_truncate(sqlite3_file* file, sqlite3_int64 size) {
    GatheringLog* log = log_of(file);
    if (int result = write_held(log); result != SQLITE_OK) return result;
    return log->real->pMethods->xTruncate(log->real, size);
}

int log_sync(sqlite3_file* file, int flags) {
    GatheringLog* log = log_of(file);
    if (int result = write_held(log); result != SQLITE_OK) return result;
    return log->real->pMethods->xSync(log->real, flags);
}

int log_file_size(sqlite3_file* file, sqlite3_int64* size) {
    GatheringLog* log = log_of(file);
    if (int result = write_held(log); result != SQLITE_OK) return result;
    return log->real->pMethods->xFileSize(log->real, size);
}

int log_lock(sqlite3_file* file, int level) {
    GatheringLog* log = log_of(file);
    return log->real->pMethods->xLock(log->real, level);
}

int log_unlock(sqlite3_file* file, int level) {
    GatheringLog* log = log_of(file);
    return log->real->pMethods->xUnlock(log->real, level);
}

int log_check_reserved_lock(sqlite3_file* file, int* reserved) {
    GatheringLog* log = log_of(file);
    return log->real->pMethods->xCheckReservedLock(log->real, reserved);
}

int log_file_control(sqlite3_file* file, int operation, void* argument) {
    GatheringLog* log = log_of(file);
    if (int result = write_held(log); result != SQLITE_OK) return result;
    return log->real->pMethods->xFileControl(log->real, operation, argument);
}

int log_sector_size(sqlite3_file* file) {
    GatheringLog* log = log_of(file);
    return log->real->pMethods->xSectorSize(log->real);
}

int log_device_characteristics(sqlite3_file* file) {
    GatheringLog* log = log_of(file);
    return log->real->pMethods->xDeviceCharacteristics(log->real);
}

// SQLite keeps its shared memory and memory-mapped reads on the database file, not on the
// log; these pass on whatever the default VFS does with them.
int log_shm_map(sqlite3_file* file, int page, int page_size, int extend, void volatile** mapped) {
    GatheringLog* log = log_of(file);
    if (log->real->pMethods->iVersion < 2) return SQLITE_IOERR;
    return log->real->pMethods->xShmMap(log->real, page, page_size, extend, mapped);
}

int log_shm_lock(sqlite3_file* file, int offset, int count, int flags) {
    GatheringLog* log = log_of(file);
    if (log->real->pMethods->iVersion < 2) return SQLITE_IOERR;
    return log->real->pMethods->xShmLock(log->real, offset, count, flags);
}

void log_shm_barrier(sqlite3_file* file) {
    GatheringLog* log = log_of(file);
    if (log->real->pMethods->iVersion >= 2) log->real->pMethods->xShmBarrier(log->real);
}

int log_shm_unmap(sqlite3_file* file, int delete_it) {
    GatheringLog* log = log_of(file);
    if (log->real->pMethods->iVersion < 2) return SQLITE_OK;
    return log->real->pMethods->xShmUnmap(log->real, delete_it);
}

int log_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** mapped) {
    GatheringLog* log = log_of(file);
    *mapped = nullptr;
    if (int result = write_held(log); result != SQLITE_OK) return result;
    if (log->real->pMethods->iVersion < 3) return SQLITE_OK;
    return log->real->pMethods->xFetch(log->real, offset, amount, mapped);
}

int log_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* mapped) {
    GatheringLog* log = log_of(file);
    if (log->real->pMethods->iVersion < 3) return SQLITE_OK;
    return log->real->pMethods->xUnfetch(log->real, offset, mapped);
}

const sqlite3_io_methods log_methods = {
    3,
    log_close,
    log_read,
    log_write,
    log_truncate,
    log_sync,
    log_file_size,
    log_lock,
    log_unlock,
    log_check_reserved_lock,
    log_file_control,
    log_sector_size,
    log_device_characteristics,
    log_shm_map,
    log_shm_lock,
    log_shm_barrier,
    log_shm_unmap,
    log_fetch,
    log_unfetch,
};

int vfs_open(sqlite3_vfs* /*vfs*/, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    // Only the log is gathered; every other file is the default VFS's own, as it is.
    if ((flags & SQLITE_OPEN_WAL) == 0) return default_vfs->xOpen(default_vfs, name, file, flags, out_flags);
    GatheringLog* log = log_of(file);
    log->base.pMethods = nullptr;
    log->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + log_bytes);
    log->real->pMethods = nullptr;
    log->held = nullptr;
    log->held_at = 0;
    log->write_after_next = false;
    const int opened = default_vfs->xOpen(default_vfs, name, log->real, flags, out_flags);
    if (opened != SQLITE_OK) {
        if (log->real->pMethods != nullptr) log->real->pMethods->xClose(log->real);
        return opened;
    }
    log->held = new (std::nothrow) std::vector<unsigned char>();
    if (log->held == nullptr) {
        log->real->pMethods->xClose(log->real);
        return SQLITE_NOMEM;
    }
    keep_reserved(*log->held);
    log->base.pMethods = &log_methods;
    return SQLITE_OK;
}

// The rest of the VFS is the default one's, called as itself.
int vfs_delete(sqlite3_vfs*, const char* name, int sync_directory) {
    return default_vfs->xDelete(default_vfs, name, sync_directory);
}
int vfs_access(sqlite3_vfs*, const char* name, int flags, int* result) {
    return default_vfs->xAccess(default_vfs, name, flags, result);
}
int vfs_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
    return default_vfs->xFullPathname(default_vfs, name, size, out);
}
void* vfs_dl_open(sqlite3_vfs*, const char* name) { return default_vfs->xDlOpen(default_vfs, name); }
void vfs_dl_error(sqlite3_vfs*, int size, char* message) { default_vfs->xDlError(default_vfs, size, message); }
void (*vfs_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
    return default_vfs->xDlSym(default_vfs, handle, symbol);
}
void vfs_dl_close(sqlite3_vfs*, void* handle) { default_vfs->xDlClose(default_vfs, handle); }
int vfs_randomness(sqlite3_vfs*, int size, char* out) { return default_vfs->xRandomness(default_vfs, size, out); }
int vfs_sleep(sqlite3_vfs*, int microseconds) { return default_vfs->xSleep(default_vfs, microseconds); }
int vfs_current_time(sqlite3_vfs*, double* now) { return default_vfs->xCurrentTime(default_vfs, now); }
int vfs_last_error(sqlite3_vfs*, int size, char* message) {
    return default_vfs->xGetLastError(default_vfs, size, message);
}
int vfs_current_time_int64(sqlite3_vfs*, sqlite3_int64* now) {
    return default_vfs->xCurrentTimeInt64(default_vfs, now);
}

void register_gathering_vfs() {
    default_vfs = sqlite3_vfs_find(nullptr);
    gathering_vfs = sqlite3_vfs{};
    gathering_vfs.iVersion = 2;  // no system-call overrides: those are the default VFS's to give
    gathering_vfs.szOsFile = log_bytes + default_vfs->szOsFile;
    gathering_vfs.mxPathname = default_vfs->mxPathname;
    gathering_vfs.zName = "mentorbot-gathered-wal";
    gathering_vfs.xOpen = vfs_open;
    gathering_vfs.xDelete = vfs_delete;
    gathering_vfs.xAccess = vfs_access;
    gathering_vfs.xFullPathname = vfs_full_pathname;
    gathering_vfs.xDlOpen = vfs_dl_open;
    gathering_vfs.xDlError = vfs_dl_error;
    gathering_vfs.xDlSym = vfs_dl_sym;
    gathering_vfs.xDlClose = vfs_dl_close;
    gathering_vfs.xRandomness = vfs_randomness;
    gathering_vfs.xSleep = vfs_sleep;
    gathering_vfs.xCurrentTime = vfs_current_time;
    gathering_vfs.xGetLastError = vfs_last_error;
    gathering_vfs.xCurrentTimeInt64 = vfs_current_time_int64;
    sqlite3_vfs_register(&gathering_vfs, /*makeDflt=*/0);
}

}  // namespace

const char* gathered_wal_vfs_name() {
    static std::once_flag registered;
    std::call_once(registered, register_gathering_vfs);
    return gathering_vfs.zName;
}

GatheredWalFigures gathered_wal_figures() { return {writes_asked.load(), writes_made.load(), buffer_growths.load()}; }

}  // namespace mentorbot
