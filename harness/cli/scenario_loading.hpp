#pragma once
// Loading a scenario file as `run` and `validate` both do: with the drivers'
// step parsers, --env values in front of the process environment, and --set
// assignments applied to the document.
#include <string>
#include <vector>

#include "harness/cli/args.hpp"
#include "harness/core/plan.hpp"

namespace throng::cli {

// The options `run` and `validate` share for this.
extern const std::vector<Args::Option> scenario_loading_options;

// Throws core::InputError with every problem found; a malformed --env value
// is recorded in args.
core::Plan load_scenario_file(const std::string& path, Args& args);

}  // namespace throng::cli
