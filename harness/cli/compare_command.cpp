// `throng compare BASELINE CANDIDATE`: the regression gate on two results
// already written. BASELINE is a result file or a name in the baseline store.
// Prints the comparison; with -o, writes the candidate's result with the
// comparison in it (and any report asked for, from that).
#include <cstdio>

#include <nlohmann/json.hpp>

#include "harness/cli/args.hpp"
#include "harness/cli/baseline_gate.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/cli/report_outputs.hpp"
#include "harness/cli/result_files.hpp"
#include "reports/baseline_store.hpp"
#include "reports/comparison_text.hpp"
#include "reports/result_json.hpp"

namespace throng::cli {

int compare_command(const std::vector<std::string>& argv) {
    auto options = report_output_options;
    options.push_back({"--store", "", true});
    options.push_back({"--output", "-o", true});
    options.push_back({"--out", "", true});
    Args args(argv, options);
    if (args.positional().size() != 2)
        args.add_error("expected a baseline (result file or name) and a candidate result file");
    const ReportFiles files = report_files(args, args.value("--out").value_or("."), /*html_by_default=*/false);
    if (!args.errors().empty()) {
        for (const auto& e : args.errors()) std::fprintf(stderr, "throng compare: %s\n", e.c_str());
        std::fputs(
            "usage: throng compare BASELINE CANDIDATE.json [--store DIR] [-o RESULT.json] [--html FILE] "
            "[--junit FILE] [--markdown FILE]\n",
            stderr);
        return exit_usage;
    }
    nlohmann::json candidate;
    try {
        const Baseline baseline = find_baseline(
            args.positional()[0], args.value("--store").value_or(reports::default_baseline_dir().string()));
        candidate = read_result_file(args.positional()[1]);
        attach_comparison(candidate, baseline);
    } catch (const BadResultFile& e) {
        std::fprintf(stderr, "throng compare: %s\n", e.what());
        return exit_usage;
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "throng compare: %s\n", e.what());
        return exit_usage;
    }
    std::fputs(reports::comparison_text(candidate["comparison"]).c_str(), stdout);
    try {
        if (const auto out = args.value("--output")) {
            reports::write_result_json(candidate, *out);
            std::printf("result: %s\n", out->c_str());
        }
        write_reports(candidate, files);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "throng compare: %s\n", e.what());
        return exit_runtime_error;
    }
    return exit_code_for(candidate);
}

}  // namespace throng::cli
