#pragma once
// --set PATH=VALUE: changes to a scenario document made from the command line
// before it is read, so one file serves several runs (more VUs, a longer
// duration, another target).
#include <string>
#include <vector>

#include "harness/core/json.hpp"

namespace throng::scenarios {

// Applies each "PATH=VALUE" in order. PATH is dotted ("scenarios.browse.executor.vus",
// "flows.0.weight") or a JSON pointer ("/executor/duration"); VALUE is JSON when
// it parses as JSON, otherwise a string. Missing objects on the way are
// created; array elements must exist. Throws core::InputError naming every
// malformed argument (file "--set", line = the argument's 1-based index,
// column = where in it the problem is); the document is then unchanged.
void apply_overrides(core::json::Value& document, const std::vector<std::string>& sets);

}  // namespace throng::scenarios
