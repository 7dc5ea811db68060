// The engine run in the test's own process on a fake driver (tests/support/
// fake_driver.hpp) and in virtual time (EngineOptions::virtual_clock):
// executors, graceful stop, open-model queueing and drops, threshold aborts,
// interval collection, setup and teardown, without a target, a subprocess or
// a real wait. Every loop runs on the test's thread and the clock moves only
// when no loop has work, so each bound below follows from the script alone,
// to the millisecond, whatever the machine's speed; a step that must be cut
// lasts a virtual minute, so an engine that fails to cut it fails the test.
#include <catch2/catch.hpp>

#include <chrono>
#include <numeric>

#include "harness/core/clock.hpp"
#include "harness/core/plan_builder.hpp"
#include "harness/engine/runner.hpp"
#include "support/fake_driver.hpp"

using namespace std::chrono_literals;
namespace build = throng::core::build;
using throng::core::ErrorClass;
using throng::core::ExecutorSpec;
using throng::core::RunResult;
using throng::test::fake_plan;
using throng::test::fake_step;
using throng::test::FakeDriver;
using throng::test::FakeStep;

namespace in_process_test {

throng::engine::EngineOptions in_process(int threads) {
    throng::engine::EngineOptions options;
    options.threads = threads;
    options.handle_signals = false;
    options.interval = 100ms;
    options.seed = 1;
    return options;
}

// Runs the plan in virtual time, on a clock that starts at an arbitrary point.
RunResult run_on(FakeDriver& driver, const throng::core::Plan& plan, throng::engine::EngineOptions options) {
    throng::core::FakeClock clock(123'000'000'000);
    options.virtual_clock = &clock;
    throng::engine::Driver* drivers[] = {&driver};
    return throng::engine::run(plan, drivers, options);
}

FakeStep taking(std::chrono::nanoseconds delay) {
    FakeStep script;
    script.delay = delay;
    return script;
}

std::int64_t ns(std::chrono::nanoseconds d) { return d.count(); }

}  // namespace in_process_test

using namespace in_process_test;

TEST_CASE("in-process: a closed model runs its iterations limit, every step counted once", "[engine][in-process]") {
    auto executor = build::constant_vus(3, 60s);
    executor.iterations = 30;
    const auto plan = fake_plan(executor, {fake_step("a", taking(1ms)), fake_step("b", taking(1ms))});
    FakeDriver driver;
    const RunResult r = run_on(driver, plan, in_process(2));
    CHECK_FALSE(r.interrupted);
    CHECK(r.iterations_completed == 30);
    REQUIRE(r.steps.size() == 2);
    CHECK(r.steps[0].requests == 30);
    CHECK(r.steps[1].requests == 30);
    CHECK(r.total.requests == 60);
    CHECK(r.total.statuses.at(200) == 60);
    CHECK(driver.counts.steps_started == 60);
    CHECK(driver.counts.sessions <= 3);  // one per VU at most, kept across its iterations
    const auto in_intervals = std::accumulate(r.intervals.begin(), r.intervals.end(), std::uint64_t{0},
                                              [](std::uint64_t n, const auto& iv) { return n + iv.requests; });
    CHECK(in_intervals == 60);
}

TEST_CASE("in-process: failures are counted by class, code and status", "[engine][in-process]") {
    FakeStep failing;
    failing.status = 503;
    failing.error = ErrorClass::declare("fake_unavailable");
    failing.code = "E503";
    auto executor = build::constant_vus(1, 60s);
    executor.iterations = 5;
    FakeDriver driver;
    const RunResult r = run_on(driver, fake_plan(executor, {fake_step("down", failing)}), in_process(1));
    REQUIRE(r.steps.size() == 1);
    CHECK(r.steps[0].requests == 5);
    CHECK(r.steps[0].responses == 5);
    CHECK(r.steps[0].errors[failing.error.index()] == 5);
    CHECK(r.steps[0].error_count() == 5);
    CHECK(r.steps[0].error_codes.at("E503") == 5);
    CHECK(r.steps[0].statuses.at(503) == 5);
}

TEST_CASE("in-process: graceful stop cuts the iterations that outlive it", "[engine][in-process]") {
    auto executor = build::constant_vus(2, 1s);
    executor.graceful_stop = 100ms;
    FakeDriver driver;
    const RunResult r = run_on(driver, fake_plan(executor, {fake_step("stuck", taking(60s))}), in_process(2));
    CHECK(driver.counts.steps_started == 2);
    CHECK(driver.counts.steps_aborted == 2);  // not waited for: the step would take a minute
    CHECK(r.iterations_completed == 0);
    CHECK(r.iterations_interrupted == 2);
    // Cut at 1 s + 100 ms by the control loop; it ends on its next 5 ms tick.
    CHECK(r.duration_s >= 1.1);
    CHECK(r.duration_s <= 1.105 + 1e-9);
}

TEST_CASE("in-process: an open model drops what no VU can take when told to", "[engine][in-process]") {
    // 50 iterations/s for 1 s: 50 due; the one VU takes the first and keeps
    // it for a minute, so the 49 others are dropped.
    auto executor = build::constant_arrival_rate(50, 1s, 1, 1);
    executor.on_saturation = ExecutorSpec::Saturation::drop;
    executor.graceful_stop = 100ms;
    FakeDriver driver;
    const RunResult r = run_on(driver, fake_plan(executor, {fake_step("slow", taking(60s))}), in_process(1));
    CHECK(driver.counts.steps_started == 1);
    CHECK(r.iterations_dropped == 49);
    CHECK(r.iterations_interrupted == 1);
    CHECK(r.iterations_completed == 0);
    CHECK(r.duration_s <= 1.105 + 1e-9);
}

TEST_CASE("in-process: an open model queues iterations with their intended start", "[engine][in-process]") {
    // 50 iterations/s for 1 s (50 due, 20 ms apart) on one VU whose step
    // takes 40 ms: iteration k starts at k * 40 ms, as soon as the one
    // before it ends, so counted from its intended start (k * 20 ms) it
    // takes k * 20 ms + 40 ms, while its service time stays 40 ms. Those
    // still queued when the load phase ends at 1 s are dropped, not started.
    auto executor = build::constant_arrival_rate(50, 1s, 1, 1);
    executor.graceful_stop = 10s;
    FakeDriver driver;
    const RunResult r = run_on(driver, fake_plan(executor, {fake_step("busy", taking(40ms))}), in_process(1));
    CHECK(r.iterations_completed + r.iterations_dropped + r.iterations_interrupted == 50);
    CHECK(r.iterations_interrupted == 0);
    const auto completed = static_cast<std::int64_t>(r.iterations_completed);
    REQUIRE(completed >= 2);
    REQUIRE(r.steps.size() == 1);
    const auto& step = r.steps[0];
    CHECK(step.response_time.count() == r.iterations_completed);
    const std::int64_t last_at_least = (completed - 1) * 20'000'000 + 40'000'000;
    CHECK(step.response_time.max() >= step.response_time.lowest_equivalent(last_at_least));
    CHECK(step.latency.min() >= step.latency.lowest_equivalent(40'000'000));
    // In virtual time, exactly so: 25 started before 1 s (the 26th at 1 s
    // itself, if the VU takes it before the drain), none waited for anything else.
    CHECK(r.iterations_completed >= 25);
    CHECK(r.iterations_completed <= 26);
    CHECK(step.response_time.max() == (completed - 1) * 20'000'000 + 40'000'000);
    CHECK(step.response_time.min() == ns(40ms));
    CHECK(step.latency.max() == ns(40ms));
}

TEST_CASE("in-process: a redirect's hops are each measured, the step's lateness counted once", "[engine][in-process]") {
    // As above, but each iteration is two 20 ms requests, the second sent
    // when the first ends (a redirect): iteration k starts at k * 40 ms,
    // k * 20 ms late. Its first request counts the lateness (k * 20 + 20 ms
    // from its intended start); the hop is measured from its own start.
    auto executor = build::constant_arrival_rate(50, 1s, 1, 1);
    executor.graceful_stop = 10s;
    FakeStep script = taking(20ms);
    script.hops = 1;
    FakeDriver driver;
    const RunResult r = run_on(driver, fake_plan(executor, {fake_step("hop", script)}), in_process(1));
    const auto completed = static_cast<std::int64_t>(r.iterations_completed);
    REQUIRE(completed >= 2);
    REQUIRE(r.steps.size() == 1);
    const auto& step = r.steps[0];
    CHECK(step.requests == 2 * r.iterations_completed);
    CHECK(step.latency.max() == ns(20ms));
    CHECK(step.latency.min() == ns(20ms));
    CHECK(step.response_time.count() == 2 * r.iterations_completed);
    CHECK(step.response_time.max() == (completed - 1) * 20'000'000 + 20'000'000);
    CHECK(step.response_time.min() == ns(20ms));
    // Half of them (the hops) took exactly their own 20 ms.
    CHECK(step.response_time.value_at_percentile(50.0) <= step.response_time.highest_equivalent(ns(20ms)));
}

TEST_CASE("in-process: a threshold's abort ends the run at the next interval", "[engine][in-process]") {
    auto options = in_process(2);
    options.should_abort = [](const RunResult& so_far, double) -> std::optional<std::string> {
        if (so_far.total.requests > 0) return "enough";
        return std::nullopt;
    };
    FakeDriver driver;
    const RunResult r = run_on(driver, fake_plan(build::constant_vus(2, 60s), {fake_step("a", taking(5ms))}), options);
    CHECK(r.interrupted);
    CHECK(r.aborted_by_threshold);
    CHECK(r.interrupt_reason == "enough");
    CHECK(r.total.requests > 0);
    // Asked after the first 100 ms interval; the run ends with one more, short, collection.
    CHECK(r.intervals.size() <= 2);
    CHECK(r.duration_s < 0.2);
}

TEST_CASE("in-process: every step run is counted once, in the intervals and the totals", "[engine][in-process]") {
    // A second of 100 ms intervals: each worker's shard is taken, merged,
    // reset and reused several times; a count lost or left over in a reused
    // shard would break the first check.
    FakeDriver driver;
    const RunResult r = run_on(
        driver, fake_plan(build::constant_vus(2, 1s), {fake_step("a", taking(5ms)), fake_step("b", taking(2ms))}),
        in_process(2));
    CHECK(r.total.requests == static_cast<std::uint64_t>(driver.counts.steps_started.load()));
    REQUIRE(!r.intervals.empty());
    std::uint64_t a = 0, b = 0, requests = 0;
    double previous_start = -1;
    for (const auto& iv : r.intervals) {
        CHECK(iv.start_s > previous_start);
        previous_start = iv.start_s;
        requests += iv.requests;
        REQUIRE(iv.histograms.size() == 2);
        a += iv.histograms[0].requests;
        b += iv.histograms[1].requests;
    }
    CHECK(requests == r.total.requests);
    CHECK(r.intervals.size() >= 10);
    for (std::size_t i = 0; i + 1 < r.intervals.size(); ++i) CHECK(r.intervals[i].length_s == Approx(0.1));
    CHECK(a == r.steps[0].requests);
    CHECK(b == r.steps[1].requests);
    CHECK(r.steps[0].requests > 0);
}

TEST_CASE("in-process: a step takes exactly the time its script says", "[engine][in-process]") {
    auto executor = build::constant_vus(2, 60s);
    executor.iterations = 20;
    FakeDriver driver;
    const RunResult r = run_on(driver, fake_plan(executor, {fake_step("a", taking(10ms))}), in_process(2));
    REQUIRE(r.steps.size() == 1);
    const auto& latency = r.steps[0].latency;
    CHECK(latency.count() == 20);
    CHECK(latency.min() == ns(10ms));
    CHECK(latency.max() == ns(10ms));
    // Two VUs, ten iterations each, back to back: 100 ms, and a control tick to notice.
    CHECK(r.duration_s >= 0.1);
    CHECK(r.duration_s <= 0.105 + 1e-9);
}

TEST_CASE("in-process: pacing and think time space a VU's iterations", "[engine][in-process]") {
    // A 10 ms step, iterations 120 ms apart: they start at 0, 120, ... 960 ms,
    // nine in the one-second load (the tenth would start at 1,080 ms).
    auto paced = fake_plan(build::constant_vus(1, 1s), {fake_step("a", taking(10ms))});
    paced.scenarios[0].flows[0].pacing = 120ms;
    auto thinking = fake_plan(build::constant_vus(1, 1s), {fake_step("a", taking(10ms))});
    thinking.scenarios[0].flows[0].between_iterations = throng::core::ThinkTime::constant(110ms);
    for (const auto* plan : {&paced, &thinking}) {
        FakeDriver driver;
        const RunResult r = run_on(driver, *plan, in_process(1));
        CHECK(r.iterations_completed == 9);
        CHECK(r.iterations_interrupted == 0);
        CHECK(driver.counts.steps_started == 9);
    }
}

TEST_CASE("in-process: an open model starts its iterations at the rate, none late", "[engine][in-process]") {
    // 100 iterations/s for 2 s with a 10 ms step: one VU keeps up, so every
    // iteration starts when due and its response time is its service time.
    FakeDriver driver;
    const RunResult r = run_on(
        driver, fake_plan(build::constant_arrival_rate(100, 2s, 1, 2), {fake_step("a", taking(10ms))}), in_process(1));
    CHECK(r.iterations_completed == 200);
    CHECK(r.iterations_dropped == 0);
    REQUIRE(r.steps.size() == 1);
    CHECK(r.steps[0].response_time.max() == ns(10ms));
    CHECK(r.send_lag.max() <= 1);  // none late (0 is recorded as the histogram's lowest value, 1 ns)
    // In 100 ms intervals: ten iterations begun in each full one.
    for (std::size_t i = 0; i + 1 < r.intervals.size(); ++i) CHECK(r.intervals[i].started == 10);
}

TEST_CASE("in-process: a ramping arrival rate starts what its ramp integrates to", "[engine][in-process]") {
    // 0 to 100 iterations/s over 1 s, then 100/s for 1 s: 50 + 100 iterations.
    ExecutorSpec executor;
    executor.kind = ExecutorSpec::Kind::ramping_arrival_rate;
    executor.start_rate = 0;
    executor.rate_stages = {{1s, 100}, {1s, 100}};
    executor.pre_allocated_vus = 2;
    FakeDriver driver;
    const RunResult r = run_on(driver, fake_plan(executor, {fake_step("a", taking(5ms))}), in_process(2));
    CHECK(r.iterations_dropped == 0);
    CHECK(r.iterations_completed >= 149);
    CHECK(r.iterations_completed <= 151);
}

TEST_CASE("in-process: ramping VUs follow their stages", "[engine][in-process]") {
    // Up to 10 VUs in 1 s, 10 for 1 s, down to none in 1 s (no graceful
    // ramp-down: a 10 ms step ends in time anyway); VUs at each 500 ms mark,
    // give or take one whose iteration is ending or beginning right then.
    auto executor = build::ramping_vus(0, {{1s, 10}, {1s, 10}, {1s, 0}});
    executor.graceful_ramp_down = 0s;
    auto options = in_process(2);
    options.interval = 500ms;
    FakeDriver driver;
    const RunResult r = run_on(driver, fake_plan(executor, {fake_step("a", taking(10ms))}), options);
    REQUIRE(r.intervals.size() >= 6);
    const int expected[] = {5, 10, 10, 10, 5, 0};
    for (std::size_t i = 0; i < 6; ++i) {
        INFO("interval " << i);
        CHECK(r.intervals[i].vus >= expected[i] - 1);
        CHECK(r.intervals[i].vus <= expected[i] + 1);
    }
    CHECK(r.iterations_interrupted <= 10);
}

TEST_CASE("in-process: setup runs before the load and teardown after it", "[engine][in-process]") {
    auto executor = build::constant_vus(2, 60s);
    executor.iterations = 4;
    auto plan = fake_plan(executor, {fake_step("work", taking(1ms))});
    plan.setup = {fake_step("log in", taking(50ms))};
    plan.teardown = {fake_step("log out", taking(50ms))};
    FakeDriver driver;
    const RunResult r = run_on(driver, plan, in_process(2));
    REQUIRE(r.setup.size() == 1);
    REQUIRE(r.teardown.size() == 1);
    CHECK(r.setup[0].requests == 1);
    CHECK(r.teardown[0].requests == 1);
    CHECK(r.steps[0].requests == 4);
    CHECK(r.setup_error.empty());
    // The load's duration is the load's alone.
    CHECK(r.duration_s < 0.05);
}

TEST_CASE("in-process: a failed setup ends the run before any load", "[engine][in-process]") {
    FakeStep refused;
    refused.error = ErrorClass::connect_refused;
    auto plan = fake_plan(build::constant_vus(2, 60s), {fake_step("work", taking(1ms))});
    plan.setup = {fake_step("log in", refused)};
    FakeDriver driver;
    const RunResult r = run_on(driver, plan, in_process(2));
    CHECK(r.interrupted);
    CHECK(r.interrupt_reason == "setup failed");
    CHECK(r.setup_error.find("log in") != std::string::npos);
    CHECK(driver.counts.steps_started == 1);
}

TEST_CASE("in-process: a run in virtual time takes the same path every time", "[engine][in-process]") {
    // Random think times and Poisson arrivals on two threads, from one seed:
    // the same requests in the same intervals with the same histograms.
    auto plan = fake_plan(build::constant_vus(3, 2s), {fake_step("a", taking(3ms)), fake_step("b", taking(7ms))});
    plan.scenarios[0].flows[0].between_iterations = throng::core::ThinkTime::exponential(20ms, 200ms);
    auto open = build::constant_arrival_rate(40, 2s, 2, 4);
    open.arrivals = ExecutorSpec::Arrivals::poisson;
    auto arrivals = build::scenario("arrivals", open, {build::flow("f", 1, {fake_step("c", taking(15ms))})});
    plan.scenarios.push_back(std::move(arrivals));
    FakeDriver first_driver, second_driver;
    const RunResult first = run_on(first_driver, plan, in_process(2));
    const RunResult second = run_on(second_driver, plan, in_process(2));
    CHECK(first.total.requests > 100);
    CHECK(first.total.requests == second.total.requests);
    REQUIRE(first.intervals.size() == second.intervals.size());
    for (std::size_t i = 0; i < first.intervals.size(); ++i) {
        INFO("interval " << i);
        CHECK(first.intervals[i].requests == second.intervals[i].requests);
        REQUIRE(first.intervals[i].histograms.size() == second.intervals[i].histograms.size());
        for (std::size_t h = 0; h < first.intervals[i].histograms.size(); ++h) {
            CHECK(first.intervals[i].histograms[h].service_time == second.intervals[i].histograms[h].service_time);
            CHECK(first.intervals[i].histograms[h].response_time == second.intervals[i].histograms[h].response_time);
        }
    }
}
