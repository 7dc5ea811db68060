#pragma once
// The shapes names take in scenario files, and the wording shared by messages
// about names.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/json.hpp"

namespace throng::scenarios {

// [A-Za-z_][A-Za-z0-9_]*: variables, feeders and tag keys, which appear
// inside ${...} and {key:value} filters.
bool is_identifier(std::string_view name);
inline constexpr std::string_view identifier_rule =
    "must start with a letter or '_' and hold only letters, digits and '_'";

// [A-Za-z0-9_.-]+: scenario names.
bool is_scenario_name(std::string_view name);

// "`name`"
std::string in_backticks(std::string_view name);

// " (first at line L, column C)", for duplicates.
std::string first_at(const core::json::Position& position);

// "; did you mean `x`?" when a candidate is close to `word`, else "".
std::string suggestion(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace throng::scenarios
