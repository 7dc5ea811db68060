// The virtual-time loop runner (harness/engine/virtual_time.hpp): timers of
// several io_contexts fire in the order of their expiry on the fake clock,
// with no real wait, and a run that never ends is stopped at the limit.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "harness/core/clock.hpp"
#include "harness/engine/engine_clock.hpp"
#include "harness/engine/engine_timer.hpp"
#include "harness/engine/virtual_time.hpp"

using namespace std::chrono_literals;
using throng::engine::EngineClock;
using throng::engine::EngineTimer;
using throng::engine::run_in_virtual_time;
using throng::engine::VirtualTimeSource;

TEST_CASE("virtual time: timers of several loops fire in expiry order, at their virtual time",
          "[engine][virtual-time]") {
    throng::core::FakeClock clock(5'000'000'000);
    const VirtualTimeSource source(clock);
    boost::asio::io_context a, b;
    EngineTimer a1(a), a2(a), b1(b);
    std::vector<std::string> fired;
    const auto note = [&](const char* name) {
        return [&, name](const boost::system::error_code&) {
            fired.push_back(std::string(name) + "@" +
                            std::to_string((EngineClock::read() - 5'000'000'000) / 1'000'000));
        };
    };
    a1.expires_after(30ms);
    a1.async_wait(note("a1"));
    b1.expires_after(10s);  // a long wait costs no real time
    b1.async_wait(note("b1"));
    a2.expires_after(2500us);  // between ticks: fires at the next one
    a2.async_wait([&](const boost::system::error_code& ec) {
        note("a2")(ec);
        boost::asio::post(b, [&] { fired.push_back("posted to b"); });  // work across loops
    });
    boost::asio::io_context* loops[] = {&a, &b};
    run_in_virtual_time(loops, clock);
    CHECK(fired == std::vector<std::string>{"a2@3", "posted to b", "a1@30", "b1@10000"});
    CHECK(clock.now() == 5'000'000'000 + 10'000'000'000);
}

TEST_CASE("virtual time: a loop that never runs out of work is stopped at the limit", "[engine][virtual-time]") {
    throng::core::FakeClock clock;
    const VirtualTimeSource source(clock);
    boost::asio::io_context loop;
    const auto guard = boost::asio::make_work_guard(loop);
    boost::asio::io_context* loops[] = {&loop};
    CHECK_THROWS_WITH(run_in_virtual_time(loops, clock, 50ms), Catch::Contains("virtual time limit"));
    CHECK(clock.now() == 50'000'000);
}

TEST_CASE("virtual time: one run at a time, and the steady clock back after it", "[engine][virtual-time]") {
    throng::core::FakeClock clock(42);
    {
        const VirtualTimeSource source(clock);
        CHECK(EngineClock::is_virtual());
        CHECK(EngineClock::read() == 42);
        throng::core::FakeClock other;
        CHECK_THROWS_AS(VirtualTimeSource(other), std::logic_error);
    }
    CHECK_FALSE(EngineClock::is_virtual());
    const auto before = throng::core::SteadyClock::read();
    const auto now = EngineClock::read();
    CHECK(now >= before);
    CHECK(now <= throng::core::SteadyClock::read());
}
