#pragma once
// result.json: the machine-readable truth of a run, with a versioned schema
// (reports/result.schema.json). Every other report can be made from it.
#include <filesystem>

#include <nlohmann/json_fwd.hpp>

#include "harness/core/run_result.hpp"

namespace throng::reports {

inline constexpr int result_schema_version = 1;

nlohmann::json result_to_json(const core::RunResult& result);
// Atomically (temp file + rename).
void write_result_json(const core::RunResult& result, const std::filesystem::path& path);

}  // namespace throng::reports
