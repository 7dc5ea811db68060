// When throng itself was the bottleneck, the summary and result say so.
#include <catch2/catch.hpp>

#include "reports/generator_health.hpp"
#include "reports/summary.hpp"
#include "support/synthetic_runs.hpp"

using throng::reports::generator_health;

TEST_CASE("a healthy generator gives no warning", "[generator]") {
    const auto run = throng::test::synthetic_run({});
    const auto health = generator_health(run);
    CHECK(health.warnings.empty());
    CHECK(health.busiest_worker == Approx(0.3));
    CHECK(throng::reports::summary_text(run).find("warning") == std::string::npos);
}

TEST_CASE("a late event loop, a saturated worker and slow checks are each a warning", "[generator]") {
    auto run = throng::test::synthetic_run({});
    for (int i = 0; i < 100; ++i) run.loop_lag.record(i < 90 ? 200'000 : 40'000'000);  // p99 40 ms
    run.intervals[3].busiest_worker = 0.97;
    for (int i = 0; i < 50; ++i) run.steps[0].rules_time.record(5'000'000);  // 5 ms per response
    const auto health = generator_health(run);
    REQUIRE(health.warnings.size() == 3);
    CHECK_THAT(health.warnings[0], Catch::Contains("event loop woke up to 40 ms late"));
    CHECK(health.saturated_intervals == 1);
    CHECK_THAT(health.warnings[1], Catch::Contains("90% busy in 1 of 30 intervals (up to 97%)"));
    CHECK_THAT(health.warnings[2], Catch::Contains("step `item`") && Catch::Contains("5 ms"));
    const std::string summary = throng::reports::summary_text(run);
    CHECK_THAT(summary, Catch::Contains("warning: throng itself may have skewed this run"));
}
