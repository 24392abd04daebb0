// A transport's figure in the process-wide metrics, as the metrics tests read it.
#pragma once

#include <string>

#include "bot/metrics.h"

namespace mentorbot::testing {

// The value of metric `name` labelled with `transport` ("slack", "discord") and, when
// given, the `reason` label.
inline double transport_metric(const std::string& transport, const char* name, const std::string& reason = "") {
    MetricLabels labels{{"transport", transport}};
    if (!reason.empty()) labels.emplace_back("reason", reason);
    return metrics().value(name, labels);
}

// The Slack transport's figure `name` (with the `reason` label when given).
inline double slack_metric(const char* name, const std::string& reason = "") {
    return transport_metric("slack", name, reason);
}

// The Discord transport's figure `name` (with the `reason` label when given).
inline double discord_metric(const char* name, const std::string& reason = "") {
    return transport_metric("discord", name, reason);
}

}  // namespace mentorbot::testing
