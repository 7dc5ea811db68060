#pragma once
// The regression gate as `run --baseline`, `compare` and `ab` use it: find the
// baseline (a result file, or the newest entry of a name in the baseline
// store), compare, and put the comparison and the new verdict into the
// candidate's result.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/cli/args.hpp"

namespace throng::cli {

// --baseline NAME|FILE, --store DIR
extern const std::vector<Args::Option> baseline_options;

struct Baseline {
    nlohmann::json result;
    std::string label;  // the name, or the file as given
    std::string file;
};

// An existing file is read as a result; anything else is a name in `store`.
// Throws BadResultFile (an unusable file, an unknown name: exit code 2).
Baseline find_baseline(const std::string& spec, const std::filesystem::path& store);

// Adds "comparison" to the candidate and updates its "verdict".
void attach_comparison(nlohmann::json& candidate, const Baseline& baseline);

}  // namespace throng::cli
