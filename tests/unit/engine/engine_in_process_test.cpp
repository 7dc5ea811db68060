// The engine run in the test's own process on a fake driver (tests/support/
// fake_driver.hpp): executors, graceful stop, open-model queueing and drops,
// threshold aborts and interval collection, without a target or a
// subprocess. Every bound below follows from the script, not from the
// machine's speed; load phases last a second or more so that a worker thread
// that wakes late still starts inside them, and a step that must be cut
// lasts a minute, so that an engine that fails to cut it fails the test
// rather than hanging it.
#include <catch2/catch.hpp>

#include <chrono>
#include <numeric>

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

namespace {

throng::engine::EngineOptions in_process(int threads) {
    throng::engine::EngineOptions options;
    options.threads = threads;
    options.handle_signals = false;
    options.interval = 100ms;
    options.seed = 1;
    return options;
}

RunResult run_on(FakeDriver& driver, const throng::core::Plan& plan, const throng::engine::EngineOptions& options) {
    throng::engine::Driver* drivers[] = {&driver};
    return throng::engine::run(plan, drivers, options);
}

FakeStep taking(std::chrono::nanoseconds delay) {
    FakeStep script;
    script.delay = delay;
    return script;
}

}  // namespace

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
}

TEST_CASE("in-process: an open model queues iterations with their intended start", "[engine][in-process]") {
    // 50 iterations/s for 1 s (50 due, 20 ms apart) on one VU whose step
    // takes at least 40 ms: iteration k cannot start before k * 40 ms, so
    // counted from its intended start (k * 20 ms) it took at least
    // k * 20 ms + 40 ms, while its service time stays near 40 ms.
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
    CHECK(a == r.steps[0].requests);
    CHECK(b == r.steps[1].requests);
    CHECK(r.steps[0].requests > 0);
}
