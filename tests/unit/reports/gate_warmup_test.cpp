// Scenarios warm up on their own schedules: in a second where one warms up
// while another is measured, the warming scenario's steps are marked in the
// interval's histograms, and the gate leaves them out of its samples.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "reports/comparison.hpp"
#include "reports/result_json.hpp"
#include "support/synthetic_runs.hpp"

using nlohmann::json;
using throng::test::synthetic_run;
using throng::test::SyntheticRun;

namespace {

json warmup_test_run(std::uint64_t seed, double scale = 1.0, int errors = 0) {
    SyntheticRun spec;
    spec.seed = seed;
    spec.scale = scale;
    spec.errors_per_interval = errors;
    return throng::reports::result_to_json(synthetic_run(spec));
}

// `run` whose first `seconds` intervals are a run ten times slower with 50
// errors a second, the step marked as warming up (or not) in each.
json with_slow_start(json run, int seconds, bool marked) {
    const json slow = warmup_test_run(99, 10.0, 50);
    for (int i = 0; i < seconds; ++i) {
        json& interval = run["intervals"][static_cast<std::size_t>(i)];
        const json& other = slow["intervals"][static_cast<std::size_t>(i)];
        interval["histograms"] = other["histograms"];
        interval["requests"] = other["requests"];
        interval["errors"] = other["errors"];
        if (marked) interval["histograms"][0]["warmup"] = true;
    }
    return run;
}

json compare_warm(const json& baseline, const json& candidate) {
    throng::reports::ComparisonOptions options;
    options.baseline_label = "main";
    return throng::reports::compare_results(baseline, candidate, options);
}

double metric_change(const json& comparison, const std::string& key) {
    for (const auto& m : comparison["metrics"])
        if (m["key"] == key) return m["change"].get<double>();
    FAIL("no " << key << " in the comparison: " << comparison.dump(2));
    return 0;
}

}  // namespace

TEST_CASE("gate: a step's seconds of warm-up are not samples, though the interval is measured", "[gate][heavy]") {
    const json base = warmup_test_run(1);
    const json candidate = warmup_test_run(2);
    REQUIRE(compare_warm(base, candidate)["verdict"] == "no_change");

    // Six slow, failing seconds of thirty: judged, p95 is far higher ...
    const json judged = compare_warm(base, with_slow_start(candidate, 6, false));
    INFO(judged.dump(2));
    CHECK(metric_change(judged, "latency p95") > 0.5);
    CHECK(judged["verdict"] != "no_change");

    // ... marked as the step's warm-up, they are left out, latency and errors alike.
    const json warm = compare_warm(base, with_slow_start(candidate, 6, true));
    INFO(warm.dump(2));
    CHECK(std::abs(metric_change(warm, "latency p95")) < 0.1);
    CHECK(warm["verdict"] == "no_change");
}
