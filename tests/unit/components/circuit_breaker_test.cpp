// The circuit breaker on a fake clock: it opens exactly when its window
// reaches a threshold (failures or slow calls, with the minimum of calls),
// refuses while open, lets its probes through half-open and closes or opens
// again by their outcome; a time-based window forgets old seconds; every
// change is told.
#include <catch2/catch.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "harness/core/clock.hpp"
#include "targets/components/breaker/circuit_breaker.hpp"

using throng::components::BreakerConfig;
using throng::components::BreakerState;
using throng::components::CircuitBreaker;
using throng::components::OutcomeWindow;
using throng::core::FakeClock;
using namespace std::chrono_literals;

namespace circuit_breaker_test {

// A permitted call with this outcome and duration.
void make_call(CircuitBreaker& breaker, bool ok, std::chrono::nanoseconds took = 1ms) {
    REQUIRE(breaker.try_acquire());
    breaker.record(ok, took);
}

BreakerConfig ten_calls_half_fail() {
    BreakerConfig config;
    config.window_size = 10;
    config.minimum_calls = 10;
    config.failure_rate = 0.5;
    config.open_for = 30s;
    config.probes = 4;
    return config;
}

}  // namespace circuit_breaker_test
using namespace circuit_breaker_test;

TEST_CASE("circuit breaker: opens exactly at the failure threshold of its window, not before",
          "[components][breaker]") {
    FakeClock clock;
    SECTION("5 failures of 10 open it") {
        CircuitBreaker breaker(ten_calls_half_fail(), clock);
        for (int i = 0; i < 5; ++i) make_call(breaker, true);
        for (int i = 0; i < 4; ++i) make_call(breaker, false);
        CHECK(breaker.state() == BreakerState::closed);  // 9 calls: under the minimum
        make_call(breaker, false);                       // 5 of 10
        CHECK(breaker.state() == BreakerState::open);
        CHECK_FALSE(breaker.try_acquire());
        CHECK(breaker.stats().refused == 1);
    }
    SECTION("4 failures of 10 do not; the window slides") {
        CircuitBreaker breaker(ten_calls_half_fail(), clock);
        for (int i = 0; i < 6; ++i) make_call(breaker, true);
        for (int i = 0; i < 4; ++i) make_call(breaker, false);
        CHECK(breaker.state() == BreakerState::closed);
        CHECK(breaker.stats().window.failures == 4);
        // The oldest success leaves as a failure comes: 5 of the last 10.
        make_call(breaker, false);
        CHECK(breaker.state() == BreakerState::open);
    }
    SECTION("failures all at first, diluted below the rate by the time the minimum is reached") {
        CircuitBreaker breaker(ten_calls_half_fail(), clock);
        for (int i = 0; i < 4; ++i) make_call(breaker, false);
        for (int i = 0; i < 6; ++i) make_call(breaker, true);
        CHECK(breaker.state() == BreakerState::closed);
    }
}

TEST_CASE("circuit breaker: slow calls open it at their own threshold", "[components][breaker]") {
    FakeClock clock;
    BreakerConfig config = ten_calls_half_fail();
    config.slow_call = 200ms;
    config.slow_call_rate = 0.3;
    CircuitBreaker breaker(config, clock);
    for (int i = 0; i < 8; ++i) make_call(breaker, true, i < 2 ? 250ms : 10ms);
    make_call(breaker, true, 199ms);  // just under: not slow
    CHECK(breaker.state() == BreakerState::closed);
    make_call(breaker, true, 200ms);  // 3 slow of 10
    CHECK(breaker.state() == BreakerState::open);
}

TEST_CASE("circuit breaker: open for its time, then half-open probes close it or open it again",
          "[components][breaker]") {
    FakeClock clock;
    CircuitBreaker breaker(ten_calls_half_fail(), clock);
    std::vector<std::string> changes;
    breaker.on_change([&](BreakerState from, BreakerState to) {
        changes.push_back(std::string(to_string(from)) + ">" + std::string(to_string(to)));
    });
    for (int i = 0; i < 10; ++i) make_call(breaker, false);
    REQUIRE(breaker.state() == BreakerState::open);
    clock.advance(29s);
    CHECK_FALSE(breaker.try_acquire());
    clock.advance(1s);
    // Half-open: exactly the 4 probes pass until they are recorded.
    for (int i = 0; i < 4; ++i) CHECK(breaker.try_acquire());
    CHECK_FALSE(breaker.try_acquire());
    CHECK(breaker.state() == BreakerState::half_open);
    breaker.record(false, 1ms);
    breaker.record(false, 1ms);  // 2 of 4 failed: at the threshold
    breaker.record(true, 1ms);
    CHECK(breaker.state() == BreakerState::half_open);
    breaker.record(true, 1ms);
    CHECK(breaker.state() == BreakerState::open);
    clock.advance(30s);
    breaker.record(true, 1ms);  // a call from before it opened, ending late: no probe
    CHECK(breaker.state() == BreakerState::half_open);
    for (int i = 0; i < 4; ++i) REQUIRE(breaker.try_acquire());
    breaker.record(false, 1ms);  // 1 of 4: under the threshold
    for (int i = 0; i < 3; ++i) breaker.record(true, 1ms);
    CHECK(breaker.state() == BreakerState::closed);
    CHECK(breaker.stats().window.calls == 0);  // a fresh window
    CHECK(breaker.stats().opened == 2);
    CHECK(changes == std::vector<std::string>{"closed>open", "open>half_open", "half_open>open", "open>half_open",
                                              "half_open>closed"});
}

TEST_CASE("circuit breaker: a time-based window judges only the last seconds", "[components][breaker]") {
    FakeClock clock;
    BreakerConfig config = ten_calls_half_fail();
    config.window = OutcomeWindow::Kind::time;
    config.window_size = 10;  // seconds
    config.minimum_calls = 4;
    CircuitBreaker breaker(config, clock);
    for (int i = 0; i < 3; ++i) make_call(breaker, false);
    clock.advance(10s);  // those three have left
    CHECK(breaker.stats().window.calls == 0);
    make_call(breaker, true);
    make_call(breaker, true);
    make_call(breaker, false);
    CHECK(breaker.state() == BreakerState::closed);
    clock.advance(9s);          // still inside
    make_call(breaker, false);  // 2 of 4
    CHECK(breaker.state() == BreakerState::open);
}

TEST_CASE("circuit breaker: a forced transition, bad settings refused", "[components][breaker]") {
    FakeClock clock;
    CircuitBreaker breaker(ten_calls_half_fail(), clock);
    breaker.transition(BreakerState::open);
    CHECK_FALSE(breaker.try_acquire());
    breaker.transition(BreakerState::closed);
    CHECK(breaker.try_acquire());
    BreakerConfig bad = ten_calls_half_fail();
    bad.failure_rate = 0;
    CHECK_THROWS_AS(CircuitBreaker(bad, clock), std::invalid_argument);
    bad = ten_calls_half_fail();
    bad.probes = 0;
    CHECK_THROWS_AS(CircuitBreaker(bad, clock), std::invalid_argument);
    bad = ten_calls_half_fail();
    bad.window_size = 0;
    CHECK_THROWS_AS(CircuitBreaker(bad, clock), std::invalid_argument);
}

TEST_CASE("circuit breaker: threads calling at once open it once, and it refuses them all", "[components][breaker]") {
    const FakeClock clock(1'000'000'000);
    BreakerConfig config = ten_calls_half_fail();
    config.window_size = 100;
    config.minimum_calls = 100;
    CircuitBreaker breaker(config, clock);
    int told = 0;
    breaker.on_change([&](BreakerState, BreakerState to) {
        if (to == BreakerState::open) ++told;
    });
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 1000; ++i)
                if (breaker.try_acquire()) breaker.record(false, 1ms);
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(told == 1);
    CHECK(breaker.state() == BreakerState::open);
    const auto stats = breaker.stats();
    CHECK(stats.opened == 1);
    CHECK(stats.refused >= 4000 - 100 - 3);  // at most the calls in flight when it opened got through
}
