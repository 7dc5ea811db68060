#include "reports/generator_health.hpp"

#include <algorithm>
#include <cstdio>

namespace throng::reports {

namespace {

std::string ms(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g ms", value);
    return text;
}

double ms_of(std::int64_t ns) { return static_cast<double>(ns) / 1e6; }

}  // namespace

GeneratorHealth generator_health(const core::RunResult& result) {
    GeneratorHealth h;
    if (result.loop_lag.count() > 0) {
        h.loop_lag_p99_ms = ms_of(result.loop_lag.value_at_percentile(99));
        h.loop_lag_max_ms = ms_of(result.loop_lag.max());
    }
    for (const auto& iv : result.intervals) {
        h.busiest_worker = std::max(h.busiest_worker, iv.busiest_worker);
        if (iv.busiest_worker >= saturated_at) ++h.saturated_intervals;
    }
    if (h.loop_lag_p99_ms > loop_lag_warning_ms)
        h.warnings.push_back("a worker thread's event loop woke up to " + ms(h.loop_lag_max_ms) + " late (p99 " +
                             ms(h.loop_lag_p99_ms) + "): latencies measured on it meanwhile include that wait");
    if (h.saturated_intervals > 0) {
        char share[16];
        std::snprintf(share, sizeof share, "%.0f%%", 100 * h.busiest_worker);
        h.warnings.push_back("a worker thread was at least 90% busy in " + std::to_string(h.saturated_intervals) +
                             " of " + std::to_string(result.intervals.size()) + " intervals (up to " + share +
                             "): throng itself may have been the bottleneck; more --threads or fewer VUs per thread");
    }
    for (const auto& step : result.steps) {
        if (step.rules_time.count() == 0) continue;
        const double p99 = ms_of(step.rules_time.value_at_percentile(99));
        if (p99 > rules_warning_ms)
            h.warnings.push_back("checks and extractions of step `" + step.name + "` took up to " +
                                 ms(ms_of(step.rules_time.max())) + " per response (p99 " + ms(p99) +
                                 ") on the worker thread: not in its latency, but its thread's other VUs waited");
    }
    return h;
}

}  // namespace throng::reports
