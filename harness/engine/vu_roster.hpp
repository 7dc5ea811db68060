#pragma once
// Which of a VU group's slots run, which must finish their iteration and
// stop, and which must be cut now. Pure bookkeeping over elapsed time, so the
// executor's ramps and graceful stops are tested on a fake clock; the group
// carries out the decisions on its io_context.
#include <vector>

#include "harness/core/clock.hpp"
#include "harness/core/plan.hpp"
#include "harness/engine/vu_schedule.hpp"

namespace throng::engine {

class VuRoster {
public:
    struct Decisions {
        std::vector<int> start;  // slots to start a VU coroutine in
        std::vector<int> stop;   // slots whose VU ends after its current iteration
        std::vector<int> cut;    // slots whose VU must end now (iteration interrupted)
    };

    VuRoster(const core::ExecutorSpec& spec, const VuSchedule& schedule, int thread, int threads);

    // Follows the schedule at `elapsed` since the start of the load.
    Decisions tick(core::Nanos elapsed);

    // Open models: one more VU, started on demand; returns its slot.
    int add_vu();
    // The VU in `slot` ended (its coroutine returned).
    void ended(int slot);
    // Stop starting iterations: graceful (in-flight ones get graceful_stop) or hard (cut now).
    void request_stop(bool hard);
    // The iterations limit is used up: stop as at the end of the schedule.
    void iterations_exhausted() { exhausted_ = true; }

    int active() const { return static_cast<int>(active_.size()); }  // running and not stopping
    int running() const { return running_; }                         // coroutines alive
    bool draining() const { return draining_; }
    // True once draining and every VU has ended: the group is done.
    bool finished() const { return draining_ && running_ == 0; }

private:
    enum class State { idle, active, stopping, cut };
    struct Slot {
        State state = State::idle;
        core::Nanos cut_at = 0;
    };
    int acquire_slot();
    void stop_slot(int slot, core::Nanos cut_at, Decisions& out);

    const core::ExecutorSpec& spec_;
    const VuSchedule& schedule_;
    int thread_;
    int threads_;
    std::vector<Slot> slots_;
    std::vector<int> active_;  // oldest first; ramp-down stops the newest
    int running_ = 0;
    bool stop_requested_ = false;
    bool hard_ = false;
    bool exhausted_ = false;
    bool draining_ = false;
};

}  // namespace throng::engine
