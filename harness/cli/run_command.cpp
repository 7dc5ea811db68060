// `throng run`: load a scenario (or build one from --url), run it, evaluate
// the thresholds, write result.json and print the summary.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "examples/demo-service/demo_service.hpp"
#include "harness/cli/args.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/cli/protocols.hpp"
#include "harness/cli/scenario_loading.hpp"
#include "harness/cli/url_plan.hpp"
#include "harness/core/diagnostics.hpp"
#include "harness/core/units.hpp"
#include "harness/engine/progress.hpp"
#include "harness/engine/runner.hpp"
#include "reports/hlog_export.hpp"
#include "reports/result_json.hpp"
#include "reports/summary.hpp"
#include "reports/thresholds.hpp"

namespace throng::cli {

namespace {

const std::vector<Args::Option> run_options = {
    {"--out", "", true},        {"--threads", "", true},  {"--vus", "", true},     {"--duration", "", true},
    {"--iterations", "", true}, {"--target", "", true},   {"--seed", "", true},    {"--quiet", "-q", false},
    {"--url", "", true},        {"--method", "-X", true}, {"--header", "-H", true}, {"--body", "", true},
    {"--timeout", "", true},    {"--hlog", "", true},     {"--rate", "", true},
};

std::vector<Args::Option> all_run_options() {
    auto options = run_options;
    options.insert(options.end(), scenario_loading_options.begin(), scenario_loading_options.end());
    return options;
}

std::optional<std::chrono::nanoseconds> duration_flag(Args& args, std::string_view name) {
    const auto text = args.value(name);
    if (!text) return std::nullopt;
    auto d = core::parse_duration(*text);
    if (!d || d->count() <= 0) {
        args.add_error("`" + std::string(name) + "` must be a duration like 10s or 1m30s, got `" + *text + "`");
        return std::nullopt;
    }
    return d;
}

std::string read_body(const std::string& text) {
    if (text.empty() || text.front() != '@') return text;
    std::ifstream in(text.substr(1), std::ios::binary);
    if (!in) throw std::invalid_argument("cannot read body file `" + text.substr(1) + "`");
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

// --vus and --duration replace a closed model's executor with constant-vus,
// as in k6. An open model keeps its rate: --duration only shortens a
// constant-arrival-rate run, --rate changes it. With several scenarios, each
// takes the flags that apply to it.
void apply_overrides(core::Plan& plan, Args& args) {
    const auto vus = args.integer("--vus", 1, 1'000'000);
    const auto duration = duration_flag(args, "--duration");
    std::optional<double> rate;
    if (const auto text = args.value("--rate")) {
        rate = core::parse_rate(*text);
        if (!rate) {
            char* end = nullptr;
            const double number = std::strtod(text->c_str(), &end);
            if (end != text->c_str() && *end == '\0') rate = number;
        }
        if (!rate || *rate <= 0) args.add_error("--rate must be a rate like 500/s or 6000/m, got `" + *text + "`");
    }
    const auto iterations = args.integer("--iterations", 1, std::numeric_limits<long long>::max());
    bool vus_used = false, duration_used = false, rate_used = false;
    for (auto& scenario : plan.scenarios) {
        core::ExecutorSpec& e = scenario.executor;
        if (e.is_open_model()) {
            if (duration && e.kind == core::ExecutorSpec::Kind::constant_arrival_rate) {
                e.duration = *duration;
                duration_used = true;
            }
            if (rate && e.kind == core::ExecutorSpec::Kind::constant_arrival_rate) {
                e.rate = *rate;
                rate_used = true;
            }
        } else if (vus || duration) {
            const int keep_vus = scenario.max_vus() > 0 ? scenario.max_vus() : 1;
            const auto keep_duration = scenario.load_duration();
            e.kind = core::ExecutorSpec::Kind::constant_vus;
            e.vus = vus ? static_cast<int>(*vus) : keep_vus;
            e.duration = duration ? *duration : keep_duration;
            e.stages.clear();
            vus_used = vus_used || vus.has_value();
            duration_used = duration_used || duration.has_value();
        }
        if (iterations) e.iterations = static_cast<std::uint64_t>(*iterations);
    }
    if (vus && !vus_used) args.add_error("--vus applies to closed-model executors only (an arrival-rate one sets max_vus)");
    if (duration && !duration_used)
        args.add_error("--duration does not apply to ramping-arrival-rate (its stages set the length)");
    if (rate && !rate_used) args.add_error("--rate applies to constant-arrival-rate executors only");
    if (const auto target = args.value("--target")) plan.main_target().url = *target;
}

core::Plan build_plan(Args& args) {
    if (const auto url = args.value("--url")) {
        if (!args.positional().empty()) args.add_error("give either a scenario file or --url, not both");
        UrlRequest request;
        request.url = *url;
        request.method = args.value("--method").value_or("GET");
        request.headers = args.values("--header");
        request.body = read_body(args.value("--body").value_or(""));
        if (const auto t = duration_flag(args, "--timeout")) request.timeout = *t;
        for (const char* flag : {"--env", "--set"})
            if (args.has(flag)) args.add_error(std::string("`") + flag + "` goes with a scenario file");
        core::Plan plan = plan_for_url(request);
        core::ExecutorSpec& e = plan.scenarios.front().executor;
        e.kind = core::ExecutorSpec::Kind::constant_vus;
        e.vus = 1;
        e.duration = std::chrono::seconds(10);
        e.graceful_stop = std::chrono::seconds(2);
        return plan;
    }
    if (args.positional().size() != 1) {
        args.add_error("expected one scenario file (or --url URL)");
        return {};
    }
    for (const char* flag : {"--method", "--header", "--body", "--timeout"})
        if (args.has(flag)) args.add_error(std::string("`") + flag + "` goes with --url");
    return load_scenario_file(args.positional().front(), args);
}

int print_usage_errors(const Args& args) {
    for (const auto& e : args.errors()) std::fprintf(stderr, "throng run: %s\n", e.c_str());
    std::fprintf(stderr, "run `throng help` for the options\n");
    return exit_usage;
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
    if (!args.errors().empty()) return print_usage_errors(args);

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

    const Drivers drivers;
    engine::ProgressPrinter progress(stderr, ::isatty(STDERR_FILENO) != 0);
    engine::EngineOptions options;
    options.threads = threads ? static_cast<int>(*threads) : 0;
    options.seed = seed ? static_cast<std::uint64_t>(*seed) : 0;
    if (!args.has("--quiet")) options.on_interval = [&](const engine::IntervalUpdate& u) { progress.update(u); };
    options.should_abort = [&plan](const core::RunResult& so_far, double elapsed_s) {
        return reports::threshold_abort_reason(plan.thresholds, so_far, elapsed_s);
    };

    core::RunResult result;
    try {
        result = engine::run(plan, drivers.all(), options);
    } catch (const std::runtime_error& e) {
        progress.finish();
        std::fprintf(stderr, "throng run: %s\n", e.what());
        return exit_runtime_error;
    }
    progress.finish();
    if (demo_service) demo_service->stop();

    result.thresholds = reports::evaluate_thresholds(plan.thresholds, result);
    std::fputs(reports::summary_text(result).c_str(), stdout);

    const std::filesystem::path out = std::filesystem::path(args.value("--out").value_or("throng-out")) / "result.json";
    try {
        reports::write_result_json(result, out);
        std::printf("\nresult: %s\n", out.c_str());
        if (const auto dir = args.value("--hlog"))
            for (const auto& path : reports::write_interval_logs(reports::result_to_json(result), *dir))
                std::printf("interval log: %s\n", path.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "throng run: %s\n", e.what());
        return exit_runtime_error;
    }
    std::fflush(stdout);
    if (!result.setup_error.empty()) {
        std::fprintf(stderr, "throng run: setup failed: %s; no load was run\n", result.setup_error.c_str());
        return exit_runtime_error;
    }
    if (result.aborted_by_threshold) {
        std::fprintf(stderr, "throng run: stopped early: %s\n", result.interrupt_reason.c_str());
        return exit_threshold_failed;
    }
    if (result.interrupted) return exit_interrupted;
    return result.thresholds_passed() ? exit_ok : exit_threshold_failed;
}

}  // namespace throng::cli
