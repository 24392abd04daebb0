// What every benchmark measures the same way: percentiles of samples, peak memory, and this thread's CPU time.
#pragma once

#include <vector>

namespace mentorbot::bench {

// The sample at rank floor(p × (n − 1)) of `sorted` (ascending): p = 0.5 is the median,
// 1.0 the largest. 0 when there are no samples.
double percentile_of_sorted(const std::vector<double>& sorted, double p);
// The same for samples in any order (sorts a copy).
double percentile(std::vector<double> values, double p);

// The most memory this process has had resident so far, in KiB.
long peak_rss_kib();
// The anonymous memory resident now (heap and stacks), in KiB: without the pages of the
// database file SQLite maps into memory, which the kernel may drop and read again.
long anonymous_rss_kib();
// The pages of mapped files resident now (the database file SQLite reads through its memory
// map, and the program's own code), in KiB.
long file_rss_kib();
// Starts the high-water mark of resident memory again from what is resident now, so that a
// benchmark that built its data in the same process measures only what follows.
void reset_peak_rss();

// CPU time of the calling thread in microseconds: on a shared machine wall time also counts
// the moments the scheduler ran someone else, which says nothing about the code measured.
double thread_cpu_micros();

}  // namespace mentorbot::bench
