// The gate's `invalid_if` section: each bound read into the plan, a bad one
// named with what was expected.
#include <catch2/catch.hpp>

#include "support/scenario_parsing.hpp"

using throng::test::errors_of;
using throng::test::parse_plan;
using throng::test::with_steps;

namespace {

constexpr const char* one_step = R"([{"http": {"path": "/"}}])";

}  // namespace

TEST_CASE("gate invalid_if: every bound is read", "[scenario][gate]") {
    const auto plan = parse_plan(with_steps(one_step, R"("gate": {"invalid_if": {
        "send_lag_p99": "20ms", "late_intervals": "25%", "loop_lag_p99": "40ms", "dropped": "1%",
        "worker_busy": "95%", "saturated_intervals": "5%", "errors": "2%", "intervals_below": 8,
        "testbed_differs": false}})"));
    const auto& v = plan.gate.validity;
    CHECK(v.max_send_lag_p99_ms == Approx(20));
    CHECK(v.max_late_share == Approx(0.25));
    CHECK(v.max_loop_lag_p99_ms == Approx(40));
    CHECK(v.max_dropped_share == Approx(0.01));
    CHECK(v.max_worker_busy == Approx(0.95));
    CHECK(v.max_saturated_share == Approx(0.05));
    CHECK(v.max_error_rate == Approx(0.02));
    CHECK(v.min_intervals == 8);
    CHECK_FALSE(v.same_testbed);
}

TEST_CASE("gate invalid_if: defaults, and a share that is not a percentage", "[scenario][gate]") {
    const auto plan = parse_plan(with_steps(one_step));
    CHECK(plan.gate.validity.max_send_lag_p99_ms == Approx(10));
    CHECK(plan.gate.validity.max_late_share == Approx(0.1));

    CHECK_THAT(errors_of(with_steps(one_step, R"("gate": {"invalid_if": {"late_intervals": 3}})")),
               Catch::Contains("`late_intervals` in gate `invalid_if` must be a percentage like \"10%\", got 3"));
}
