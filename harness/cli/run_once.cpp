#include "harness/cli/run_once.hpp"

#include <unistd.h>

#include <cstdio>

#include "harness/engine/progress.hpp"
#include "harness/engine/runner.hpp"
#include "reports/thresholds.hpp"
#include "targets/protocols.hpp"

namespace throng::cli {

core::RunResult run_once(const core::Plan& plan, const RunSettings& settings) {
    engine::ProgressPrinter progress(stderr, ::isatty(STDERR_FILENO) != 0);
    engine::EngineOptions options;
    options.threads = settings.threads;
    options.seed = settings.seed;
    options.on_interval = [&](const engine::IntervalUpdate& u) {
        if (!settings.quiet) progress.update(u);
        if (settings.checkpoint) settings.checkpoint(u.so_far);
    };
    options.should_abort = [&plan](const core::RunResult& so_far, double elapsed_s) {
        return reports::threshold_abort_reason(plan.thresholds, so_far, elapsed_s);
    };
    const targets::Drivers drivers;
    core::RunResult result;
    try {
        result = engine::run(plan, drivers.all(), options);
    } catch (...) {
        progress.finish();
        throw;
    }
    progress.finish();
    result.thresholds = reports::evaluate_thresholds(plan.thresholds, result);
    return result;
}

}  // namespace throng::cli
