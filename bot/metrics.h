// Program-wide counters, gauges and histograms, rendered in the Prometheus text format.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mentorbot {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

// Every metric mentorbot exports; the names are part of the operations contract
// (README, "Operations").
namespace metric {
inline constexpr const char* commands = "mentorbot_commands_total";                   // command, outcome
inline constexpr const char* user_errors = "mentorbot_user_errors_total";             // command, kind
inline constexpr const char* response_seconds = "mentorbot_response_seconds";         // transport
inline constexpr const char* reconnects = "mentorbot_reconnects_total";               // transport, reason
inline constexpr const char* rate_limited = "mentorbot_platform_rate_limited_total";  // transport
inline constexpr const char* dropped = "mentorbot_dropped_platform_messages_total";   // transport, reason
inline constexpr const char* deliveries = "mentorbot_deliveries_total";               // outcome
inline constexpr const char* commit_seconds = "mentorbot_db_commit_seconds";
inline constexpr const char* commits = "mentorbot_db_commits_total";
inline constexpr const char* outbox_pending = "mentorbot_outbox_pending";
inline constexpr const char* jobs_due = "mentorbot_jobs_due";
inline constexpr const char* transport_up = "mentorbot_transport_up";                   // transport
inline constexpr const char* requests_pending = "mentorbot_platform_requests_pending";  // transport
inline constexpr const char* requests = "mentorbot_platform_requests_total";            // transport
inline constexpr const char* retries = "mentorbot_platform_retries_total";              // transport
}  // namespace metric

class Metrics {
public:
    void add(std::string_view name, const MetricLabels& labels = {}, double amount = 1);
    void set(std::string_view name, const MetricLabels& labels, double value);
    // Records one observation (seconds) in a histogram.
    void observe(std::string_view name, const MetricLabels& labels, double seconds);

    // The current value of a counter or gauge (0 when never set): for tests and /healthz.
    double value(std::string_view name, const MetricLabels& labels = {}) const;
    // Number of observations of a histogram.
    long long observations(std::string_view name, const MetricLabels& labels = {}) const;

    std::string render() const;

private:
    struct Histogram {
        std::vector<long long> buckets;  // counts per upper bound, not cumulative
        long long count = 0;
        double sum = 0;
    };
    // Writes `{name="value",…}` (nothing without labels) into key_, which is kept between calls
    // so that counting a command allocates nothing once its series exists. Under the mutex.
    const std::string& label_key(const MetricLabels& labels) const;
    // The series of `name` with `labels`, made when first counted.
    template <typename Series>
    Series& series(std::map<std::string, std::map<std::string, Series, std::less<>>, std::less<>>& families,
                   std::string_view name, const MetricLabels& labels);

    mutable std::mutex mutex_;
    mutable std::string key_;
    std::map<std::string, std::map<std::string, double, std::less<>>, std::less<>> values_;
    std::map<std::string, std::map<std::string, Histogram, std::less<>>, std::less<>> histograms_;
};

// The process's metrics.
Metrics& metrics();

}  // namespace mentorbot
