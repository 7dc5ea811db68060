#include "harness/api/throng.hpp"

#include "harness/core/diagnostics.hpp"
#include "harness/engine/runner.hpp"
#include "reports/thresholds.hpp"
#include "targets/protocols.hpp"

namespace throng {

core::Plan load_scenario(const std::string& path, const scenarios::ScenarioOptions& options) {
    core::Plan plan = scenarios::load_scenario(path, targets::step_parsers(), options);
    // The parser checks only the form of a URL; what the driver would refuse
    // (a port out of range, a query on a base URL) is reported at the same place.
    core::Diagnostics diags(path);
    for (const auto& target : plan.targets)
        if (auto why = targets::target_url_error(target.url))
            diags.error(target.url_position, target.url_pointer, *why);
    if (!diags.empty()) throw core::InputError(diags.list());
    return plan;
}

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
