#pragma once
// "data": named feeders of test data, from a CSV or JSON-lines file or an
// inline array, handed out sequentially, at random or each row once.
#include <filesystem>
#include <memory>
#include <vector>

#include "harness/core/diagnostics.hpp"
#include "harness/core/feeder.hpp"
#include "harness/core/json.hpp"
#include "scenarios/references.hpp"

namespace throng::scenarios {

// {"users": {"file": "data/users.csv", "order": "unique"}, "terms": {"values": ["a", "b"], "order": "random"}}.
// Relative files are read from `base_dir` (the scenario file's directory).
// Feeders whose data could not be read are left out and told to `references`.
std::vector<std::shared_ptr<const core::FeederSpec>> parse_feeders(const core::json::Value& node,
                                                                   const std::filesystem::path& base_dir,
                                                                   References& references, core::Diagnostics& diags);

}  // namespace throng::scenarios
