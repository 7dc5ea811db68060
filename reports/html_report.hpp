#pragma once
// report.html: one self-contained page made from a result document (schema
// version 1 to 4): the verdict first, then the run's facts, the comparison
// with a baseline, thresholds, the step table, charts over time, each step's
// percentile spectrum, checks, errors, setup and teardown. Charts are SVG
// written here; the page fetches nothing and runs no script.
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace throng::reports {

// Throws std::invalid_argument if `result` is not a JSON object. Missing
// fields are shown as missing, never guessed.
std::string html_report(const nlohmann::json& result);

// html_report() written atomically (reports/atomic_file.hpp).
void write_html_report(const nlohmann::json& result, const std::filesystem::path& path);

}  // namespace throng::reports
