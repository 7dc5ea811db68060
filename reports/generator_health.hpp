#pragma once
// Was throng itself the bottleneck? A load generator that falls behind
// measures its own queueing as the target's latency. Three signs, each worth
// a warning in the summary and the result:
//   - a worker's event loop woke late for its 5 ms tick (loop lag);
//   - a worker thread was busy nearly all of an interval (CPU);
//   - a step's checks and extractions took long on the worker thread.
#include <string>
#include <vector>

#include "harness/core/run_result.hpp"

namespace throng::reports {

struct GeneratorHealth {
    double loop_lag_p99_ms = 0;
    double loop_lag_max_ms = 0;
    double busiest_worker = 0;    // the highest of any interval, 0..1
    int saturated_intervals = 0;  // with a worker at least `saturated_at` busy
    std::vector<std::string> warnings;
};

inline constexpr double loop_lag_warning_ms = 10;
inline constexpr double saturated_at = 0.9;
inline constexpr double rules_warning_ms = 1;

GeneratorHealth generator_health(const core::RunResult& result);

}  // namespace throng::reports
