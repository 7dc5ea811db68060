#pragma once
// A virtual user as its worker keeps it (private to the worker's files).
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "harness/core/clock.hpp"
#include "harness/core/random.hpp"
#include "harness/engine/driver.hpp"
#include "harness/engine/worker.hpp"

namespace throng::engine {

struct Worker::Vu {
    Vu(int slot_index, int vu_id, std::uint64_t seed, boost::asio::io_context& io)
        : slot(slot_index), id(vu_id), rng(seed), timer(io) {}
    int slot;
    int id;
    core::Rng rng;
    boost::asio::steady_timer timer;  // think time, and waiting for work in an open model
    std::vector<std::unique_ptr<Session>> sessions;  // by driver index, opened on first use
    bool stop_requested = false;      // finish the current iteration, then end
    bool cut = false;                 // end now; the current iteration is interrupted
    bool between_iterations = false;  // pausing after an iteration: safe to cut short
    bool waiting = false;             // open models: in the idle list, waiting for work
    std::optional<core::Nanos> assignment;  // open models: the intended start of its next iteration
};

}  // namespace throng::engine
