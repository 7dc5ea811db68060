#include <catch2/catch.hpp>

#include <algorithm>

#include "harness/core/clock.hpp"
#include "harness/engine/vu_roster.hpp"

using namespace std::chrono_literals;
using throng::core::ExecutorSpec;
using throng::core::FakeClock;
using throng::core::to_nanos;
using throng::engine::VuRoster;
using throng::engine::VuSchedule;

namespace {

ExecutorSpec constant(int vus, std::chrono::nanoseconds duration, std::chrono::nanoseconds grace) {
    ExecutorSpec spec;
    spec.vus = vus;
    spec.duration = duration;
    spec.graceful_stop = grace;
    return spec;
}
}  // namespace

TEST_CASE("the roster starts the scheduled VUs once", "[engine][executor]") {
    const auto spec = constant(4, 10s, 2s);
    const VuSchedule schedule(spec);
    VuRoster roster(spec, schedule, 0, 1);
    FakeClock clock;
    auto first = roster.tick(clock.now());
    CHECK(first.start.size() == 4);
    clock.advance(1s);
    auto again = roster.tick(clock.now());
    CHECK(again.start.empty());
    CHECK(roster.active() == 4);
    CHECK(roster.running() == 4);
}

TEST_CASE("graceful stop: in-flight iterations get graceful_stop, then are cut", "[engine][executor]") {
    const auto spec = constant(3, 10s, 2s);
    const VuSchedule schedule(spec);
    VuRoster roster(spec, schedule, 0, 1);
    FakeClock clock;
    roster.tick(clock.now());

    clock.set(to_nanos(10s));  // the end of the load: everyone is asked to stop
    auto at_end = roster.tick(clock.now());
    CHECK(at_end.stop.size() == 3);
    CHECK(at_end.cut.empty());
    CHECK(roster.draining());
    CHECK_FALSE(roster.finished());

    roster.ended(at_end.stop[0]);  // this VU finished its iteration in time
    clock.set(to_nanos(11999ms));
    CHECK(roster.tick(clock.now()).cut.empty());

    clock.set(to_nanos(12s));  // grace is over: the two still running are cut, once
    auto cut = roster.tick(clock.now());
    CHECK(cut.cut.size() == 2);
    CHECK(std::find(cut.cut.begin(), cut.cut.end(), at_end.stop[0]) == cut.cut.end());
    CHECK(roster.tick(clock.now()).cut.empty());
    CHECK_FALSE(roster.finished());
    for (int slot : cut.cut) roster.ended(slot);
    CHECK(roster.finished());
    CHECK(roster.tick(clock.now()).start.empty());  // nothing restarts after the end
}

TEST_CASE("a ramp down stops the newest VUs with graceful_ramp_down", "[engine][executor]") {
    ExecutorSpec spec;
    spec.kind = ExecutorSpec::Kind::ramping_vus;
    spec.start_vus = 4;
    spec.stages = {{4s, 0}};
    spec.graceful_ramp_down = 500ms;
    const VuSchedule schedule(spec);
    VuRoster roster(spec, schedule, 0, 1);
    FakeClock clock;
    auto started = roster.tick(clock.now());
    REQUIRE(started.start.size() == 4);

    clock.set(to_nanos(1001ms));  // the line is below 3
    auto down = roster.tick(clock.now());
    REQUIRE(down.stop.size() == 1);
    CHECK(down.stop[0] == started.start.back());
    CHECK(roster.active() == 3);
    CHECK(roster.running() == 4);

    clock.set(to_nanos(1500ms));
    CHECK(roster.tick(clock.now()).cut.empty());
    clock.set(to_nanos(1501ms));
    auto cut = roster.tick(clock.now());
    REQUIRE(cut.cut.size() == 1);
    CHECK(cut.cut[0] == down.stop[0]);
}

TEST_CASE("a hard stop cuts at once, a graceful one waits", "[engine][executor]") {
    const auto spec = constant(2, 60s, 30s);
    const VuSchedule schedule(spec);
    VuRoster roster(spec, schedule, 0, 1);
    FakeClock clock;
    roster.tick(clock.now());
    clock.set(to_nanos(5s));
    roster.request_stop(false);
    auto graceful = roster.tick(clock.now());
    CHECK(graceful.stop.size() == 2);
    CHECK(graceful.cut.empty());
    clock.set(to_nanos(6s));
    roster.request_stop(true);  // a second Ctrl-C
    CHECK(roster.tick(clock.now()).cut.size() == 2);
}

TEST_CASE("slots are reused only after their VU ended", "[engine][executor]") {
    ExecutorSpec spec;
    spec.kind = ExecutorSpec::Kind::ramping_vus;
    spec.start_vus = 2;
    spec.stages = {{1s, 2}, {0s, 1}, {1s, 1}, {0s, 2}, {1s, 2}};
    spec.graceful_ramp_down = 10s;
    const VuSchedule schedule(spec);
    VuRoster roster(spec, schedule, 0, 1);
    auto first = roster.tick(0);
    REQUIRE(first.start.size() == 2);
    auto down = roster.tick(to_nanos(1100ms));
    REQUIRE(down.stop.size() == 1);
    auto up = roster.tick(to_nanos(2100ms));  // back to 2 while the stopped VU still runs
    REQUIRE(up.start.size() == 1);
    CHECK(up.start[0] != down.stop[0]);
    CHECK(roster.running() == 3);
}

TEST_CASE("workers share the VUs of a schedule", "[engine][executor]") {
    const auto spec = constant(5, 10s, 1s);
    const VuSchedule schedule(spec);
    VuRoster a(spec, schedule, 0, 2), b(spec, schedule, 1, 2);
    CHECK(a.tick(0).start.size() == 3);
    CHECK(b.tick(0).start.size() == 2);
}

TEST_CASE("an exhausted iterations limit drains the worker", "[engine][executor]") {
    const auto spec = constant(2, 60s, 1s);
    const VuSchedule schedule(spec);
    VuRoster roster(spec, schedule, 0, 1);
    auto started = roster.tick(0);
    roster.iterations_exhausted();
    roster.ended(started.start[0]);  // found no iteration left
    auto next = roster.tick(to_nanos(5ms));
    CHECK(next.start.empty());
    CHECK(next.stop.size() == 1);
    roster.ended(started.start[1]);
    CHECK(roster.finished());
}

TEST_CASE("graceful_stop also bounds VUs that were still ramping down", "[engine][executor]") {
    ExecutorSpec spec;
    spec.kind = ExecutorSpec::Kind::ramping_vus;
    spec.start_vus = 2;
    spec.stages = {{1s, 2}, {0s, 1}, {1s, 1}};
    spec.graceful_ramp_down = 60s;
    spec.graceful_stop = 1s;
    const VuSchedule schedule(spec);
    VuRoster roster(spec, schedule, 0, 1);
    roster.tick(0);
    auto down = roster.tick(to_nanos(1100ms));  // one VU ramps down with a minute to finish
    REQUIRE(down.stop.size() == 1);
    roster.tick(to_nanos(2s));  // the end: graceful_stop (1 s) now bounds both
    auto cut = roster.tick(to_nanos(3s));
    CHECK(cut.cut.size() == 2);
}
