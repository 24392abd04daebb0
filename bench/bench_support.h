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

// CPU time of the calling thread in microseconds: on a shared machine wall time also counts
// the moments the scheduler ran someone else, which says nothing about the code measured.
double thread_cpu_micros();

}  // namespace mentorbot::bench
