// The open-model half of a VU group: iterations become due on the arrival
// schedule, whatever the target's speed, and go to a pool of VUs. When every
// VU is busy a due iteration waits in a bounded queue keeping its intended
// start, so its latency counts from when it should have started (wrk2's
// semantics), or with on_saturation "drop" it is skipped and counted (k6's).
#include <chrono>
#include <exception>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "harness/engine/vu_group.hpp"
#include "harness/engine/virtual_user.hpp"

namespace throng::engine {

namespace asio = boost::asio;
using core::Nanos;

asio::awaitable<void> VuGroup::dispatch() {
    const auto& spec = spec_;
    ArrivalStream stream(*arrivals_, settings_.index, settings_.threads, pool_slots_,
                         spec.arrivals == core::ExecutorSpec::Arrivals::poisson, seeder_());
    for (int i = 0; i < pool_initial_; ++i) park(add_pool_vu());
    boost::system::error_code ignored;  // cancelled when the load phase ends
    for (auto due = stream.next(); due; due = stream.next()) {
        const Nanos at = settings_.run_start + *due;
        if (EngineClock::read() < at) {
            dispatch_timer_->expires_at(EngineClock::at(at));
            co_await dispatch_timer_->async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        }
        if (roster_.draining()) {
            // Iterations already due when the load phase ended were never
            // started: count them rather than lose them (unless the iterations
            // limit ended it: those were beyond the limit).
            const Nanos now = EngineClock::read();
            const bool limit_reached = iterations_left_ && *iterations_left_ == 0;
            for (; due && settings_.run_start + *due <= now && !limit_reached; due = stream.next())
                shard_->iteration_dropped();
            break;
        }
        arrive(at);  // late dispatches catch up at once, keeping each intended time
    }
}

void VuGroup::arrive(Nanos intended) {
    if (!take_iteration()) return;  // the iterations limit is used up
    if (!idle_.empty()) {
        Vu* vu = idle_.back();
        idle_.pop_back();
        vu->waiting = false;
        assign(*vu, intended);
        return;
    }
    if (roster_.active() < pool_max_) {
        assign(add_pool_vu(), intended);
        return;
    }
    const bool drop = spec_.on_saturation == core::ExecutorSpec::Saturation::drop;
    if (drop || queue_.size() >= queue_max_) {
        shard_->iteration_dropped();
        return;
    }
    queue_.push_back(intended);
}

asio::awaitable<void> VuGroup::serve(Vu& vu) {
    boost::system::error_code ignored;
    while (!vu.stop_requested) {
        if (!vu.assignment && !queue_.empty()) {
            vu.assignment = queue_.front();
            queue_.pop_front();
        }
        if (!vu.assignment) {
            park(vu);
            vu.timer.expires_at(EngineClock::time_point::max());
            co_await vu.timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
            continue;
        }
        const Nanos intended = *std::exchange(vu.assignment, std::nullopt);
        if (!co_await run_iteration(vu, intended)) break;
    }
    std::erase(idle_, &vu);
    if (vu.assignment) shard_->iteration_dropped();  // given work, then stopped before starting it
}

// Puts a VU in the idle list, once. (co_spawn may run a new VU's coroutine
// inline up to its first wait, so it may already have parked itself.)
void VuGroup::park(Vu& vu) {
    if (vu.waiting) return;
    vu.waiting = true;
    idle_.push_back(&vu);
}

void VuGroup::assign(Vu& vu, Nanos intended) {
    if (vu.waiting) {  // a new VU that parked itself before being given work
        std::erase(idle_, &vu);
        vu.waiting = false;
    }
    vu.assignment = intended;
    vu.timer.cancel();  // wakes it if it waits in the pool
}

VuGroup::Vu& VuGroup::add_pool_vu() {
    const int slot = roster_.add_vu();
    start_vu(slot);
    return *vus_[static_cast<std::size_t>(slot)];
}

bool VuGroup::limit_reached_and_done() const {
    if (!iterations_left_ || *iterations_left_ > 0 || !queue_.empty()) return false;
    for (const auto& vu : vus_)
        if (vu && vu->assignment) return false;  // given, not yet begun
    return true;
}

void VuGroup::end_open_model() {
    dispatch_timer_->cancel();
    // Due iterations no VU ever picked up were not run: count them.
    for (std::size_t i = 0; i < queue_.size(); ++i) shard_->iteration_dropped();
    queue_.clear();
}

}  // namespace throng::engine
