#pragma once
// HdrHistogram interval logs from a result: one .hlog per step and latency
// kind ("item.service_time.hlog", "item.response_time.hlog"), each interval
// of the run a line, tagged like the file. Works from result.json, so a
// result written earlier exports the same as a run that just ended.
#include <filesystem>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace throng::reports {

// Returns the files written. Throws std::runtime_error if the document is
// not a throng result (version 1) or a file cannot be written.
std::vector<std::filesystem::path> write_interval_logs(const nlohmann::json& result, const std::filesystem::path& dir);

}  // namespace throng::reports
