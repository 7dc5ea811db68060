// `throng ab SCENARIO --a URL --b URL`: the same scenario against two targets
// (two builds, two deployments) in interleaved rounds, A B B A A B B A ...,
// so that a slow minute of a shared CI machine falls on both sides alike;
// then B is judged against A by the regression gate.
#include <cstdio>
#include <filesystem>
#include <limits>

#include <nlohmann/json.hpp>

#include "harness/cli/args.hpp"
#include "harness/cli/baseline_gate.hpp"
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
#include "harness/core/redact.hpp"
#include "reports/comparison_text.hpp"
#include "reports/result_json.hpp"
#include "reports/result_merge.hpp"
#include "reports/summary.hpp"

namespace throng::cli {

namespace {

constexpr const char* ab_usage =
    "usage: throng ab SCENARIO.json --a URL --b URL [--rounds N] [--out DIR] [run options]\n";

// Round r of side B runs at the positions of "ABBA" repeated: A B B A A B B A ...
bool b_goes_first(long long pair) { return pair % 2 == 1; }

}  // namespace

int ab_command(const std::vector<std::string>& argv) {
    std::vector<Args::Option> options = {{"--a", "", true},        {"--b", "", true},          {"--rounds", "", true},
                                         {"--out", "", true},      {"--threads", "", true},    {"--vus", "", true},
                                         {"--duration", "", true}, {"--iterations", "", true}, {"--rate", "", true},
                                         {"--seed", "", true},     {"--quiet", "-q", false}};
    for (const auto* more : {&scenario_loading_options, &report_output_options})
        options.insert(options.end(), more->begin(), more->end());
    Args args(argv, options);
    const auto a_url = args.value("--a"), b_url = args.value("--b");
    if (!a_url || !b_url) args.add_error("--a URL and --b URL name the two targets");
    core::Plan plan;
    try {
        plan = build_plan(args);
    } catch (const core::InputError& e) {
        std::fputs(e.what(), stderr);
        std::fputc('\n', stderr);
        return exit_usage;
    }
    apply_overrides(plan, args);
    const auto rounds = args.integer("--rounds", 1, 100).value_or(4);
    RunSettings settings;
    settings.threads = static_cast<int>(args.integer("--threads", 1, 1024).value_or(0));
    settings.seed =
        static_cast<std::uint64_t>(args.integer("--seed", 1, std::numeric_limits<long long>::max()).value_or(0));
    settings.quiet = args.has("--quiet");
    const std::filesystem::path out_dir = args.value("--out").value_or("throng-ab");
    const ReportFiles report = report_files(args, out_dir, /*html_by_default=*/true);
    if (!args.errors().empty()) {
        for (const auto& e : args.errors()) std::fprintf(stderr, "throng ab: %s\n", e.c_str());
        std::fputs(ab_usage, stderr);
        return exit_usage;
    }

    if (const auto why = make_room_for_descriptors(descriptors_needed(plan))) {
        std::fprintf(stderr, "throng ab: %s; nothing was run\n", why->c_str());
        return exit_usage;
    }
    try {
        check_writable(out_dir / "result.json", report);
    } catch (const std::runtime_error& e) {
        std::fprintf(stderr, "throng ab: %s; nothing was run\n", e.what());
        return exit_usage;
    }
    std::array<std::vector<core::RunResult>, 2> sides;
    const std::array<std::string, 2> urls = {*a_url, *b_url};
    // What is printed and written: a URL's password masked.
    const std::array<std::string, 2> shown = {core::redact_password(urls[0]), core::redact_password(urls[1])};
    try {
        for (long long pair = 0; pair < rounds; ++pair) {
            for (int k = 0; k < 2; ++k) {
                const int side = b_goes_first(pair) ? 1 - k : k;
                core::Plan side_plan = plan;
                side_plan.main_target().url = urls[side];
                if (!settings.quiet)
                    std::fprintf(stderr, "round %lld of %lld: %s (%s)\n", pair + 1, rounds, side == 0 ? "A" : "B",
                                 shown[side].c_str());
                core::RunResult run = run_once(side_plan, settings);
                const bool stop = run.interrupted || !run.setup_error.empty();
                sides[side].push_back(std::move(run));
                if (stop)
                    throw std::runtime_error("round stopped early: " + sides[side].back().interrupt_reason +
                                             sides[side].back().setup_error);
            }
        }
    } catch (const std::runtime_error& e) {
        std::fprintf(stderr, "throng ab: %s\n", e.what());
        return exit_runtime_error;
    }

    const std::string hash = scenario_hash(args.positional().empty() ? "" : args.positional().front(), args);
    std::array<nlohmann::json, 2> documents;
    for (int side = 0; side < 2; ++side) {
        core::RunResult all = reports::merge_results(std::move(sides[side]));
        evaluate_thresholds_again(all);
        all.scenario_hash = hash;
        documents[side] = reports::result_to_json(all);
    }
    attach_comparison(documents[1], Baseline{documents[0], "A (" + shown[0] + ")", ""});
    std::fputs(reports::comparison_text(documents[1]["comparison"]).c_str(), stdout);
    try {
        reports::write_result_json(documents[0], out_dir / "a.json");
        reports::write_result_json(documents[1], out_dir / "result.json");
        std::printf("\nA: %s\nB, compared with A: %s\n", (out_dir / "a.json").c_str(),
                    (out_dir / "result.json").c_str());
        write_reports(documents[1], report);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "throng ab: %s\n", e.what());
        return exit_runtime_error;
    }
    return exit_code_for(documents[1]);
}

}  // namespace throng::cli
