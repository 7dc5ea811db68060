#pragma once
// The coordinator of one run: owns the worker threads and the VU groups on
// them (one per scenario per thread), runs setup, the load and teardown in
// turn, stops on signals, collects the groups' metric shards once a second
// into intervals and totals, and ends the run when a threshold asks to.
// Its parts: coordinator.cpp (the phases, signals), coordinator_one_shot.cpp
// (setup and teardown), coordinator_intervals.cpp (collection, warm-up,
// aborts). It runs on its own io_context on the caller's thread.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "harness/core/feeder.hpp"
#include "harness/core/plan.hpp"
#include "harness/core/random.hpp"
#include "harness/core/run_result.hpp"
#include "harness/core/variables.hpp"
#include "harness/engine/compiled_plan.hpp"
#include "harness/engine/cpu_meter.hpp"
#include "harness/engine/driver.hpp"
#include "harness/engine/engine_timer.hpp"
#include "harness/engine/engine_options.hpp"
#include "harness/engine/interval_accumulator.hpp"
#include "harness/engine/metric_shard.hpp"
#include "harness/engine/vu_group.hpp"
#include "harness/engine/vu_schedule.hpp"
#include "harness/engine/warmup_tracker.hpp"
#include "harness/engine/worker_thread.hpp"

namespace throng::engine {

class Coordinator {
public:
    // Throws std::runtime_error when the plan cannot be compiled (see CompiledPlan).
    Coordinator(const core::Plan& plan, std::span<Driver* const> drivers, const EngineOptions& options);
    ~Coordinator();
    Coordinator(const Coordinator&) = delete;
    Coordinator& operator=(const Coordinator&) = delete;

    // Runs the whole plan; returns once teardown (if any) is over.
    core::RunResult run();

private:
    // The phases (coordinator.cpp).
    void wait_for_signal(boost::asio::signal_set& signals);
    void start_load();
    void on_group_finished();
    void load_done();
    void finish();
    // Setup and teardown (coordinator_one_shot.cpp).
    void start_one_shot(const CompiledScenario& compiled, bool teardown);
    void one_shot_done(const MetricShard& shard, bool teardown);
    std::string setup_failure(const MetricShard& shard) const;
    // Collection (coordinator_intervals.cpp).
    void schedule_tick();
    void collect();
    void absorb(const MetricShard& shard, std::size_t scenario);
    void close_interval();
    std::vector<core::Nanos> threads_cpu() const;

    const core::Plan& plan_;
    const EngineOptions& options_;
    CompiledPlan compiled_plan_;
    std::vector<VuSchedule> schedules_;  // per scenario
    int threads_ = 1;
    core::Rng seeder_;
    boost::asio::io_context io_{1};
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard_;
    EngineTimer ticker_{io_};
    boost::asio::signal_set* signals_ = nullptr;

    // The threads, the VU groups (one per scenario per thread), setup and teardown.
    // Threads before groups: a group's sockets need its thread's io_context.
    std::vector<std::unique_ptr<WorkerThread>> threads_list_;
    std::vector<std::unique_ptr<VuGroup>> groups_;
    std::vector<std::size_t> group_scenario_;  // per group: its scenario's index
    std::optional<VuSchedule> setup_schedule_, teardown_schedule_;
    std::unique_ptr<VuGroup> setup_group_, teardown_group_;
    VuGroup* one_shot_ = nullptr;                               // the one running now
    std::shared_ptr<const core::Variables> variables_;          // what setup extracted
    std::vector<std::unique_ptr<core::FeederCursor>> feeders_;  // the run's place in each feeder
    std::vector<core::FeederCursor*> feeder_pointers_;

    // What the run has measured, and where it stands.
    core::RunResult result_;
    core::Nanos run_start_ = 0;
    core::Nanos end_ = 0;
    core::Nanos last_collect_ = 0;
    long long ticks_ = 0;
    bool collecting_ = false;
    bool final_collect_ = false;
    bool load_finished_ = false;
    bool hard_stopped_ = false;
    int signals_received_ = 0;
    std::size_t pending_ = 0;
    std::size_t groups_done_ = 0;

    // The interval being collected (coordinator_intervals.cpp).
    IntervalAccumulator interval_;
    WarmupTracker warmup_;  // which scenarios warm up in the interval being collected
    CpuMeter cpu_;
};

}  // namespace throng::engine
