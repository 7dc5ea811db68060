// The regression gate on runs whose truth the test knows: the same
// distribution (no change), every latency 30% slower (a regression), 30%
// faster (an improvement), and runs that must not be compared at all.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "reports/block_bootstrap.hpp"
#include "reports/comparison.hpp"
#include "reports/false_discovery.hpp"
#include "reports/result_json.hpp"
#include "support/synthetic_runs.hpp"

using nlohmann::json;
using throng::test::synthetic_run;
using throng::test::SyntheticRun;

namespace {

json run_json(const SyntheticRun& spec) { return throng::reports::result_to_json(synthetic_run(spec)); }

json compare(const json& baseline, const json& candidate) {
    throng::reports::ComparisonOptions options;
    options.baseline_label = "main";
    return throng::reports::compare_results(baseline, candidate, options);
}

const json& metric(const json& comparison, const std::string& key) {
    for (const auto& m : comparison["metrics"])
        if (m["key"] == key) return m;
    FAIL("no metric " << key);
    static const json none;
    return none;
}

SyntheticRun with_seed(std::uint64_t seed) {
    SyntheticRun spec;
    spec.seed = seed;
    return spec;
}

}  // namespace

TEST_CASE("gate: the same distribution twice is no change", "[gate][heavy]") {
    const json c = compare(run_json(with_seed(1)), run_json(with_seed(2)));
    INFO(c.dump(2));
    CHECK(c["verdict"] == "no_change");
    for (const char* key : {"latency p50", "latency p95"}) {
        const json& m = metric(c, key);
        CHECK(m["verdict"] == "no_change");
        CHECK(m["interval"][0].get<double>() < 0.0 + 0.1);
        CHECK(m["interval"][0].get<double>() <= m["change"].get<double>());
        CHECK(m["change"].get<double>() <= m["interval"][1].get<double>());
        CHECK(m["unit"] == "ms");
        CHECK(m["judges"] == "service_time");
    }
    CHECK(metric(c, "errors")["tolerance_kind"] == "absolute");
    CHECK(c["invalid_reasons"].empty());
}

TEST_CASE("gate: every latency 30% slower is a regression, 30% faster an improvement", "[gate][heavy]") {
    SyntheticRun slower = with_seed(2);
    slower.scale = 1.3;
    const json base = run_json(with_seed(1));
    const json worse = compare(base, run_json(slower));
    INFO(worse.dump(2));
    CHECK(worse["verdict"] == "regression");
    for (const char* key : {"latency p50", "latency p95"}) {
        const json& m = metric(worse, key);
        CHECK(m["verdict"] == "regression");
        CHECK(m["change"].get<double>() == Approx(0.3).margin(0.1));  // sampling noise in the tail
        CHECK(m["interval"][0].get<double>() > m["tolerance"].get<double>());
        CHECK(m["q_value"].get<double>() < 0.025);
    }
    CHECK_THAT(worse["summary"].get<std::string>(), Catch::StartsWith("regression: latency p50 +") &&
                                                        Catch::Contains("metrics: ") && Catch::Contains(" regression"));

    SyntheticRun faster = with_seed(3);
    faster.scale = 0.7;
    const json better = compare(base, run_json(faster));
    CHECK(better["verdict"] == "improvement");
    CHECK(metric(better, "latency p95")["verdict"] == "improvement");
}

TEST_CASE("gate: a change within the tolerance is never a regression", "[gate][heavy]") {
    SyntheticRun slightly = with_seed(5);
    slightly.scale = 1.05;  // under the default +10% of p50 and p95
    const json c = compare(run_json(with_seed(4)), run_json(slightly));
    INFO(c.dump(2));
    CHECK(c["verdict"] != "regression");
    CHECK(metric(c, "latency p50")["verdict"] != "regression");
}

TEST_CASE("gate: the same inputs give the same comparison", "[gate][heavy]") {
    SyntheticRun b = with_seed(7);
    b.scale = 1.1;
    const json base = run_json(with_seed(6)), candidate = run_json(b);
    CHECK(compare(base, candidate) == compare(base, candidate));
}

TEST_CASE("gate: runs that cannot be trusted or compared make it invalid, saying why", "[gate][heavy]") {
    const json base = run_json(with_seed(1));
    auto reasons = [&](const json& candidate) {
        const json c = compare(base, candidate);
        CHECK(c["verdict"] == "invalid");
        CHECK(c["metrics"].empty());
        std::string all;
        for (const auto& r : c["invalid_reasons"]) all += r.get<std::string>() + "\n";
        return all;
    };
    json interrupted = run_json(with_seed(2));
    interrupted["run"]["interrupted"] = true;
    interrupted["run"]["interrupt_reason"] = "SIGINT";
    CHECK_THAT(reasons(interrupted), Catch::Contains("candidate: the run was interrupted (SIGINT)"));

    SyntheticRun short_run = with_seed(2);
    short_run.intervals = 3;
    CHECK_THAT(reasons(run_json(short_run)), Catch::Contains("candidate: only 3 measured interval(s)"));

    SyntheticRun saturated = with_seed(2);
    saturated.busiest_worker = 0.97;
    CHECK_THAT(reasons(run_json(saturated)), Catch::Contains("saturated") && Catch::Contains("in 30 of 30 intervals"));

    SyntheticRun failing = with_seed(2);
    failing.errors_per_interval = 100;  // a third of the requests
    CHECK_THAT(reasons(run_json(failing)), Catch::Contains("of the requests failed"));

    json other_scenario = run_json(with_seed(2));
    other_scenario["scenario"]["hash"] = "0123456789abcdef";
    CHECK_THAT(reasons(other_scenario), Catch::Contains("the scenarios differ"));

    json other_machine = run_json(with_seed(2));
    other_machine["run"]["testbed"]["cpu_model"] = "Another CPU";
    CHECK_THAT(reasons(other_machine), Catch::Contains("testbed differs in cpu_model"));

    json late = run_json(with_seed(2));
    late["open_model"] = true;
    json base_open = base;
    base_open["open_model"] = true;
    late["send_lag_ms"] = {{"p99", 25.0}};
    late["iterations"]["dropped"] = 40;
    const json c = compare(base_open, late);
    std::string all;
    for (const auto& r : c["invalid_reasons"]) all += r.get<std::string>() + "\n";
    CHECK_THAT(all, Catch::Contains("send lag p99 25 ms"));
    CHECK_THAT(all, Catch::Contains("40 of 6.04e+03 due iterations were dropped"));
}

TEST_CASE("gate: a kernel update is worth a note, not a refusal", "[gate][heavy]") {
    json candidate = run_json(with_seed(2));
    candidate["run"]["testbed"]["kernel"] = "6.2.0";
    const json c = compare(run_json(with_seed(1)), candidate);
    CHECK(c["verdict"] != "invalid");
    REQUIRE(c["warnings"].size() == 1);
    CHECK_THAT(c["warnings"][0].get<std::string>(), Catch::Contains("kernel"));
}

TEST_CASE("gate: the candidate's own gate rules choose the metrics and tolerances", "[gate][heavy]") {
    SyntheticRun slower = with_seed(2);
    slower.scale = 1.3;
    json candidate = run_json(slower);
    candidate["gate"]["metrics"] = json::array({{{"key", "latency{step:item} p99"},
                                                 {"metric", "latency"},
                                                 {"statistic", "p99"},
                                                 {"tags", {{"step", "item"}}},
                                                 {"tolerance", 0.5},
                                                 {"percentile", 99.0},
                                                 {"judges", "automatic"}}});
    const json c = compare(run_json(with_seed(1)), candidate);
    INFO(c.dump(2));
    REQUIRE(c["metrics"].size() == 1);
    CHECK(c["metrics"][0]["key"] == "latency{step:item} p99");
    CHECK(c["metrics"][0]["step"] == "item");
    CHECK(c["metrics"][0]["verdict"] != "regression");  // +30% is within +50%
}

TEST_CASE("gate: several runs per side widen the interval by the spread between runs", "[gate][heavy]") {
    // Three baseline runs whose medians differ by ±10% from run to run: the
    // spread within each run says little about that.
    throng::test::SyntheticRun spec = with_seed(11);
    std::vector<throng::core::RunResult> runs;
    for (int r = 0; r < 3; ++r) {
        spec.seed = 11 + static_cast<std::uint64_t>(r);
        spec.scale = 1.0 + 0.1 * (r - 1);
        spec.started_at_epoch_s = 1'800'000'000 + 100.0 * r;
        runs.push_back(synthetic_run(spec));
    }
    throng::core::RunResult pooled = runs[0];
    pooled.runs.clear();
    json three = throng::reports::result_to_json(pooled);
    // The same intervals as one run and as three runs.
    json as_one = three, as_three = three;
    as_one["intervals"] = json::array();
    for (const auto& r : runs) {
        const json written = throng::reports::result_to_json(r);
        for (const auto& iv : written["intervals"]) as_one["intervals"].push_back(iv);
    }
    as_three["intervals"] = as_one["intervals"];
    as_one["runs"] = json::array({{{"started_at", ""},
                                   {"started_at_epoch_s", 0.0},
                                   {"duration_s", 90.0},
                                   {"first_interval", 0},
                                   {"intervals", 90}}});
    as_three["runs"] = json::array();
    for (int r = 0; r < 3; ++r)
        as_three["runs"].push_back({{"started_at", ""},
                                    {"started_at_epoch_s", 0.0},
                                    {"duration_s", 30.0},
                                    {"first_interval", 30 * r},
                                    {"intervals", 30}});
    const json candidate = run_json(with_seed(20));
    const auto width = [&](const json& baseline) {
        const json c = compare(baseline, candidate);
        INFO(c["invalid_reasons"].dump());
        const json& m = metric(c, "latency p50");
        return m["interval"][1].get<double>() - m["interval"][0].get<double>();
    };
    CHECK(width(as_three) > 1.5 * width(as_one));
}

TEST_CASE("gate: Benjamini-Hochberg q-values", "[gate]") {
    // Worked by hand: m = 4, sorted p = 0.01, 0.02, 0.03, 0.5 -> p*m/rank = 0.04, 0.04, 0.04, 0.5.
    const auto q = throng::reports::gate::benjamini_hochberg({0.03, 0.5, 0.01, 0.02});
    REQUIRE(q.size() == 4);
    CHECK(q[0] == Approx(0.04));
    CHECK(q[1] == Approx(0.5));
    CHECK(q[2] == Approx(0.04));
    CHECK(q[3] == Approx(0.04));
    CHECK(throng::reports::gate::benjamini_hochberg({}).empty());
}

TEST_CASE("gate: block lengths grow with the cube root of the intervals", "[gate]") {
    using throng::reports::gate::block_length;
    CHECK(block_length(0) == 1);
    CHECK(block_length(1) == 1);
    CHECK(block_length(8) == 2);
    CHECK(block_length(27) == 3);
    CHECK(block_length(600) == 8);
    // A resample draws as many runs as the side has (an empty one never),
    // each as many intervals as it has.
    throng::reports::gate::BlockResampler resampler({10, 0, 7}, 42);
    for (int b = 0; b < 20; ++b) {
        std::size_t drawn = 0;
        resampler.draw([&](std::size_t run, std::size_t interval) {
            CHECK(run != 1);
            CHECK(interval < (run == 0 ? 10u : 7u));
            ++drawn;
        });
        CHECK((drawn == 14 || drawn == 17 || drawn == 20));
    }
    throng::reports::gate::BlockResampler one({5}, 1);
    std::size_t drawn = 0;
    one.draw([&](std::size_t, std::size_t) { ++drawn; });
    CHECK(drawn == 5);
}
