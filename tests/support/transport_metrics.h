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

}  // namespace mentorbot::testing
