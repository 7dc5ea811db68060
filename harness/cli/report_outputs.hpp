#pragma once
// The reports written next to (or instead of) result.json, chosen on the
// command line the same way by `run`, `report`, `compare`, `merge` and `ab`:
//   --report LIST     some of html, junit, md (markdown), hlog, into the output directory
//   --html FILE, --junit FILE, --markdown FILE, --hlog DIR   each at a place of its own
#include <filesystem>
#include <optional>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "harness/cli/args.hpp"

namespace throng::cli {

extern const std::vector<Args::Option> report_output_options;

struct ReportFiles {
    std::optional<std::filesystem::path> html, junit, markdown, hlog_dir;
    bool any() const { return html || junit || markdown || hlog_dir; }
};

// `default_dir`: where --report puts its files (report.html, junit.xml,
// summary.md, hlog/); `html_by_default`: write report.html there even
// without being asked (throng run). Bad values are recorded in args.
ReportFiles report_files(Args& args, const std::filesystem::path& default_dir, bool html_by_default);

// Writes each report (atomically) and prints where. Throws on I/O errors.
void write_reports(const nlohmann::json& result, const ReportFiles& files);

}  // namespace throng::cli
