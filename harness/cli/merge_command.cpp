// `throng merge A.json B.json ... -o merged.json`: the exact union of results
// of one scenario (shards of one run, or runs one after another), thresholds
// judged again on the merged counts.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "harness/cli/args.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/cli/report_outputs.hpp"
#include "harness/cli/result_files.hpp"
#include "reports/result_json.hpp"
#include "reports/result_merge.hpp"
#include "reports/summary.hpp"

namespace throng::cli {

int merge_command(const std::vector<std::string>& argv) {
    auto options = report_output_options;
    options.push_back({"--output", "-o", true});
    options.push_back({"--out", "", true});
    options.push_back({"--quiet", "-q", false});
    Args args(argv, options);
    if (args.positional().empty()) args.add_error("expected the result files to merge");
    if (!args.has("--output")) args.add_error("-o FILE says where the merged result goes");
    const ReportFiles files = report_files(args, args.value("--out").value_or("."), /*html_by_default=*/false);
    if (!args.errors().empty()) {
        for (const auto& e : args.errors()) std::fprintf(stderr, "throng merge: %s\n", e.c_str());
        std::fputs("usage: throng merge RESULT.json... -o MERGED.json [--html FILE] [--junit FILE] [--markdown FILE]\n",
                   stderr);
        return exit_usage;
    }
    core::RunResult merged;
    try {
        std::vector<core::RunResult> results;
        int version = 0;
        for (const auto& file : args.positional()) {
            const nlohmann::json document = read_result_file(file);
            const int v = document["schema_version"].get<int>();
            if (version != 0 && v != version)
                throw BadResultFile(file + ": schema_version " + std::to_string(v) + ", the others " +
                                    std::to_string(version) + ": merge results of one throng version");
            version = v;
            results.push_back(load_result(document, file));
        }
        merged = reports::merge_results(std::move(results));
        evaluate_thresholds_again(merged);
    } catch (const BadResultFile& e) {
        std::fprintf(stderr, "throng merge: %s\n", e.what());
        return exit_usage;
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "throng merge: %s\n", e.what());
        return exit_usage;
    }
    const nlohmann::json document = reports::result_to_json(merged);
    if (!args.has("--quiet")) std::fputs(reports::summary_text(merged).c_str(), stdout);
    try {
        reports::write_result_json(document, *args.value("--output"));
        std::printf("result: %s\n", args.value("--output")->c_str());
        write_reports(document, files);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "throng merge: %s\n", e.what());
        return exit_runtime_error;
    }
    return exit_code_for(document);
}

}  // namespace throng::cli
