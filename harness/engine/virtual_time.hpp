#pragma once
// Runs a set of io_contexts on the caller's thread in virtual time, for
// tests of the engine: each loop in turn runs what is ready; when none has
// anything left to run, the clock moves one tick on and the timers due by
// then fire. Nothing waits in real time, and a run takes the same path
// every time. The clock must be EngineClock's source (VirtualTimeSource)
// for the timers to see it.
#include <chrono>
#include <span>

#include <boost/asio/io_context.hpp>

#include "harness/core/clock.hpp"

namespace throng::engine {

// Timers fire on whole ticks: a wait of 2.5 ms ends at the third.
inline constexpr std::chrono::nanoseconds virtual_tick = std::chrono::milliseconds(1);

// Returns once every loop has run out of work. Throws std::runtime_error
// when the clock has moved `limit` on and the loops still have work (a run
// that never ends, or a timer nobody cancels).
void run_in_virtual_time(std::span<boost::asio::io_context* const> loops, core::FakeClock& clock,
                         std::chrono::nanoseconds limit = std::chrono::hours(1));

}  // namespace throng::engine
