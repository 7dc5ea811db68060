#pragma once
// summary.md: a result as GitHub-flavoured Markdown, for a pull-request
// comment or $GITHUB_STEP_SUMMARY. The verdict comes first, then what
// failed (thresholds, the comparison with a baseline, setup, interruption),
// then one table of steps per scenario. No links, no raw HTML: every name
// from the scenario is escaped (reports/text_escape.hpp).
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace throng::reports {

// Reads version 1 and 2 results; sections whose fields are absent are left out.
std::string markdown_report(const nlohmann::json& result);

// Atomically (temp file + rename); throws std::runtime_error on failure.
void write_markdown_report(const nlohmann::json& result, const std::filesystem::path& path);

}  // namespace throng::reports
