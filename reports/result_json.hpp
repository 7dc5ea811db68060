#pragma once
// result.json: the machine-readable truth of a run, with a versioned schema
// (reports/result.schema.json). Every other report can be made from it.
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "harness/core/run_result.hpp"

namespace throng::reports {

// 2: testbed, scenario hash, per-interval CPU, check and per-step counts,
// runs, gate rules, comparison, verdict. 3: each interval's send lag (open
// models) and the gate's `late_share`. 4: warm-up per scenario: an interval's
// step histograms say when their scenario was warming up.
inline constexpr int result_schema_version = 4;

// The oldest result.json this throng still reads (everything it needs was there).
inline constexpr int oldest_readable_schema_version = 1;

nlohmann::json result_to_json(const core::RunResult& result);

// What a run has measured so far, written once a second while it goes on so
// that a killed run (SIGKILL, out of memory) leaves at most a second
// unwritten: marked "incomplete" (verdict "incomplete", not passed), and
// without the intervals' histograms, so that it stays cheap to write however
// long the run (the totals' histograms are there).
nlohmann::json checkpoint_to_json(const core::RunResult& so_far);

// Throws std::runtime_error saying why `result` is not a result this throng
// reads: not a throng result at all, or written by a newer throng.
void require_readable_result(const nlohmann::json& result);
// Atomically (temp file + rename).
void write_result_json(const core::RunResult& result, const std::filesystem::path& path);
void write_result_json(const nlohmann::json& result, const std::filesystem::path& path);

// The one word a report shows first: "incomplete", "setup_failed", "thresholds_failed",
// "interrupted", the comparison's "regression", "invalid" or "inconclusive",
// else "passed" (which covers a gate's no change and improvement).
std::string verdict_of(const nlohmann::json& result);

}  // namespace throng::reports
