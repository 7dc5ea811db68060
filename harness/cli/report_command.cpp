// `throng report RESULT.json [outputs]`: every report again, from result.json
// alone: the HTML report, JUnit XML, the Markdown summary, HdrHistogram
// interval logs; with no output asked for, the terminal summary.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "harness/cli/args.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/cli/report_outputs.hpp"
#include "harness/cli/result_files.hpp"
#include "reports/comparison_text.hpp"
#include "reports/summary.hpp"

namespace throng::cli {

namespace {

constexpr const char* report_usage =
    "usage: throng report RESULT.json [--html FILE] [--junit FILE] [--markdown FILE] [--hlog DIR]\n"
    "                                 [--report html,junit,md,hlog --out DIR]\n";

}  // namespace

int report_command(const std::vector<std::string>& argv) {
    auto options = report_output_options;
    options.push_back({"--out", "", true});
    Args args(argv, options);
    if (args.positional().size() != 1) args.add_error("expected one result file");
    const ReportFiles files = report_files(args, args.value("--out").value_or("."), /*html_by_default=*/false);
    if (!args.errors().empty()) {
        for (const auto& e : args.errors()) std::fprintf(stderr, "throng report: %s\n", e.c_str());
        std::fputs(report_usage, stderr);
        return exit_usage;
    }
    const std::string& file = args.positional().front();
    try {
        const nlohmann::json result = read_result_file(file);
        if (!files.any()) {
            std::fputs(reports::summary_text(load_result(result, file)).c_str(), stdout);
            if (result.contains("comparison"))
                std::fputs(reports::comparison_text(result["comparison"]).c_str(), stdout);
            return exit_ok;
        }
        write_reports(result, files);
    } catch (const BadResultFile& e) {
        std::fprintf(stderr, "throng report: %s\n", e.what());
        return exit_usage;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "throng report: %s: %s\n", file.c_str(), e.what());
        return exit_runtime_error;
    }
    return exit_ok;
}

}  // namespace throng::cli
