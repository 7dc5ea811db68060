#pragma once
// Think times: the scenario's and flow's "think_time" (pauses between steps
// and between iterations), and the single THINK a pause step or a step's own
// "think_time" takes.
#include <optional>
#include <string_view>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/think_time.hpp"

namespace throng::scenarios {

// Absent members stay nullopt, so a flow can tell "not overridden" from "none".
struct ThinkTimes {
    std::optional<core::ThinkTime> between_steps;
    std::optional<core::ThinkTime> between_iterations;
};

// {"between_steps": THINK, "between_iterations": THINK}.
ThinkTimes parse_think_times(const core::json::Value& node, core::Diagnostics& diags);

// THINK: a duration ("100ms", a constant pause), a number of seconds, or
// {"distribution": "constant" | "uniform" | "exponential" | "normal", ...}.
// `key` and `owner` name the value in messages ("`pause` in step"). Problems
// are reported and give nullopt.
std::optional<core::ThinkTime> parse_think(const core::json::Value& node, std::string_view key, std::string_view owner,
                                           core::Diagnostics& diags);

}  // namespace throng::scenarios
