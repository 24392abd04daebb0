// The benchmarks' shared measuring: percentiles by rank, peak and anonymous RSS, thread CPU time.
#include "bench/bench_support.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace mentorbot::bench {

double percentile_of_sorted(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    const auto rank = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1));
    return sorted[std::min(rank, sorted.size() - 1)];
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    return percentile_of_sorted(values, p);
}

// One method for every benchmark: getrusage's ru_maxrss. On Linux it is the kernel's
// high-water mark of resident memory in KiB, the same figure /proc/self/status shows as
// VmHWM (also for a forked child, which starts from its size at the fork), but read with
// one system call instead of parsing a text file, and without allocating while measuring.
long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

namespace {

// One figure of /proc/self/status, in KiB; 0 when it cannot be read.
long status_kib(const char* field) {
    std::FILE* status = std::fopen("/proc/self/status", "r");
    if (!status) return 0;
    char line[256];
    long kib = 0;
    const std::size_t length = std::strlen(field);
    while (std::fgets(line, sizeof line, status)) {
        if (std::strncmp(line, field, length) == 0) kib = std::strtol(line + length, nullptr, 10);
    }
    std::fclose(status);
    return kib;
}

}  // namespace

long anonymous_rss_kib() { return status_kib("RssAnon:"); }

long file_rss_kib() { return status_kib("RssFile:"); }

void reset_peak_rss() {
    // Linux: writing 5 to clear_refs sets the peak (VmHWM, and so ru_maxrss) to the resident size now.
    if (std::FILE* clear = std::fopen("/proc/self/clear_refs", "w")) {
        std::fputs("5", clear);
        std::fclose(clear);
    }
}

double thread_cpu_micros() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

}  // namespace mentorbot::bench
