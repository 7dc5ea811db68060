#include "harness/engine/interval_accumulator.hpp"

#include <algorithm>

#include "harness/core/histogram_codec.hpp"

namespace throng::engine {

void IntervalAccumulator::begin(std::size_t steps, std::size_t checks) {
    steps_.assign(steps, core::StepResult{});
    checks_.assign(checks, core::CheckResult{});
    warm_steps_.assign(steps, 0);
    warm_checks_.assign(checks, 0);
    vus_ = 0;
    iterations_ = started_ = dropped_ = check_passes_ = check_fails_ = completed_ = interrupted_ = 0;
    warm_completed_ = warm_interrupted_ = 0;
    loop_lag_.reset();
    send_lag_.reset();
}

void IntervalAccumulator::add(const MetricShard& shard, std::size_t first_metric, std::size_t first_check,
                              bool warmup) {
    shard.merge_into(steps_, first_metric);
    shard.merge_checks_into(checks_, first_check);
    if (warmup) {
        const auto mark = [](std::vector<char>& flags, std::size_t first, std::size_t count) {
            std::fill_n(flags.begin() + static_cast<std::ptrdiff_t>(std::min(first, flags.size())),
                        std::min(count, flags.size() - std::min(first, flags.size())), 1);
        };
        mark(warm_steps_, first_metric, shard.step_count());
        mark(warm_checks_, first_check, shard.check_count());
        warm_completed_ += shard.iterations_completed();
        warm_interrupted_ += shard.iterations_interrupted();
    } else {
        completed_ += shard.iterations_completed();
        interrupted_ += shard.iterations_interrupted();
    }
    vus_ += shard.active_vus;
    iterations_ += shard.iterations_completed() + shard.iterations_interrupted();
    started_ += shard.iterations_started();
    dropped_ += shard.iterations_dropped();
    check_passes_ += shard.check_passes();
    check_fails_ += shard.check_fails();
    loop_lag_.merge(shard.loop_lag());
    send_lag_.merge(shard.send_lag());
}

core::Interval IntervalAccumulator::close(core::RunResult& run, core::Nanos run_start, core::Nanos began,
                                          core::Nanos now, bool all_warmup) {
    // A step or check flagged warm has its place in run.warmup (result_skeleton).
    for (std::size_t i = 0; i < checks_.size() && i < run.checks.size(); ++i) {
        auto& check = (warm_checks_[i] ? run.warmup.checks : run.checks)[i];
        check.passes += checks_[i].passes;
        check.fails += checks_[i].fails;
    }
    run.warmup.iterations_completed += warm_completed_;
    run.warmup.iterations_interrupted += warm_interrupted_;
    run.iterations_completed += completed_;
    run.iterations_interrupted += interrupted_;

    core::StepResult all, measured, warm;  // `all`: the interval's figures, warm-up or not
    core::Interval interval;
    interval.warmup = all_warmup;
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        const core::StepResult& step = steps_[i];
        (warm_steps_[i] ? run.warmup.steps : run.steps)[i].merge(step);
        if (!run.steps[i].is_part()) {  // its step counts it already
            all.merge(step);
            (warm_steps_[i] ? warm : measured).merge(step);
        }
        interval.histograms.push_back(
            {core::encode_compressed(step.latency),
             step.response_time.count() > 0 ? core::encode_compressed(step.response_time) : std::string(),
             step.requests, step.error_count(), warm_steps_[i] != 0});
    }
    run.total.merge(measured);
    run.warmup.total.merge(warm);
    run.loop_lag.merge(loop_lag_);
    run.send_lag.merge(send_lag_);

    interval.start_s = static_cast<double>(began - run_start) / 1e9;
    interval.length_s = static_cast<double>(now - began) / 1e9;
    interval.vus = vus_;
    interval.requests = all.requests;
    interval.errors = all.error_count();
    interval.iterations = iterations_;
    interval.started = started_;
    interval.dropped = dropped_;
    interval.p50 = all.latency.value_at_percentile(50);
    interval.p90 = all.latency.value_at_percentile(90);
    interval.p95 = all.latency.value_at_percentile(95);
    interval.p99 = all.latency.value_at_percentile(99);
    interval.max = all.latency.max();
    interval.check_passes = check_passes_;
    interval.check_fails = check_fails_;
    interval.loop_lag_p99 = loop_lag_.value_at_percentile(99);
    interval.loop_lag_max = loop_lag_.max();
    interval.send_lag_p99 = send_lag_.value_at_percentile(99);
    interval.send_lag_max = send_lag_.max();
    return interval;
}

}  // namespace throng::engine
