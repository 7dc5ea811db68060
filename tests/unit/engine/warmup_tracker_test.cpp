// Which scenarios warm up in each interval, decided on the intervals' start
// times alone (no clock runs here).
#include <catch2/catch.hpp>

#include "harness/core/clock.hpp"
#include "harness/engine/warmup_tracker.hpp"

using namespace std::chrono_literals;
using throng::core::Scenario;
using throng::core::to_nanos;
using throng::engine::WarmupTracker;

namespace warmup_tracker_test {

Scenario constant(std::chrono::nanoseconds duration, std::chrono::nanoseconds start = 0s) {
    Scenario scenario;
    scenario.executor.vus = 1;
    scenario.executor.duration = duration;
    scenario.start_offset = start;
    return scenario;
}

}  // namespace warmup_tracker_test

TEST_CASE("a timed warm-up covers the intervals that start within it, from the scenario's own start",
          "[engine][warmup]") {
    Scenario early = warmup_tracker_test::constant(10s);
    early.warmup.duration = 2s;
    Scenario late = warmup_tracker_test::constant(10s, 5s);
    late.warmup.duration = 2s;
    WarmupTracker tracker({&early, &late});

    tracker.mark(to_nanos(0s));
    CHECK(tracker.warming(0));
    CHECK(tracker.all_warming());  // `late` has not started: it does not count
    tracker.mark(to_nanos(1999ms));
    CHECK(tracker.all_warming());
    tracker.mark(to_nanos(2s));
    CHECK_FALSE(tracker.warming(0));
    CHECK_FALSE(tracker.all_warming());
    tracker.mark(to_nanos(5s));
    CHECK(tracker.warming(1));
    CHECK_FALSE(tracker.all_warming());  // `early` runs measured beside it
    tracker.mark(to_nanos(7s));
    CHECK_FALSE(tracker.warming(1));
}

TEST_CASE("a warm-up of iterations lasts until the warm intervals completed them", "[engine][warmup]") {
    Scenario scenario = warmup_tracker_test::constant(60s);
    scenario.warmup.iterations = 10;
    WarmupTracker tracker({&scenario});
    tracker.mark(0);
    REQUIRE(tracker.warming(0));
    tracker.add_warm_iterations(0, 6);
    tracker.mark(to_nanos(1s));
    REQUIRE(tracker.warming(0));  // 6 of 10
    tracker.add_warm_iterations(0, 6);
    tracker.mark(to_nanos(2s));
    CHECK_FALSE(tracker.warming(0));  // 12: the interval that follows is measured whole
    CHECK_FALSE(tracker.all_warming());
}

TEST_CASE("without a warm-up, or when no scenario runs, no interval is a warm-up interval", "[engine][warmup]") {
    Scenario plain = warmup_tracker_test::constant(10s);
    WarmupTracker tracker({&plain});
    tracker.mark(0);
    CHECK_FALSE(tracker.warming(0));
    CHECK_FALSE(tracker.all_warming());

    Scenario warm = warmup_tracker_test::constant(10s, 20s);
    warm.warmup.duration = 30s;
    WarmupTracker idle({&warm});
    idle.mark(to_nanos(10s));  // before its start: warming, but not running
    CHECK(idle.warming(0));
    CHECK_FALSE(idle.all_warming());
}
