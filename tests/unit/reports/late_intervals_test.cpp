// An open model's generator that stalls for a moment starts that second's
// iterations late, and their corrected response times measure the stall, not
// the target. The gate leaves such seconds out and distrusts a run only when
// too many of them were late. Iterations that start late because every VU was
// busy are the target's doing: those seconds are judged.
#include <catch2/catch.hpp>

#include <cmath>

#include <nlohmann/json.hpp>

#include "reports/comparison.hpp"
#include "reports/result_json.hpp"
#include "support/synthetic_runs.hpp"

using nlohmann::json;
using throng::test::synthetic_run;
using throng::test::SyntheticRun;

namespace {

// A synthetic run as an open model's result: response time judged (here equal
// to service time), each interval's send lag 1 ms.
json open_model_result(const SyntheticRun& spec) {
    json r = throng::reports::result_to_json(synthetic_run(spec));
    r["open_model"] = true;
    r["send_lag_ms"] = {{"p99", 1.0}, {"max", 2.0}};
    for (json& interval : r["intervals"]) {
        interval["send_lag_ms"] = {{"p99", 1.0}, {"max", 2.0}};
        for (json& h : interval["histograms"]) h["response_time"] = h["service_time"];
    }
    return r;
}

json open_model_run(std::uint64_t seed, double scale = 1.0) {
    SyntheticRun spec;
    spec.seed = seed;
    spec.scale = scale;
    return open_model_result(spec);
}

enum class LateCause { target_slow, vus_busy, generator_stalled };

// `run` with the intervals `which` replaced by a run ten times slower's: the
// target was slow, the iterations also waited for a free VU (send lag p99
// 150 ms), or the generator stalled (that send lag and a worker's event loop
// waking 140 ms late).
json with_slow_intervals(json run, const std::vector<int>& which, LateCause why) {
    const json slow = open_model_run(99, 10.0);
    for (int i : which) {
        json& interval = run["intervals"][static_cast<std::size_t>(i)];
        interval["histograms"] = slow["intervals"][static_cast<std::size_t>(i)]["histograms"];
        if (why != LateCause::target_slow) {
            interval["send_lag_ms"] = {{"p99", 150.0}, {"max", 180.0}};
            run["send_lag_ms"] = {{"p99", 150.0}, {"max", 180.0}};  // the whole run's too
        }
        if (why == LateCause::generator_stalled) interval["loop_lag_ms"] = {{"p99", 2.0}, {"max", 140.0}};
    }
    return run;
}

json compare_open(const json& baseline, const json& candidate) {
    throng::reports::ComparisonOptions options;
    options.baseline_label = "main";
    return throng::reports::compare_results(baseline, candidate, options);
}

// The p95 change the comparison found (0.1: 10% slower).
double p95_change(const json& comparison) {
    for (const auto& m : comparison["metrics"])
        if (m["key"] == "latency p95") return m["change"].get<double>();
    FAIL("no p95 in the comparison");
    return 0;
}

std::string joined_text(const json& lines) {
    std::string all;
    for (const auto& line : lines) all += line.get<std::string>() + "\n";
    return all;
}

}  // namespace

TEST_CASE("gate: seconds the generator started late are left out, not judged", "[gate][heavy]") {
    const json base = open_model_run(1);
    const json candidate = open_model_run(2);
    REQUIRE(compare_open(base, candidate)["verdict"] == "no_change");

    // Two seconds of thirty ten times slower: when the generator kept up in
    // them, they are the target's, and p95 is far higher (two seconds are
    // too few for the bootstrap to call it a regression: inconclusive) ...
    const json slow_target = compare_open(base, with_slow_intervals(candidate, {7, 19}, LateCause::target_slow));
    INFO(slow_target.dump(2));
    CHECK(p95_change(slow_target) > 0.5);
    CHECK(slow_target["verdict"] != "no_change");

    // ... as when their iterations waited for a free VU, which is said ...
    const json busy = compare_open(base, with_slow_intervals(candidate, {7, 19}, LateCause::vus_busy));
    INFO(busy.dump(2));
    CHECK(p95_change(busy) > 0.5);
    CHECK(busy["verdict"] != "no_change");
    CHECK_THAT(joined_text(busy["warnings"]), Catch::Contains("candidate: iterations waited for a free VU in 2 of 30 "
                                                              "intervals (send lag p99 over 10 ms)"));

    // ... but when the generator stalled, they measured its stall: left out, and said so.
    const json stalled = compare_open(base, with_slow_intervals(candidate, {7, 19}, LateCause::generator_stalled));
    INFO(stalled.dump(2));
    CHECK(std::abs(p95_change(stalled)) < 0.1);
    CHECK(stalled["verdict"] == "no_change");
    CHECK(stalled["invalid_reasons"].empty());
    CHECK_THAT(joined_text(stalled["warnings"]),
               Catch::Contains("candidate: the generator's event loop stalled in 2 of 30 intervals (send lag p99 and "
                               "loop lag over 10 ms): their latencies measured the stall, and are left out"));
}

TEST_CASE("gate: a run whose generator was late in more than 10% of its seconds is not trusted", "[gate][heavy]") {
    const json base = open_model_run(1);
    json late = with_slow_intervals(open_model_run(2), {3, 4, 5}, LateCause::generator_stalled);
    late = with_slow_intervals(late, {6}, LateCause::vus_busy);
    const json c = compare_open(base, late);
    INFO(c.dump(2));
    CHECK(c["verdict"] == "invalid");
    CHECK(c["metrics"].empty());
    CHECK_THAT(joined_text(c["invalid_reasons"]),
               Catch::Contains("candidate: the generator started iterations late (send lag p99 over 10 ms, up to "
                               "150 ms) in 4 of 30 intervals (at most 10.0% of them may be): 3 because its event "
                               "loop stalled, 1 waiting for a free VU"));

    // The scenario's gate may allow more: the stalled seconds are left out,
    // the slow one judged (one second in thirty ten times slower moves p95).
    json allowed = late;
    allowed["gate"]["invalid_if"]["late_share"] = 0.2;
    const json judged = compare_open(base, allowed);
    INFO(judged.dump(2));
    CHECK(judged["verdict"] != "invalid");
    CHECK(judged["warnings"].size() == 2);
}

TEST_CASE("gate: too few seconds left once the late ones are out is too short to judge", "[gate]") {
    SyntheticRun spec;
    spec.intervals = 6;
    const auto short_run = [&](std::uint64_t seed) {
        spec.seed = seed;
        return open_model_result(spec);
    };
    json late = short_run(2);
    for (std::size_t i : {0, 3}) {
        late["intervals"][i]["send_lag_ms"] = {{"p99", 40.0}, {"max", 40.0}};
        late["intervals"][i]["loop_lag_ms"] = {{"p99", 1.0}, {"max", 35.0}};
    }
    late["send_lag_ms"] = {{"p99", 40.0}, {"max", 40.0}};
    late["gate"]["invalid_if"]["late_share"] = 0.5;  // two of six late is allowed, but four seconds are too few
    const json c = compare_open(short_run(1), late);
    CHECK(c["verdict"] == "invalid");
    CHECK_THAT(joined_text(c["invalid_reasons"]),
               Catch::Contains("candidate: only 4 measured interval(s) of about 1 s the generator did not stall in; "
                               "at least 5"));
}

TEST_CASE("gate: a late second in a run whose send lag p99 is within the bound is left out, not a refusal", "[gate]") {
    // 40 iterations a second: one iteration 10.6 ms late makes that second's
    // p99, while the run's p99 is 2 ms (seen in CI: 1 of 7 seconds).
    SyntheticRun spec;
    spec.intervals = 7;
    spec.per_interval = 40;
    const auto short_run = [&](std::uint64_t seed) {
        spec.seed = seed;
        json r = open_model_result(spec);
        r["send_lag_ms"] = {{"p99", 2.0}, {"max", 10.6}};
        return r;
    };
    json base = short_run(1);
    base["intervals"][3]["send_lag_ms"] = {{"p99", 10.6}, {"max", 10.6}};
    base["intervals"][3]["loop_lag_ms"] = {{"p99", 1.0}, {"max", 10.5}};
    const json c = compare_open(base, short_run(2));
    INFO(c.dump(2));
    CHECK(c["verdict"] != "invalid");
    CHECK_THAT(joined_text(c["warnings"]), Catch::Contains("baseline: the generator's event loop stalled in 1 of 7 "
                                                           "intervals"));
}
