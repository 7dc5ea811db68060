#pragma once
// Lenient reads of a result document for the report writers. They render
// version 1 results, partial ones and hand-edited ones alike, so a field that
// is missing, null or of another type reads as absent: a report never fails
// because a field it shows is not there.
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace throng::reports::fields {

// The member `key` of `object`; a null value if absent (or not an object).
const nlohmann::json& member(const nlohmann::json& object, const std::string& key);
// The member if it is an array, else an empty array.
const nlohmann::json& array(const nlohmann::json& object, const std::string& key);
// The member if it is a string, else "".
std::string text(const nlohmann::json& object, const std::string& key);
// The member if it is a number, else nullopt.
std::optional<double> number(const nlohmann::json& object, const std::string& key);
// The member if it is a boolean, else `otherwise`.
bool flag(const nlohmann::json& object, const std::string& key, bool otherwise = false);

// The one word a report shows first: the result's "verdict" (version 2), or
// for a version 1 result the same word worked out from what it records:
// setup_failed, interrupted, thresholds_failed or passed.
std::string verdict(const nlohmann::json& result);

// What the scenario is called: scenario.name, else its file, else "throng".
std::string scenario_title(const nlohmann::json& result);

}  // namespace throng::reports::fields
