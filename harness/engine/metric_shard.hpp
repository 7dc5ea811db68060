#pragma once
// What one VU group measured since the last snapshot. Only its worker
// thread writes to it, so recording needs no lock and no atomic; once a
// second the coordinator swaps it for the group's spare, merges it, resets it
// and hands it back as the next spare: a shard (each latency histogram is
// ~270 KB) is allocated once per VU group, not once a second.
#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "harness/core/histogram.hpp"
#include "harness/core/outcome.hpp"
#include "harness/core/phase_histograms.hpp"
#include "harness/core/run_result.hpp"

namespace throng::engine {

class MetricShard {
public:
    // One scenario's steps and checks. expected_interval > 0: closed-model
    // correction (see ExecutorSpec).
    explicit MetricShard(std::size_t step_count, core::Nanos expected_interval = 0, std::size_t check_count = 0);

    void record(std::size_t step, const core::Outcome& outcome) {
        StepCounters& s = steps_[step];
        ++s.requests;
        ++s.errors[static_cast<std::size_t>(outcome.error)];
        s.bytes_sent += outcome.bytes_sent;
        s.bytes_received += outcome.bytes_received;
        s.bytes_decoded += outcome.bytes_decoded;
        if (outcome.responded) {
            ++s.responses;
            s.latency.record(outcome.service_time());
            if (outcome.intended != 0)
                s.response_time.record(outcome.end - outcome.intended);
            else if (expected_interval_ > 0)
                s.response_time.record_corrected(outcome.service_time(), expected_interval_);
            // SQL and Redis have no status: 0 is counted only for an HTTP status out of range.
            const int status = outcome.status;
            if (status != 0) ++s.statuses[status > 0 && status < max_status ? status : 0];
        }
        if (!outcome.code.empty()) count_code(s, outcome.code);
        if (outcome.phases.told) {
            if (!s.phases) s.phases.emplace();  // once per step: only for protocols that tell
            s.phases->record(outcome.phases);
        }
    }
    void record_check(std::size_t check, bool passed) { ++(passed ? checks_[check].passes : checks_[check].fails); }
    void iteration_started() { ++iterations_started_; }
    void iteration_dropped() { ++iterations_dropped_; }
    void record_send_lag(core::Nanos lag) { send_lag_.record(lag); }
    // How late the worker's event loop woke for its control tick: work on the
    // thread (checks over big bodies, too many VUs) delays every VU on it, and
    // their measured latencies with them.
    void record_loop_lag(core::Nanos lag) { loop_lag_.record(lag); }
    // Time spent on a step's checks and extractions after its response (on the worker thread).
    void record_rules_time(std::size_t step, core::Nanos spent) { steps_[step].rules_time.record(spent); }
    void iteration_completed() { ++iterations_completed_; }
    // Back to empty, as constructed, keeping every allocation.
    void reset();
    void iteration_interrupted() { ++iterations_interrupted_; }

    // Adds this shard's counts into per-step results from `first` on (the
    // scenario's place in the run's list), and its checks likewise.
    void merge_into(std::vector<core::StepResult>& steps, std::size_t first = 0) const;
    void merge_checks_into(std::vector<core::CheckResult>& checks, std::size_t first = 0) const;
    std::size_t step_count() const { return steps_.size(); }
    std::size_t check_count() const { return checks_.size(); }
    std::uint64_t iterations_completed() const { return iterations_completed_; }
    std::uint64_t iterations_interrupted() const { return iterations_interrupted_; }
    std::uint64_t iterations_started() const { return iterations_started_; }
    std::uint64_t iterations_dropped() const { return iterations_dropped_; }
    const core::Histogram& send_lag() const { return send_lag_; }
    const core::Histogram& loop_lag() const { return loop_lag_; }
    // All checks' passes and failures together.
    std::uint64_t check_passes() const;
    std::uint64_t check_fails() const;

    int active_vus = 0;  // set by the group when the shard is handed over

private:
    static constexpr int max_status = 1000;
    struct StepCounters {
        std::uint64_t requests = 0;
        std::uint64_t responses = 0;
        std::array<std::uint64_t, core::error_class_count> errors{};
        std::uint64_t bytes_sent = 0;
        std::uint64_t bytes_received = 0;
        std::uint64_t bytes_decoded = 0;
        std::array<std::uint32_t, max_status> statuses{};
        core::Histogram latency;
        core::Histogram response_time;
        core::Histogram rules_time;
        std::optional<core::PhaseHistograms> phases;
        std::vector<std::pair<core::ErrorCode, std::uint64_t>> codes;  // few distinct: a list
    };
    static void count_code(StepCounters& s, const core::ErrorCode& code);
    struct CheckCounters {
        std::uint64_t passes = 0;
        std::uint64_t fails = 0;
    };
    std::vector<StepCounters> steps_;
    std::vector<CheckCounters> checks_;
    core::Nanos expected_interval_ = 0;
    std::uint64_t iterations_completed_ = 0;
    std::uint64_t iterations_interrupted_ = 0;
    std::uint64_t iterations_started_ = 0;
    std::uint64_t iterations_dropped_ = 0;
    core::Histogram send_lag_;
    core::Histogram loop_lag_;
};

}  // namespace throng::engine
