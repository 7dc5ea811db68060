#pragma once
// One interval in the making: what the VU groups' shards hand over at a
// collection, summed per step, until the last shard is in and the interval
// closes into the series and the run's totals.
#include <cstdint>
#include <vector>

#include "harness/core/clock.hpp"
#include "harness/core/histogram.hpp"
#include "harness/core/run_result.hpp"
#include "harness/engine/metric_shard.hpp"

namespace throng::engine {

class IntervalAccumulator {
public:
    // A new interval over `steps` steps and `checks` checks.
    void begin(std::size_t steps, std::size_t checks);
    // One shard of the scenario whose steps and checks start at these places;
    // `warmup`: the scenario is warming up in this interval.
    void add(const MetricShard& shard, std::size_t first_metric, std::size_t first_check, bool warmup);
    // Merges each step and check into the run's, or into its warm-up if its
    // scenario was warming up, and returns the interval (start and length
    // relative to the run, CPU left to the caller). `all_warmup`: every
    // scenario running in it was warming up.
    core::Interval close(core::RunResult& run, core::Nanos run_start, core::Nanos began, core::Nanos now,
                         bool all_warmup);

private:
    std::vector<core::StepResult> steps_;
    std::vector<core::CheckResult> checks_;
    std::vector<char> warm_steps_;   // per step: its scenario was warming up
    std::vector<char> warm_checks_;  // per check
    std::uint64_t completed_ = 0;    // iterations measured
    std::uint64_t interrupted_ = 0;
    std::uint64_t warm_completed_ = 0;  // and in the warm-up
    std::uint64_t warm_interrupted_ = 0;
    int vus_ = 0;
    std::uint64_t iterations_ = 0;
    std::uint64_t started_ = 0;
    std::uint64_t dropped_ = 0;
    std::uint64_t check_passes_ = 0;
    std::uint64_t check_fails_ = 0;
    core::Histogram loop_lag_;
    core::Histogram send_lag_;
};

}  // namespace throng::engine
