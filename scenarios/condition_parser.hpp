#pragma once
// Conditions of `if` and `repeat.while`: {"set": VAR}, {"unset": VAR},
// {"passed": CHECK} or {"failed": CHECK}. The names are recorded in
// References and checked once the whole plan is known.
#include <optional>
#include <string_view>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/plan.hpp"
#include "scenarios/references.hpp"

namespace throng::scenarios {

// `key` names the condition in messages ("if", "while").
std::optional<core::Condition> parse_condition(const core::json::Value& node, std::string_view key, const Scope& scope,
                                               References& references, core::Diagnostics& diags);

}  // namespace throng::scenarios
