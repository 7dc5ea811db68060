#pragma once
// Callbacks run at a time, behind an interface, so that the components that
// wait (the pool's timeouts, the batch processor's flushes and backoffs) run
// on Asio in a service and on a fake clock in tests, with no sleeps.
//
// Not thread-safe: like an Asio socket, a Timers belongs to one executor, and
// it and the components on it are used from that executor's thread (or
// strand) only. Callbacks never run inside call_at.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <utility>

#include <boost/asio/any_io_executor.hpp>

#include "harness/core/clock.hpp"

namespace throng::components {

class Timers {
public:
    using Id = std::uint64_t;
    virtual ~Timers() = default;
    virtual const core::Clock& clock() const = 0;
    core::Nanos now() const { return clock().now(); }
    // Runs `callback` once, at `when` or soon after (at once if it is past).
    virtual Id call_at(core::Nanos when, std::function<void()> callback) = 0;
    // True if the callback had not run yet: it never will.
    virtual bool cancel(Id id) = 0;
};

// On a FakeClock that moves only when the test says so; advancing runs the
// callbacks that fall due, in time order (then in order of call_at), each
// with the clock at its time.
class ManualTimers final : public Timers {
public:
    explicit ManualTimers(core::FakeClock& clock) : clock_(clock) {}
    const core::Clock& clock() const override { return clock_; }
    Id call_at(core::Nanos when, std::function<void()> callback) override;
    bool cancel(Id id) override;

    // Moves the clock forward by `by`, running what falls due on the way
    // (including callbacks those callbacks add). Returns how many ran.
    std::size_t advance(std::chrono::nanoseconds by);
    // Runs what is due now (callbacks set for now or the past).
    std::size_t run_due() { return advance(std::chrono::nanoseconds(0)); }
    std::size_t pending() const { return queue_.size(); }
    // When the next callback is due (INT64_MAX if none is).
    core::Nanos next_due() const;

private:
    core::FakeClock& clock_;
    std::map<std::pair<core::Nanos, Id>, std::function<void()>> queue_;
    std::map<Id, core::Nanos> when_of_;
    Id next_id_ = 1;
};

// On an Asio executor and the steady clock (a steady_timer per callback).
class AsioTimers final : public Timers {
public:
    explicit AsioTimers(const boost::asio::any_io_executor& executor);
    ~AsioTimers() override;  // cancels what has not run
    AsioTimers(const AsioTimers&) = delete;
    AsioTimers& operator=(const AsioTimers&) = delete;
    const core::Clock& clock() const override { return clock_; }
    Id call_at(core::Nanos when, std::function<void()> callback) override;
    bool cancel(Id id) override;

private:
    struct State;
    core::SteadyClock clock_;
    std::shared_ptr<State> state_;  // shared with the timers' handlers, which may outlive this
};

}  // namespace throng::components
