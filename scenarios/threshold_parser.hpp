#pragma once
// Thresholds, k6-like: a metric key ("latency", "errors{step:login}",
// "checks{check:status is 200}") and expressions such as "p(95)<200ms",
// "rate<1%" or "count>=1000". Used for the
// scenario's "thresholds" object and reusable for thresholds given elsewhere
// (the command line).
#include <map>
#include <optional>
#include <set>
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
    core::Tags filter;  // {step:login,scenario:browse}; empty: everything
};

// What a threshold's tag filter may name, so that typos are caught: tag key ->
// the values the plan's steps carry (step, flow, scenario, group, check and
// the user's own tags).
struct KnownTags {
    std::map<std::string, std::set<std::string>> values;
};

// A metric (latency, service_time, response_time, errors, requests, checks,
// iterations), optionally followed by a tag filter "{tag:value,tag:value}":
// spaces around tags and values are ignored, values may hold any character
// but ',' and '}'. Only checks take `check`; iterations take only `scenario`.
// Does not check that the tags exist. Throws ThresholdSyntaxError.
ThresholdKey parse_threshold_key(std::string_view key);

// One expression for a key: "[AGG] OP VALUE", e.g. parse_threshold_expression(
// "latency", "p(95) < 200ms"). Fills everything but `position`.
// Throws ThresholdSyntaxError.
core::Threshold parse_threshold_expression(std::string_view key, std::string_view expression);

// The scenario's "thresholds" object; tags in keys must be among `known`.
// Each value is an expression, or an array of expressions and objects
// {"threshold": "p(95)<200ms", "abort_on_fail": true, "delay_abort_eval": "10s"}
// (k6's names); a single object is accepted too.
// Problems go to `diags`; the usable thresholds are returned.
std::vector<core::Threshold> parse_thresholds(const core::json::Value& node, const KnownTags& known,
                                              core::Diagnostics& diags);

// Why a key's tag filter names something the plan does not have ("threshold
// key `latency{step:x}`: no step has the tag `step:x`; did you mean ...?"),
// or nullopt. `what` names the key's kind in the message.
std::optional<std::string> unknown_tag(const std::string& what, const std::string& key, const core::Tags& filter,
                                       const KnownTags& known);

// "latency", "errors", "requests", "checks", "iterations".
std::string_view metric_name(core::Threshold::Metric metric);
// A valid expression for the metric, for messages: "p(95)<200ms", "rate<1%", ...
std::string_view example_expression(core::Threshold::Metric metric);

}  // namespace throng::scenarios
