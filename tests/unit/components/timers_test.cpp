#include <chrono>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>

#include "harness/core/clock.hpp"
#include "targets/components/timers/timers.hpp"

using namespace std::chrono_literals;
using throng::components::AsioTimers;
using throng::components::ManualTimers;
using throng::core::FakeClock;

TEST_CASE("Manual timers run what falls due, in time order, each at its time", "[components][timers]") {
    FakeClock clock;
    ManualTimers timers(clock);
    std::vector<std::pair<int, throng::core::Nanos>> ran;
    timers.call_at(30, [&] { ran.emplace_back(3, clock.now()); });
    timers.call_at(10, [&] {
        ran.emplace_back(1, clock.now());
        timers.call_at(clock.now() + 5, [&] { ran.emplace_back(2, clock.now()); });  // added while advancing
    });
    const auto never = timers.call_at(20, [&] { ran.emplace_back(0, clock.now()); });
    REQUIRE(timers.cancel(never));
    REQUIRE_FALSE(timers.cancel(never));
    REQUIRE(timers.next_due() == 10);

    REQUIRE(timers.advance(std::chrono::nanoseconds(29)) == 2);
    REQUIRE(clock.now() == 29);
    REQUIRE(ran == std::vector<std::pair<int, throng::core::Nanos>>{{1, 10}, {2, 15}});
    REQUIRE(timers.advance(std::chrono::nanoseconds(1)) == 1);
    REQUIRE(ran.back() == std::pair<int, throng::core::Nanos>{3, 30});
    REQUIRE(timers.pending() == 0);
}

TEST_CASE("Manual timers: a callback set in the past runs at once, never inside call_at", "[components][timers]") {
    FakeClock clock(100);
    ManualTimers timers(clock);
    int ran = 0;
    timers.call_at(50, [&] { ++ran; });
    REQUIRE(ran == 0);
    REQUIRE(timers.run_due() == 1);
    REQUIRE(ran == 1);
    REQUIRE(clock.now() == 100);  // the clock never goes back
}

TEST_CASE("Asio timers run on the executor at their time, and a cancelled one never", "[components][timers]") {
    boost::asio::io_context io;
    std::vector<int> ran;
    {
        AsioTimers timers(io.get_executor());
        const auto start = timers.now();
        timers.call_at(start + std::chrono::nanoseconds(2ms).count(), [&] { ran.push_back(2); });
        timers.call_at(start, [&] { ran.push_back(1); });
        const auto cancelled = timers.call_at(start + std::chrono::nanoseconds(1ms).count(), [&] { ran.push_back(0); });
        REQUIRE(ran.empty());
        REQUIRE(timers.cancel(cancelled));
        io.run();
        REQUIRE(ran == std::vector<int>{1, 2});
        REQUIRE(timers.now() >= start + std::chrono::nanoseconds(2ms).count());
        // Destroyed with a callback pending: it never runs.
        timers.call_at(timers.now(), [&] { ran.push_back(3); });
    }
    io.restart();
    io.run();
    REQUIRE(ran == std::vector<int>{1, 2});
}

TEST_CASE("Asio timers: a callback already due is run by the executor later, and can be cancelled",
          "[components][timers]") {
    boost::asio::io_context io;
    AsioTimers timers(io.get_executor());
    std::vector<int> ran;
    timers.call_at(timers.now() - 1, [&] { ran.push_back(1); });
    const auto cancelled = timers.call_at(timers.now(), [&] { ran.push_back(0); });
    timers.call_at(timers.now(), [&] { ran.push_back(2); });
    REQUIRE(ran.empty());  // never inside call_at
    REQUIRE(timers.cancel(cancelled));
    REQUIRE_FALSE(timers.cancel(cancelled));
    io.run();
    REQUIRE(ran == std::vector<int>{1, 2});
}
