#include "reports/result_merge.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "harness/core/histogram_codec.hpp"

namespace throng::reports {

namespace {

double end_of(const core::RunResult& r) { return r.started_at_epoch_s + r.duration_s; }

void require_same_scenario(const core::RunResult& a, const core::RunResult& b) {
    const auto refuse = [&](const std::string& why) {
        throw std::invalid_argument("cannot merge results of different scenarios: " + why);
    };
    if (a.scenario_name != b.scenario_name) refuse("`" + a.scenario_name + "` and `" + b.scenario_name + "`");
    if (!a.scenario_hash.empty() && !b.scenario_hash.empty() && a.scenario_hash != b.scenario_hash)
        refuse("`" + a.scenario_name + "` ran with different files or command-line changes (scenario hash " +
               a.scenario_hash.substr(0, 12) + " vs " + b.scenario_hash.substr(0, 12) + ")");
    if (a.steps.size() != b.steps.size() || a.checks.size() != b.checks.size() ||
        a.scenarios.size() != b.scenarios.size() || a.setup.size() != b.setup.size() ||
        a.teardown.size() != b.teardown.size())
        refuse("their steps, checks or scenarios differ");
    for (std::size_t i = 0; i < a.steps.size(); ++i)
        if (a.steps[i].name != b.steps[i].name || a.steps[i].scenario != b.steps[i].scenario)
            refuse("step " + std::to_string(i) + " is `" + a.steps[i].name + "` in one and `" + b.steps[i].name +
                   "` in the other");
}

void merge_steps(std::vector<core::StepResult>& into, const std::vector<core::StepResult>& from) {
    for (std::size_t i = 0; i < into.size(); ++i) into[i].merge(from[i]);
}

void merge_checks(std::vector<core::CheckResult>& into, const std::vector<core::CheckResult>& from) {
    for (std::size_t i = 0; i < into.size() && i < from.size(); ++i) {
        into[i].passes += from[i].passes;
        into[i].fails += from[i].fails;
    }
}

// Warm-ups add up like the rest; a result without one adopts the other's shape.
void merge_warmup(core::WarmupResult& into, const core::WarmupResult& from, bool same_time) {
    if (from.steps.empty()) return;
    if (into.steps.empty()) {
        into = from;
        return;
    }
    for (std::size_t i = 0; i < into.steps.size() && i < from.steps.size(); ++i) into.steps[i].merge(from.steps[i]);
    into.total.merge(from.total);
    merge_checks(into.checks, from.checks);
    into.iterations_completed += from.iterations_completed;
    into.iterations_interrupted += from.iterations_interrupted;
    into.duration_s = same_time ? std::max(into.duration_s, from.duration_s) : into.duration_s + from.duration_s;
}

// Everything two results of one scenario count, added: steps, checks,
// iterations, lags, and how the run ended. Shards run at the same time (their
// VUs add up); runs follow one another (the most VUs any had).
void add_counts(core::RunResult& into, const core::RunResult& from, bool same_time) {
    merge_steps(into.steps, from.steps);
    into.total.merge(from.total);
    merge_checks(into.checks, from.checks);
    merge_steps(into.setup, from.setup);
    merge_steps(into.teardown, from.teardown);
    merge_checks(into.setup_checks, from.setup_checks);
    merge_checks(into.teardown_checks, from.teardown_checks);
    for (std::size_t s = 0; s < into.scenarios.size(); ++s) {
        auto& to = into.scenarios[s];
        const auto& other = from.scenarios[s];
        to.max_vus = same_time ? to.max_vus + other.max_vus : std::max(to.max_vus, other.max_vus);
        to.iterations_completed += other.iterations_completed;
        to.iterations_interrupted += other.iterations_interrupted;
        to.iterations_dropped += other.iterations_dropped;
    }
    into.iterations_completed += from.iterations_completed;
    into.iterations_interrupted += from.iterations_interrupted;
    into.iterations_dropped += from.iterations_dropped;
    into.send_lag.merge(from.send_lag);
    into.loop_lag.merge(from.loop_lag);
    merge_warmup(into.warmup, from.warmup, same_time);
    if (from.interrupted && !into.interrupted) {
        into.interrupted = true;
        into.interrupt_reason = from.interrupt_reason;
    }
    into.aborted_by_threshold = into.aborted_by_threshold || from.aborted_by_threshold;
    for (const auto& warning : from.warnings)
        if (std::find(into.warnings.begin(), into.warnings.end(), warning) == into.warnings.end())
            into.warnings.push_back(warning);
    if (into.setup_error.empty()) into.setup_error = from.setup_error;
}

std::string merge_encoded(const std::string& a, const std::string& b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    core::Histogram h = core::decode_compressed(a);
    h.merge(core::decode_compressed(b));
    return core::encode_compressed(h);
}

// Two shards' intervals for the same second.
void merge_interval(core::Interval& into, const core::Interval& from) {
    into.length_s = std::max(into.length_s, from.length_s);
    into.vus += from.vus;
    into.requests += from.requests;
    into.errors += from.errors;
    into.iterations += from.iterations;
    into.started += from.started;
    into.dropped += from.dropped;
    into.check_passes += from.check_passes;
    into.check_fails += from.check_fails;
    into.process_cpu_s += from.process_cpu_s;
    into.busiest_worker = std::max(into.busiest_worker, from.busiest_worker);
    into.loop_lag_p99 = std::max(into.loop_lag_p99, from.loop_lag_p99);  // the worse shard's: an upper bound
    into.loop_lag_max = std::max(into.loop_lag_max, from.loop_lag_max);
    into.send_lag_p99 = std::max(into.send_lag_p99, from.send_lag_p99);  // likewise
    into.send_lag_max = std::max(into.send_lag_max, from.send_lag_max);
    into.warmup = into.warmup && from.warmup;
    for (std::size_t s = 0; s < into.histograms.size() && s < from.histograms.size(); ++s) {
        auto& h = into.histograms[s];
        const auto& other = from.histograms[s];
        h.service_time = merge_encoded(h.service_time, other.service_time);
        h.response_time = merge_encoded(h.response_time, other.response_time);
        h.requests += other.requests;
        h.errors += other.errors;
        h.warmup = h.warmup || other.warmup;  // partly warm-up: the gate leaves it out
    }
}

// The percentiles of an interval's summary come from its steps' merged
// histograms (transaction statements left out, as in the total).
void summarize_interval(core::Interval& iv, const std::vector<core::StepResult>& steps) {
    core::Histogram all;
    for (std::size_t s = 0; s < iv.histograms.size() && s < steps.size(); ++s)
        if (!steps[s].is_part() && !iv.histograms[s].service_time.empty())
            all.merge(core::decode_compressed(iv.histograms[s].service_time));
    iv.p50 = all.value_at_percentile(50);
    iv.p90 = all.value_at_percentile(90);
    iv.p95 = all.value_at_percentile(95);
    iv.p99 = all.value_at_percentile(99);
    iv.max = all.max();
}

// One run from shards that overlap in time: counts added, intervals merged
// when they fall on the same second. Each shard's intervals follow a grid of
// whole seconds from its own start (a late tick starts an interval late, by
// less than a second): second floor(start_s) of the shard, shifted by how
// many whole seconds after the earliest shard it started.
core::RunResult combine_shards(std::vector<core::RunResult> shards) {
    core::RunResult run = std::move(shards.front());
    if (shards.size() == 1) return run;
    const double start = run.started_at_epoch_s;
    std::map<long long, core::Interval> by_second;
    const auto place = [&](const core::RunResult& shard) {
        const long long offset = std::llround(shard.started_at_epoch_s - start);
        for (const core::Interval& iv : shard.intervals) {
            const long long second = offset + static_cast<long long>(std::floor(iv.start_s + 1e-9));
            auto [it, fresh] = by_second.try_emplace(second, iv);
            if (fresh)
                it->second.start_s = shard.started_at_epoch_s - start + iv.start_s;
            else
                merge_interval(it->second, iv);
        }
    };
    place(run);
    double end = end_of(run);
    int threads = run.threads, max_vus = run.max_vus;
    for (std::size_t i = 1; i < shards.size(); ++i) {
        const core::RunResult& shard = shards[i];
        place(shard);
        end = std::max(end, end_of(shard));
        threads += shard.threads;
        max_vus += shard.max_vus;
        add_counts(run, shard, /*same_time=*/true);
    }
    run.threads = threads;
    run.max_vus = max_vus;
    run.duration_s = end - start;
    run.intervals.clear();
    for (auto& [second, iv] : by_second) {
        summarize_interval(iv, run.steps);
        run.intervals.push_back(std::move(iv));
    }
    return run;
}

}  // namespace

core::RunResult merge_results(std::vector<core::RunResult> results) {
    if (results.empty()) throw std::invalid_argument("nothing to merge");
    for (std::size_t i = 1; i < results.size(); ++i) require_same_scenario(results.front(), results[i]);
    std::sort(results.begin(), results.end(), [](const core::RunResult& a, const core::RunResult& b) {
        return a.started_at_epoch_s < b.started_at_epoch_s;
    });
    // Group results that overlap in time into runs.
    std::vector<std::vector<core::RunResult>> groups;
    double group_end = -INFINITY;
    for (auto& r : results) {
        if (groups.empty() || r.started_at_epoch_s >= group_end) {
            groups.emplace_back();
            group_end = -INFINITY;
        }
        group_end = std::max(group_end, end_of(r));
        groups.back().push_back(std::move(r));
    }
    std::vector<core::RunResult> runs;
    for (auto& group : groups) {
        if (group.size() > 1 && std::any_of(group.begin(), group.end(), [](const auto& r) { return !r.runs.empty(); }))
            throw std::invalid_argument("cannot merge a result of several runs with results that overlap it in time");
        runs.push_back(combine_shards(std::move(group)));
    }
    if (runs.size() == 1) return std::move(runs.front());

    // Runs one after another: everything adds up, the series is their series
    // end to end, and each run (or each run a merged input held) is listed.
    const auto segments = [](const core::RunResult& run, std::size_t first) {
        std::vector<core::RunSegment> out = run.runs;
        if (out.empty())
            out.push_back({run.started_at, run.started_at_epoch_s, run.duration_s, 0, run.intervals.size()});
        for (auto& segment : out) segment.first_interval += first;
        return out;
    };
    core::RunResult merged = std::move(runs.front());
    const double start = merged.started_at_epoch_s;
    merged.runs = segments(merged, 0);
    double measured = merged.duration_s;
    for (std::size_t i = 1; i < runs.size(); ++i) {
        core::RunResult& run = runs[i];
        for (auto& segment : segments(run, merged.intervals.size())) merged.runs.push_back(std::move(segment));
        for (core::Interval& iv : run.intervals) {
            iv.start_s += run.started_at_epoch_s - start;
            merged.intervals.push_back(std::move(iv));
        }
        measured += run.duration_s;
        add_counts(merged, run, /*same_time=*/false);
        merged.threads = std::max(merged.threads, run.threads);
        merged.max_vus = std::max(merged.max_vus, run.max_vus);
    }
    // Rates per second are over the time the load ran, not the gaps between runs.
    merged.duration_s = measured;
    return merged;
}

}  // namespace throng::reports
