#include "harness/cli/report_outputs.hpp"

#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "reports/atomic_file.hpp"
#include "reports/hlog_export.hpp"
#include "reports/html_report.hpp"
#include "reports/junit_report.hpp"
#include "reports/markdown_report.hpp"

namespace throng::cli {

const std::vector<Args::Option> report_output_options = {
    {"--report", "", true}, {"--html", "", true}, {"--junit", "", true}, {"--markdown", "", true}, {"--hlog", "", true},
};

ReportFiles report_files(Args& args, const std::filesystem::path& default_dir, bool html_by_default) {
    ReportFiles files;
    if (html_by_default) files.html = default_dir / "report.html";
    for (const auto& list : args.values("--report")) {
        std::stringstream items(list);
        for (std::string item; std::getline(items, item, ',');) {
            if (item == "html")
                files.html = default_dir / "report.html";
            else if (item == "junit")
                files.junit = default_dir / "junit.xml";
            else if (item == "md" || item == "markdown")
                files.markdown = default_dir / "summary.md";
            else if (item == "hlog")
                files.hlog_dir = default_dir / "hlog";
            else if (item == "none")
                files = {};
            else
                args.add_error("--report takes a list of html, junit, md, hlog (or none), got `" + item + "`");
        }
    }
    if (const auto f = args.value("--html")) files.html = *f;
    if (const auto f = args.value("--junit")) files.junit = *f;
    if (const auto f = args.value("--markdown")) files.markdown = *f;
    if (const auto d = args.value("--hlog")) files.hlog_dir = *d;
    return files;
}

void write_reports(const nlohmann::json& result, const ReportFiles& files) {
    if (files.html) {
        reports::write_file_atomically(*files.html, reports::html_report(result));
        std::printf("report: %s\n", files.html->c_str());
    }
    if (files.junit) {
        reports::write_file_atomically(*files.junit, reports::junit_report(result));
        std::printf("junit: %s\n", files.junit->c_str());
    }
    if (files.markdown) {
        reports::write_file_atomically(*files.markdown, reports::markdown_report(result));
        std::printf("summary: %s\n", files.markdown->c_str());
    }
    if (files.hlog_dir)
        for (const auto& path : reports::write_interval_logs(result, *files.hlog_dir))
            std::printf("interval log: %s\n", path.c_str());
}

}  // namespace throng::cli
