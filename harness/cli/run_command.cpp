// `throng run`: load a scenario (or build one from --url), run it (N times
// with --repeat), evaluate the thresholds, compare with a baseline if asked,
// write result.json and the reports, print the summary.
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "examples/demo-service/demo_service.hpp"
#include "harness/cli/args.hpp"
#include "harness/cli/baseline_gate.hpp"
#include "harness/cli/checkpoint_writer.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/cli/fd_limit.hpp"
#include "harness/cli/output_preflight.hpp"
#include "harness/cli/plan_from_args.hpp"
#include "harness/cli/report_outputs.hpp"
#include "harness/cli/result_files.hpp"
#include "harness/cli/run_once.hpp"
#include "harness/cli/scenario_hash.hpp"
#include "harness/cli/scenario_loading.hpp"
#include "harness/core/diagnostics.hpp"
#include "reports/baseline_store.hpp"
#include "reports/comparison_text.hpp"
#include "reports/result_json.hpp"
#include "reports/phase_summary.hpp"
#include "reports/result_merge.hpp"
#include "reports/summary.hpp"
#include "reports/thresholds.hpp"

namespace throng::cli {

namespace {

const std::vector<Args::Option> run_options = {
    {"--out", "", true},        {"--threads", "", true},     {"--vus", "", true},      {"--duration", "", true},
    {"--iterations", "", true}, {"--target", "", true},      {"--seed", "", true},     {"--quiet", "-q", false},
    {"--url", "", true},        {"--method", "-X", true},    {"--header", "-H", true}, {"--body", "", true},
    {"--timeout", "", true},    {"--rate", "", true},        {"--repeat", "", true},   {"--threshold", "", true},
    {"--timings", "", false},   {"--insecure", "-k", false},
};

std::vector<Args::Option> all_run_options() {
    auto options = run_options;
    for (const auto* more : {&scenario_loading_options, &report_output_options, &baseline_options})
        options.insert(options.end(), more->begin(), more->end());
    return options;
}

int print_usage_errors(const Args& args) {
    for (const auto& e : args.errors()) std::fprintf(stderr, "throng run: %s\n", e.c_str());
    std::fprintf(stderr, "run `throng help` for the options\n");
    return exit_usage;
}

// Several runs of one plan: one result with every run in it, thresholds judged on all of them.
core::RunResult merged(std::vector<core::RunResult> runs) {
    if (runs.size() == 1) return std::move(runs.front());
    core::RunResult all = reports::merge_results(std::move(runs));
    evaluate_thresholds_again(all);
    return all;
}

}  // namespace

int run_command(const std::vector<std::string>& argv) {
    Args args(argv, all_run_options());
    core::Plan plan;
    try {
        plan = build_plan(args);
    } catch (const core::InputError& e) {
        std::fputs(e.what(), stderr);
        std::fputc('\n', stderr);
        return exit_usage;
    } catch (const std::invalid_argument& e) {
        args.add_error(e.what());
    }
    apply_overrides(plan, args);
    const auto threads = args.integer("--threads", 1, 1024);
    const auto seed = args.integer("--seed", 1, std::numeric_limits<long long>::max());
    const auto repeat = args.integer("--repeat", 1, 1000).value_or(1);
    const std::filesystem::path out_dir = args.value("--out").value_or("throng-out");
    const ReportFiles report = report_files(args, out_dir, /*html_by_default=*/true);
    if (!args.errors().empty()) return print_usage_errors(args);

    // A baseline that cannot be found fails now, not after the load.
    std::optional<Baseline> baseline;
    if (const auto spec = args.value("--baseline")) {
        try {
            baseline = find_baseline(*spec, args.value("--store").value_or(reports::default_baseline_dir().string()));
        } catch (const BadResultFile& e) {
            std::fprintf(stderr, "throng run: %s\n", e.what());
            return exit_usage;
        }
    }

    // The embedded demo target runs in this process, on a free port.
    std::unique_ptr<demo::DemoService> demo_service;
    for (auto& target : plan.targets) {
        if (target.url != "embedded:demo") continue;
        if (!demo_service) {
            demo_service = std::make_unique<demo::DemoService>();
            demo_service->start();
        }
        target.url = demo_service->base_url();
    }

    if (const auto why = make_room_for_descriptors(descriptors_needed(plan))) {
        std::fprintf(stderr, "throng run: %s; nothing was run\n", why->c_str());
        return exit_usage;
    }

    // Before any load: the outputs can be written, and an earlier result
    // cannot be mistaken for this run's.
    const std::filesystem::path result_file = out_dir / "result.json";
    try {
        check_writable(result_file, report);
        const std::string moved = retire_previous_result(result_file, report);
        if (!moved.empty() && !args.has("--quiet")) std::fprintf(stderr, "throng run: %s\n", moved.c_str());
    } catch (const std::runtime_error& e) {
        std::fprintf(stderr, "throng run: %s; nothing was run\n", e.what());
        return exit_usage;
    }

    RunSettings settings;
    settings.threads = threads ? static_cast<int>(*threads) : 0;
    settings.seed = seed ? static_cast<std::uint64_t>(*seed) : 0;
    settings.quiet = args.has("--quiet");
    settings.checkpoint = CheckpointWriter(result_file);
    std::vector<core::RunResult> runs;
    try {
        for (long long i = 0; i < repeat; ++i) {
            if (repeat > 1 && !settings.quiet) std::fprintf(stderr, "run %lld of %lld\n", i + 1, repeat);
            core::RunResult run = run_once(plan, settings);
            const bool stop = run.interrupted || !run.setup_error.empty();
            runs.push_back(std::move(run));
            if (stop) break;
        }
    } catch (const std::runtime_error& e) {
        std::fprintf(stderr, "throng run: %s\n", e.what());
        return exit_runtime_error;
    }
    if (demo_service) demo_service->stop();

    core::RunResult result = merged(std::move(runs));
    result.scenario_hash = scenario_hash(args.positional().empty() ? "" : args.positional().front(), args);
    nlohmann::json document = reports::result_to_json(result);
    if (baseline) attach_comparison(document, *baseline);

    std::fputs(reports::summary_text(result).c_str(), stdout);
    if (args.has("--timings")) std::fputs(reports::phase_summary_text(result).c_str(), stdout);
    if (document.contains("comparison")) std::fputs(reports::comparison_text(document["comparison"]).c_str(), stdout);
    try {
        reports::write_result_json(document, result_file);
        std::printf("\nresult: %s\n", result_file.c_str());
        write_reports(document, report);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "throng run: %s\n", e.what());
        return exit_runtime_error;
    }
    std::fflush(stdout);
    if (!result.setup_error.empty())
        std::fprintf(stderr, "throng run: setup failed: %s; no load was run\n", result.setup_error.c_str());
    else if (result.aborted_by_threshold)
        std::fprintf(stderr, "throng run: stopped early: %s\n", result.interrupt_reason.c_str());
    return exit_code_for(document);
}

}  // namespace throng::cli
