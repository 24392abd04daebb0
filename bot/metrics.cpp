// Metric storage and the Prometheus text exposition format (version 0.0.4).
#include "bot/metrics.h"

#include <array>
#include <fmt/format.h>

namespace mentorbot {

namespace {

// Upper bounds in seconds: command handling lives in the millisecond range.
constexpr std::array<double, 12> bucket_bounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                  0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

struct Description {
    const char* type;
    const char* help;
};

const std::map<std::string, Description>& descriptions() {
    static const std::map<std::string, Description> all = {
        {metric::commands,
         {"counter", "Commands run, by command and outcome (ok, user_error, internal_error, rate_limited, replayed)."}},
        {metric::user_errors,
         {"counter",
          "Commands refused as a user error, by command and kind (bad_input, not_allowed, not_found, conflict)."}},
        {metric::response_seconds,
         {"histogram", "Time from receiving a platform command to sending its ack or response."}},
        {metric::reconnects, {"counter", "Platform connections re-established, by transport and reason."}},
        {metric::rate_limited, {"counter", "HTTP 429 answers received from a platform."}},
        {metric::dropped, {"counter", "Platform messages logged and dropped (malformed, oversized)."}},
        {metric::deliveries, {"counter", "Outbound message delivery attempts, by outcome."}},
        {metric::commit_seconds,
         {"histogram", "Time to commit a transaction that changed something (one command's, or a batch's)."}},
        {metric::commits,
         {"counter", "Transactions committed that changed something; with group commit one holds many commands."}},
        {metric::outbox_pending, {"gauge", "Outbound messages waiting to be delivered."}},
        {metric::jobs_due, {"gauge", "Durable jobs that are due now."}},
        {metric::transport_up, {"gauge", "1 while a platform transport is connected."}},
        {metric::requests_pending,
         {"gauge", "Calls to a platform's HTTP API (Slack Web API, Discord REST) queued or in flight."}},
        {metric::requests, {"counter", "HTTP requests sent to a platform's API, retries included."}},
        {metric::retries,
         {"counter", "Platform HTTP requests sent again after a server error or network failure (not rate limits)."}},
    };
    return all;
}

// Appends a label value with backslash, quote and line feed escaped, as the format asks.
void append_escaped(std::string& out, std::string_view value) {
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
}

std::string with_label(const std::string& key, const std::string& extra) {
    if (key.empty()) return "{" + extra + "}";
    return "{" + key.substr(1, key.size() - 2) + "," + extra + "}";
}

}  // namespace

const std::string& Metrics::label_key(const MetricLabels& labels) const {
    key_.clear();
    if (labels.empty()) return key_;
    key_ += '{';
    for (std::size_t index = 0; index < labels.size(); ++index) {
        if (index > 0) key_ += ',';
        key_ += labels[index].first;
        key_ += "=\"";
        append_escaped(key_, labels[index].second);
        key_ += '"';
    }
    key_ += '}';
    return key_;
}

template <typename Series>
Series& Metrics::series(std::map<std::string, std::map<std::string, Series, std::less<>>, std::less<>>& families,
                        std::string_view name, const MetricLabels& labels) {
    auto family = families.find(name);
    if (family == families.end()) family = families.try_emplace(std::string(name)).first;
    const std::string& key = label_key(labels);
    auto found = family->second.find(key);
    if (found == family->second.end()) found = family->second.try_emplace(key).first;
    return found->second;
}

void Metrics::add(std::string_view name, const MetricLabels& labels, double amount) {
    std::lock_guard lock(mutex_);
    series(values_, name, labels) += amount;
}

void Metrics::set(std::string_view name, const MetricLabels& labels, double value) {
    std::lock_guard lock(mutex_);
    series(values_, name, labels) = value;
}

void Metrics::observe(std::string_view name, const MetricLabels& labels, double seconds) {
    std::lock_guard lock(mutex_);
    Histogram& histogram = series(histograms_, name, labels);
    if (histogram.buckets.empty()) histogram.buckets.assign(bucket_bounds.size(), 0);
    for (std::size_t index = 0; index < bucket_bounds.size(); ++index) {
        if (seconds <= bucket_bounds[index]) {
            ++histogram.buckets[index];
            break;
        }
    }
    ++histogram.count;
    histogram.sum += seconds;
}

double Metrics::value(std::string_view name, const MetricLabels& labels) const {
    std::lock_guard lock(mutex_);
    auto family = values_.find(name);
    if (family == values_.end()) return 0;
    auto found = family->second.find(label_key(labels));
    return found == family->second.end() ? 0 : found->second;
}

long long Metrics::observations(std::string_view name, const MetricLabels& labels) const {
    std::lock_guard lock(mutex_);
    auto family = histograms_.find(name);
    if (family == histograms_.end()) return 0;
    auto found = family->second.find(label_key(labels));
    return found == family->second.end() ? 0 : found->second.count;
}

std::string Metrics::render() const {
    std::lock_guard lock(mutex_);
    std::string text;
    for (const auto& [name, description] : descriptions()) {
        text += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, description.help, name, description.type);
        if (auto family = values_.find(name); family != values_.end()) {
            for (const auto& [key, value] : family->second) text += fmt::format("{}{} {}\n", name, key, value);
        }
        if (auto family = histograms_.find(name); family != histograms_.end()) {
            for (const auto& [key, histogram] : family->second) {
                long long cumulative = 0;
                for (std::size_t index = 0; index < bucket_bounds.size(); ++index) {
                    cumulative += histogram.buckets[index];
                    text += fmt::format("{}_bucket{} {}\n", name,
                                        with_label(key, fmt::format("le=\"{}\"", bucket_bounds[index])), cumulative);
                }
                text += fmt::format("{}_bucket{} {}\n", name, with_label(key, "le=\"+Inf\""), histogram.count);
                text += fmt::format("{}_sum{} {}\n{}_count{} {}\n", name, key, histogram.sum, name, key,
                                    histogram.count);
            }
        }
    }
    return text;
}

Metrics& metrics() {
    static Metrics instance;
    return instance;
}

}  // namespace mentorbot
