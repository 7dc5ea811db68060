#pragma once
// One iteration of a VU, from its feeders' rows to its last step: a flow
// picked by weight, the step tree walked (requests, pauses, groups, loops,
// conditions, variables set), each outcome recorded in the group's current
// metric shard, then the step's extractions and checks. The VU group
// decides when a VU iterates (its executor); this decides what an iteration
// does. Used on the group's thread alone.
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include "harness/core/clock.hpp"
#include "harness/core/feeder.hpp"
#include "harness/core/plan.hpp"
#include "harness/engine/compiled_plan.hpp"
#include "harness/engine/driver.hpp"
#include "harness/engine/metric_shard.hpp"
#include "harness/engine/watchdog.hpp"

namespace throng::engine {

struct VirtualUser;

class FlowRunner {
public:
    // `shard` is the group's slot for its current shard, swapped at every
    // collection: outcomes go to whichever shard it holds.
    FlowRunner(const CompiledScenario& scenario, const CompiledPlan& plan, std::span<core::FeederCursor* const> feeders,
               boost::asio::io_context& io, Watchdog& watchdog, std::unique_ptr<MetricShard>& shard);

    enum class Ending {
        completed,          // also when a check aborted it: it ended by the scenario's own rule
        interrupted,        // cut: stopped hard, or graceful stop ran out
        feeders_exhausted,  // a feeder with on_exhausted "stop" had no row: not run
    };
    // One pass through a flow. `intended` is when it should have started
    // (open models, which measure from it), 0 for closed models.
    boost::asio::awaitable<Ending> run_iteration(VirtualUser& vu, core::Nanos intended);

    // Sits out `duration` on the VU's timer (cut short by cancelling it).
    static boost::asio::awaitable<void> pause(VirtualUser& vu, core::Nanos duration);

private:
    enum class Continuation { next, abort_iteration, cut };
    struct IterationState;

    bool draw_feeders(VirtualUser& vu);
    boost::asio::awaitable<Continuation> run_nodes(VirtualUser& vu, const std::vector<CompiledNode>& nodes,
                                                   IterationState& state);
    // After a request's exchange: records it, then extraction and checks.
    Continuation take_outcome(VirtualUser& vu, const CompiledNode& node, IterationState& state, core::Outcome& outcome,
                              core::Nanos step_begin);
    static bool holds(const VirtualUser& vu, const core::Condition& condition, int check_slot);
    Session& session_for(VirtualUser& vu, std::size_t driver);

    const CompiledScenario& scenario_;
    const CompiledPlan& plan_;
    std::span<core::FeederCursor* const> feeders_;  // by index into Plan::feeders
    boost::asio::io_context& io_;
    Watchdog& watchdog_;
    std::unique_ptr<MetricShard>& shard_;
};

}  // namespace throng::engine
