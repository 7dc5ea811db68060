// `throng run`: load a scenario (or build one from --url), run it, evaluate
// the thresholds, write result.json and print the summary.
#include <unistd.h>

#include <cstdio>
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
#include "harness/cli/url_plan.hpp"
#include "harness/core/diagnostics.hpp"
#include "harness/core/units.hpp"
#include "harness/engine/progress.hpp"
#include "harness/engine/runner.hpp"
#include "reports/hlog_export.hpp"
#include "reports/result_json.hpp"
#include "reports/summary.hpp"
#include "reports/thresholds.hpp"
#include "scenarios/scenario_parser.hpp"
#include "targets/drivers/http/http_driver.hpp"
#include "targets/drivers/http/http_step.hpp"

namespace throng::cli {

namespace {

const std::vector<Args::Option> run_options = {
    {"--out", "", true},        {"--threads", "", true},  {"--vus", "", true},     {"--duration", "", true},
    {"--iterations", "", true}, {"--target", "", true},   {"--seed", "", true},    {"--quiet", "-q", false},
    {"--url", "", true},        {"--method", "-X", true}, {"--header", "-H", true}, {"--body", "", true},
    {"--timeout", "", true},    {"--hlog", "", true},
};

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
// constant-arrival-rate run.
void apply_overrides(core::Plan& plan, Args& args) {
    const auto vus = args.integer("--vus", 1, 1'000'000);
    const auto duration = duration_flag(args, "--duration");
    if (plan.executor.is_open_model()) {
        if (vus) args.add_error("--vus does not apply to an arrival-rate executor (set its max_vus)");
        if (duration && plan.executor.kind == core::ExecutorSpec::Kind::constant_arrival_rate)
            plan.executor.duration = *duration;
        else if (duration)
            args.add_error("--duration does not apply to ramping-arrival-rate (its stages set the length)");
    } else if (vus || duration) {
        core::ExecutorSpec& e = plan.executor;
        const int keep_vus = plan.max_vus() > 0 ? plan.max_vus() : 1;
        const auto keep_duration = plan.load_duration();
        e.kind = core::ExecutorSpec::Kind::constant_vus;
        e.vus = vus ? static_cast<int>(*vus) : keep_vus;
        e.duration = duration ? *duration : keep_duration;
        e.stages.clear();
    }
    if (const auto n = args.integer("--iterations", 1, std::numeric_limits<long long>::max()))
        plan.executor.iterations = static_cast<std::uint64_t>(*n);
    if (const auto target = args.value("--target")) plan.target.url = *target;
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
        core::Plan plan = plan_for_url(request);
        plan.executor.kind = core::ExecutorSpec::Kind::constant_vus;
        plan.executor.vus = 1;
        plan.executor.duration = std::chrono::seconds(10);
        plan.executor.graceful_stop = std::chrono::seconds(2);
        return plan;
    }
    if (args.positional().size() != 1) {
        args.add_error("expected one scenario file (or --url URL)");
        return {};
    }
    for (const char* flag : {"--method", "--header", "--body", "--timeout"})
        if (args.has(flag)) args.add_error(std::string("`") + flag + "` goes with --url");
    const targets::http::HttpStepParser http_steps;
    const core::StepParser* parsers[] = {&http_steps};
    return scenarios::load_scenario(args.positional().front(), parsers);
}

int print_usage_errors(const Args& args) {
    for (const auto& e : args.errors()) std::fprintf(stderr, "throng run: %s\n", e.c_str());
    std::fprintf(stderr, "run `throng help` for the options\n");
    return exit_usage;
}

}  // namespace

int run_command(const std::vector<std::string>& argv) {
    Args args(argv, run_options);
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
    if (plan.target.url == "embedded:demo") {
        demo_service = std::make_unique<demo::DemoService>();
        demo_service->start();
        plan.target.url = demo_service->base_url();
    }

    auto http = targets::http::make_http_driver();
    engine::Driver* drivers[] = {http.get()};
    engine::ProgressPrinter progress(stderr, ::isatty(STDERR_FILENO) != 0);
    engine::EngineOptions options;
    options.threads = threads ? static_cast<int>(*threads) : 0;
    options.seed = seed ? static_cast<std::uint64_t>(*seed) : 0;
    if (!args.has("--quiet")) options.on_interval = [&](const engine::IntervalUpdate& u) { progress.update(u); };

    core::RunResult result;
    try {
        result = engine::run(plan, drivers, options);
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
    if (result.interrupted) return exit_interrupted;
    return result.thresholds_passed() ? exit_ok : exit_threshold_failed;
}

}  // namespace throng::cli
