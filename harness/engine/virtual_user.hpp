#pragma once
// A virtual user: what it keeps across iterations (variables, sessions, its
// random stream) and where it stands. Owned by its VuGroup, walked through
// its flow by the group's FlowRunner; used on the group's thread alone.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "harness/core/clock.hpp"
#include "harness/core/random.hpp"
#include "harness/core/reply.hpp"
#include "harness/core/response_rules.hpp"
#include "harness/core/variables.hpp"
#include "harness/engine/compiled_plan.hpp"
#include "harness/engine/driver.hpp"
#include "harness/engine/engine_timer.hpp"

namespace throng::engine {

struct VirtualUser {
    VirtualUser(int slot_index, int vu_id, std::uint64_t seed, boost::asio::io_context& io)
        : slot(slot_index), id(vu_id), rng(seed), timer(io) {}
    int slot;
    int id;
    core::Rng rng;
    core::Variables variables;        // kept across iterations (log in once, reuse the token)
    std::uint64_t iteration = 0;      // iterations begun, for ${iteration}
    std::vector<signed char> checks;  // per check name: -1 not run in this iteration, 0 failed, 1 passed
    core::Reply reply;                // the last response a step's rules read
    core::RuleResults rules;
    std::vector<PartOutcome> more;                   // a step's measurements beyond its own (pipelines, statements)
    const CompiledFlow* flow = nullptr;              // of the current (or last) iteration
    EngineTimer timer;                               // think time, and waiting for work in an open model
    std::vector<std::unique_ptr<Session>> sessions;  // by driver index, opened on first use
    bool stop_requested = false;                     // finish the current iteration, then end
    bool cut = false;                                // end now; the current iteration is interrupted
    bool between_iterations = false;                 // pausing after an iteration: safe to cut short
    bool waiting = false;                            // open models: in the idle list, waiting for work
    std::optional<core::Nanos> assignment;           // open models: the intended start of its next iteration
    int failed_connects = 0;                         // in a row: how long to back off before the next request
};

}  // namespace throng::engine
