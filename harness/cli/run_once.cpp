#include "harness/cli/run_once.hpp"

#include <unistd.h>

#include <cstdio>

#include "harness/api/throng.hpp"
#include "harness/engine/progress.hpp"

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
    core::RunResult result;
    try {
        result = throng::run(plan, options);
    } catch (...) {
        progress.finish();
        throw;
    }
    progress.finish();
    return result;
}

}  // namespace throng::cli
