#pragma once
// Loading a scenario file as `run` and `validate` both do: with the drivers'
// step parsers, --env values in front of the process environment, and --set
// assignments applied to the document.
#include <optional>
#include <string>
#include <vector>

#include "harness/cli/args.hpp"
#include "harness/core/plan.hpp"

namespace throng::cli {

// The options `run` and `validate` share for this.
extern const std::vector<Args::Option> scenario_loading_options;

// What the target's driver would refuse in `url` (a port out of range, no
// host, a query on a base URL, ...), with the password masked; nullopt when
// the driver reads it. Checked before any load, so that a bad URL is a usage
// error (exit 2) wherever it comes from: the file, --url or --target.
std::optional<std::string> target_url_problem(const std::string& url);

// Throws core::InputError with every problem found; a malformed --env value
// is recorded in args.
core::Plan load_scenario_file(const std::string& path, Args& args);

}  // namespace throng::cli
