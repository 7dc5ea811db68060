#include <catch2/catch.hpp>

#include "harness/core/clock.hpp"
#include "harness/engine/vu_schedule.hpp"

using namespace std::chrono_literals;
using throng::core::ExecutorSpec;
using throng::core::FakeClock;
using throng::engine::VuSchedule;

namespace {
ExecutorSpec ramp(int start, std::vector<throng::core::Stage> stages) {
    ExecutorSpec spec;
    spec.kind = ExecutorSpec::Kind::ramping_vus;
    spec.start_vus = start;
    spec.stages = std::move(stages);
    return spec;
}
}  // namespace

TEST_CASE("constant-vus holds its VUs for the duration, then none", "[engine][executor]") {
    ExecutorSpec spec;
    spec.vus = 7;
    spec.duration = 10s;
    const VuSchedule schedule(spec);
    FakeClock clock;
    CHECK(schedule.target_at(clock.now()) == 7);
    clock.advance(9999ms);
    CHECK(schedule.target_at(clock.now()) == 7);
    clock.advance(1ms);
    CHECK(schedule.target_at(clock.now()) == 0);
    CHECK(schedule.duration() == 10'000'000'000LL);
    CHECK(schedule.max_vus() == 7);
}

TEST_CASE("ramping-vus moves linearly through its stages", "[engine][executor]") {
    const VuSchedule schedule(ramp(0, {{5s, 20}, {10s, 20}, {5s, 0}}));
    FakeClock clock;
    auto at = [&](std::chrono::nanoseconds t) {
        clock.set(t.count());
        return schedule.target_at(clock.now());
    };
    CHECK(at(0s) == 0);
    CHECK(at(249ms) == 0);  // the line is at 0.996: not yet one VU
    CHECK(at(250ms) == 1);  // crosses 1
    CHECK(at(2500ms) == 10);
    CHECK(at(4999ms) == 19);
    CHECK(at(5s) == 20);
    CHECK(at(12s) == 20);
    CHECK(at(15s) == 20);        // the ramp down starts from 20
    CHECK(at(15s + 1ms) == 20);  // rounds towards where the stage started
    CHECK(at(17500ms) == 10);
    CHECK(at(19999ms) == 1);
    CHECK(at(20s) == 0);
    CHECK(schedule.duration() == 20'000'000'000LL);
    CHECK(schedule.max_vus() == 20);
}

TEST_CASE("a ramp from a non-zero start and a step up", "[engine][executor]") {
    const VuSchedule schedule(ramp(10, {{10s, 30}, {0s, 5}, {1s, 5}}));
    CHECK(schedule.target_at(0) == 10);
    CHECK(schedule.target_at(5'000'000'000) == 20);
    CHECK(schedule.target_at(10'000'000'000) == 5);  // the zero-length stage jumps
    CHECK(schedule.target_at(10'500'000'000) == 5);
    CHECK(schedule.max_vus() == 30);
}

TEST_CASE("VU shares over threads add up and differ by at most one", "[engine][executor]") {
    for (int threads = 1; threads <= 5; ++threads)
        for (int total = 0; total <= 23; ++total) {
            int sum = 0, lo = total, hi = 0;
            for (int t = 0; t < threads; ++t) {
                const int share = VuSchedule::share(total, t, threads);
                sum += share;
                lo = std::min(lo, share);
                hi = std::max(hi, share);
            }
            CHECK(sum == total);
            CHECK(hi - lo <= 1);
        }
}
