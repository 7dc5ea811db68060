#include <catch2/catch.hpp>

#include "reports/thresholds.hpp"

using throng::core::RunResult;
using throng::core::Threshold;
using throng::reports::evaluate_thresholds;
using throng::reports::format_observed;

namespace {
RunResult sample_result() {
    RunResult r;
    r.duration_s = 10;
    r.steps.resize(2);
    r.steps[0].name = "fast";
    r.steps[1].name = "slow";
    for (int i = 1; i <= 100; ++i) r.steps[0].latency.record(i * 1'000'000LL);       // 1..100 ms
    for (int i = 1; i <= 100; ++i) r.steps[1].latency.record(i * 10'000'000LL);      // 10..1000 ms
    r.steps[0].requests = 100;
    r.steps[1].requests = 100;
    r.steps[1].errors[static_cast<std::size_t>(throng::core::ErrorClass::http_5xx)] = 3;
    for (const auto& s : r.steps) r.total.merge(s);
    return r;
}

Threshold latency(std::string step, double pct, Threshold::Op op, double bound_ms) {
    Threshold t;
    t.metric = Threshold::Metric::latency;
    t.step = std::move(step);
    t.aggregate = Threshold::Aggregate::percentile;
    t.percentile = pct;
    t.op = op;
    t.bound = bound_ms * 1e6;
    return t;
}
}  // namespace

TEST_CASE("latency thresholds on a step and on all requests", "[reports][thresholds]") {
    const auto r = sample_result();
    const auto results = evaluate_thresholds({latency("fast", 95, Threshold::Op::lt, 100),
                                              latency("slow", 95, Threshold::Op::lt, 100),
                                              latency("", 50, Threshold::Op::le, 100)},
                                             r);
    REQUIRE(results.size() == 3);
    CHECK(results[0].passed);
    CHECK(results[0].observed == Approx(95e6).epsilon(1e-3));
    CHECK_FALSE(results[1].passed);
    CHECK(results[1].observed == Approx(950e6).epsilon(1e-3));
    CHECK(results[2].passed);  // the median of all 200 is 100 ms
    CHECK(format_observed(results[0]).find("ms") != std::string::npos);
}

TEST_CASE("error rate, request rate and counts", "[reports][thresholds]") {
    const auto r = sample_result();
    Threshold errors;
    errors.metric = Threshold::Metric::errors;
    errors.aggregate = Threshold::Aggregate::rate;
    errors.op = Threshold::Op::lt;
    errors.bound = 0.01;
    Threshold slow_errors = errors;
    slow_errors.step = "fast";
    Threshold rate;
    rate.metric = Threshold::Metric::requests;
    rate.aggregate = Threshold::Aggregate::rate;
    rate.op = Threshold::Op::ge;
    rate.bound = 20;
    Threshold count = rate;
    count.aggregate = Threshold::Aggregate::count;
    count.op = Threshold::Op::gt;
    count.bound = 200;

    const auto results = evaluate_thresholds({errors, slow_errors, rate, count}, r);
    CHECK_FALSE(results[0].passed);  // 3 of 200 = 1.5%
    CHECK(results[0].observed == Approx(0.015));
    CHECK(format_observed(results[0]) == "1.50%");
    CHECK(results[1].passed);  // the fast step had none
    CHECK(results[2].passed);  // 200 requests in 10 s = 20/s
    CHECK(results[2].observed == Approx(20));
    CHECK_FALSE(results[3].passed);  // 200 is not > 200
}

TEST_CASE("a threshold without data fails rather than passes", "[reports][thresholds]") {
    RunResult empty;
    empty.steps.resize(1);
    empty.steps[0].name = "never";
    const auto results = evaluate_thresholds({latency("never", 99, Threshold::Op::lt, 1000),
                                              latency("missing", 99, Threshold::Op::lt, 1000)},
                                             empty);
    CHECK_FALSE(results[0].evaluated);
    CHECK_FALSE(results[0].passed);
    CHECK_FALSE(results[1].passed);
    CHECK(format_observed(results[0]) == "no data");
}

TEST_CASE("latency thresholds judge the corrected response time in open models", "[reports][thresholds]") {
    RunResult r;
    r.duration_s = 1;
    r.steps.resize(1);
    r.steps[0].name = "s";
    for (int i = 0; i < 100; ++i) {
        r.steps[0].latency.record(1'000'000);          // 1 ms on the wire
        r.steps[0].response_time.record(500'000'000);  // 500 ms from the intended start
    }
    r.total.merge(r.steps[0]);
    auto latency = [](Threshold::Timing timing) {
        Threshold t;
        t.metric = Threshold::Metric::latency;
        t.timing = timing;
        t.percentile = 99;
        t.op = Threshold::Op::lt;
        t.bound = 100e6;  // 100 ms
        return t;
    };
    const std::vector<Threshold> all = {latency(Threshold::Timing::automatic), latency(Threshold::Timing::service_time),
                                        latency(Threshold::Timing::response_time)};
    r.open_model = true;
    auto open = evaluate_thresholds(all, r);
    CHECK_FALSE(open[0].passed);  // automatic = response time: 500 ms
    CHECK(open[1].passed);
    CHECK_FALSE(open[2].passed);
    r.open_model = false;
    auto closed = evaluate_thresholds(all, r);
    CHECK(closed[0].passed);  // automatic = service time: 1 ms
    CHECK(closed[1].passed);
    CHECK_FALSE(closed[2].passed);
}
