#pragma once
// Thresholds, k6-like: a metric key ("latency", "errors{step:login}") and
// expressions such as "p(95)<200ms", "rate<1%" or "count>=1000". Used for the
// scenario's "thresholds" object and reusable for thresholds given elsewhere
// (the command line).
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/plan.hpp"

namespace throng::scenarios {

// A threshold key or expression that cannot be understood; what() says what
// was expected, ready to show to the user.
class ThresholdSyntaxError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

struct ThresholdKey {
    core::Threshold::Metric metric = core::Threshold::Metric::latency;
    core::Threshold::Timing timing = core::Threshold::Timing::automatic;
    std::string step;  // empty: all requests
};

// "latency", "errors" or "requests", optionally followed by "{step:NAME}".
// Does not check that the step exists. Throws ThresholdSyntaxError.
ThresholdKey parse_threshold_key(std::string_view key);

// One expression for a key: "[AGG] OP VALUE", e.g. parse_threshold_expression(
// "latency", "p(95) < 200ms"). Fills everything but `position`.
// Throws ThresholdSyntaxError.
core::Threshold parse_threshold_expression(std::string_view key, std::string_view expression);

// The scenario's "thresholds" object; step names in keys must be among
// `step_names`. Problems go to `diags`; the usable thresholds are returned.
std::vector<core::Threshold> parse_thresholds(const core::json::Value& node, const std::vector<std::string>& step_names,
                                              core::Diagnostics& diags);

// "latency", "errors", "requests".
std::string_view metric_name(core::Threshold::Metric metric);

}  // namespace throng::scenarios
