#pragma once
// One scenario's share of one worker thread: the virtual users pinned to it
// (as coroutines on the thread's io_context), its metric shard, and a control
// loop that follows the VU schedule, enforces deadlines and stops VUs
// gracefully. A thread hosts one group per scenario.
// Its parts: vu_group.cpp (control loop, closed-model VUs, metric shards),
// vu_group_arrivals.cpp (open models: arrivals handed to pooled VUs); what
// an iteration does is FlowRunner's (flow_runner.hpp).
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include "harness/core/clock.hpp"
#include "harness/core/feeder.hpp"
#include "harness/core/random.hpp"
#include "harness/core/variables.hpp"
#include "harness/engine/arrival_schedule.hpp"
#include "harness/engine/metric_shard.hpp"
#include "harness/engine/compiled_plan.hpp"
#include "harness/engine/engine_timer.hpp"
#include "harness/engine/flow_runner.hpp"
#include "harness/engine/vu_roster.hpp"
#include "harness/engine/vu_schedule.hpp"
#include "harness/engine/watchdog.hpp"
#include "harness/engine/worker_thread.hpp"

namespace throng::engine {

struct VirtualUser;

struct VuGroupSettings {
    int index = 0;
    int threads = 1;
    core::Nanos run_start = 0;                         // EngineClock time this scenario starts at
    int vu_id_base = 0;                                // VU ids are vu_id_base + 1, + 2, ... (unique across scenarios)
    std::shared_ptr<const core::Variables> variables;  // every VU starts with these (setup's)
    std::vector<core::FeederCursor*> feeders;          // by index into Plan::feeders, shared by all groups
    std::optional<std::uint64_t> iteration_budget;     // this group's share of the iterations limit
    std::uint64_t seed = 1;
    std::function<void()> on_finished;  // called on the worker thread when its last VU ended
    // Called on the worker thread with a VU's variables when it ends (setup).
    std::function<void(const core::Variables&)> on_vu_ended;
};

class VuGroup {
public:
    VuGroup(const CompiledScenario& scenario, const CompiledPlan& program, const VuSchedule& schedule,
            WorkerThread& thread, VuGroupSettings settings);
    ~VuGroup();
    VuGroup(const VuGroup&) = delete;
    VuGroup& operator=(const VuGroup&) = delete;

    void start();

    // Called from another thread; the work happens on the worker thread.
    // Hands the shard recorded so far to `deliver` (on the worker thread).
    void take_shard(std::function<void(std::unique_ptr<MetricShard>)> deliver);
    // A shard taken earlier, merged and done with: reset here (on the
    // caller's thread) and kept as the next one take_shard swaps in.
    void recycle(std::unique_ptr<MetricShard> shard);
    // Graceful: no new iterations, in-flight ones get graceful_stop. Hard: cut now.
    void stop(bool hard);

private:
    using Vu = VirtualUser;

    boost::asio::awaitable<void> control();
    boost::asio::awaitable<void> run_vu(Vu& vu);
    boost::asio::awaitable<void> iterate(Vu& vu);  // closed models: a VU's iterations
    // One pass through a flow (FlowRunner); false if it was interrupted. A
    // feeder out of rows ends the scenario. `intended` is when it should have
    // started (open models), 0 for closed models.
    boost::asio::awaitable<bool> run_iteration(Vu& vu, core::Nanos intended);
    // Open models (vu_group_arrivals.cpp).
    boost::asio::awaitable<void> dispatch();     // makes iterations due on schedule
    boost::asio::awaitable<void> serve(Vu& vu);  // a pooled VU: runs what it is given
    void arrive(core::Nanos intended);
    void assign(Vu& vu, core::Nanos intended);
    void park(Vu& vu);
    Vu& add_pool_vu();
    void end_open_model();
    bool limit_reached_and_done() const;  // the iterations limit is used up and nothing accepted waits
    void carry_out(const VuRoster::Decisions& decisions);
    void start_vu(int slot);
    std::unique_ptr<MetricShard> new_shard() const;
    void cut(Vu& vu);
    bool take_iteration();

    const CompiledScenario& scenario_;
    const core::ExecutorSpec& spec_;
    const CompiledPlan& compiled_plan_;
    boost::asio::io_context& io_;  // the thread's; outlives this group
    VuGroupSettings settings_;
    EngineTimer control_timer_;  // waits for the scenario's start, then paces the control loop

    Watchdog watchdog_;
    VuRoster roster_;
    std::unique_ptr<MetricShard> shard_;
    std::unique_ptr<MetricShard> spare_;    // recycled; null until the first shard comes back
    FlowRunner flow_runner_;                // records into shard_
    std::vector<std::unique_ptr<Vu>> vus_;  // by roster slot
    core::Rng seeder_;
    std::optional<std::uint64_t> iterations_left_;

    // Open models: due iterations go to an idle pooled VU, or a new one up to
    // the pool's limit, or wait here keeping their intended start.
    std::optional<ArrivalSchedule> arrivals_;
    std::optional<EngineTimer> dispatch_timer_;
    std::deque<core::Nanos> queue_;
    std::vector<Vu*> idle_;
    int pool_initial_ = 0;
    int pool_max_ = 0;
    int pool_slots_ = 0;  // max_vus over all groups
    std::uint64_t queue_max_ = 0;
};

}  // namespace throng::engine
