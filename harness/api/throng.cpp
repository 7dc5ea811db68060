#include "harness/api/throng.hpp"

#include "harness/engine/runner.hpp"
#include "reports/thresholds.hpp"
#include "targets/protocols.hpp"

namespace throng {

core::RunResult run(const core::Plan& plan, const RunOptions& options) {
    RunOptions engine_options = options;
    engine_options.should_abort = [&plan, &options](const core::RunResult& so_far, double elapsed_s) {
        if (auto reason = reports::threshold_abort_reason(plan.thresholds, so_far, elapsed_s)) return reason;
        return options.should_abort ? options.should_abort(so_far, elapsed_s) : std::nullopt;
    };
    const targets::Drivers drivers;
    core::RunResult result = engine::run(plan, drivers.all(), engine_options);
    result.thresholds = reports::evaluate_thresholds(plan.thresholds, result);
    return result;
}

}  // namespace throng
