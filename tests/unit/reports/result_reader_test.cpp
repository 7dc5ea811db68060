// result.json read back into a RunResult and written again is the same
// document: `throng report` and `throng merge` lose nothing.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "reports/result_json.hpp"
#include "reports/result_reader.hpp"
#include "reports/thresholds.hpp"
#include "report_samples.hpp"
#include "scenarios/threshold_parser.hpp"
#include "support/synthetic_runs.hpp"

using nlohmann::json;

namespace {

throng::core::RunResult read(const json& document) {
    return throng::reports::result_from_json(document, [](const std::string& key, const std::string& expression) {
        return throng::scenarios::parse_threshold_expression(key, expression);
    });
}

}  // namespace

TEST_CASE("a result read back and written again is the same document", "[result][reader][heavy]") {
    throng::core::RunResult run = throng::test::two_scenario_result();
    run.thresholds = throng::reports::evaluate_thresholds(
        {throng::scenarios::parse_threshold_expression("latency{scenario:browse}", "p(95)<50ms"),
         throng::scenarios::parse_threshold_expression("errors", "rate<1%")},
        run);
    for (const auto& sample : {run, throng::test::synthetic_run({}), throng::test::single_scenario_result()}) {
        const json written = throng::reports::result_to_json(sample);
        const json again = throng::reports::result_to_json(read(written));
        INFO(json::diff(written, again).dump(1));
        CHECK(again == written);
    }
}

TEST_CASE("reading refuses what it cannot read, saying why", "[result][reader]") {
    CHECK_THROWS_WITH(read(json{{"name", "x"}}), Catch::Contains("not a throng result"));
    json future = throng::reports::result_to_json(throng::test::synthetic_run({}));
    future["schema_version"] = 99;
    CHECK_THROWS_WITH(read(future), Catch::Contains("newer throng") && Catch::Contains("upgrade"));
    json broken = throng::reports::result_to_json(throng::test::synthetic_run({}));
    broken["steps"][0]["histograms"]["service_time"] = "HISTFAAAnonsense";
    CHECK_THROWS_WITH(read(broken), Catch::Contains("malformed result"));
}

TEST_CASE("a version-1 result is still read", "[result][reader]") {
    json old = throng::reports::result_to_json(throng::test::single_scenario_result());
    old["schema_version"] = 1;
    for (const char* key : {"runs", "gate", "verdict"}) old.erase(key);
    old["scenario"].erase("hash");
    old["run"].erase("testbed");
    for (auto& iv : old["intervals"]) {
        iv.erase("checks");
        iv.erase("cpu");
    }
    const auto result = read(old);
    CHECK(result.steps.size() == 2);
    CHECK(result.total.requests == 150);
    CHECK(result.gate.metrics.size() == throng::core::default_gate_metrics(false).size());
}

TEST_CASE("an error class this build does not declare keeps its name through a read", "[result][reader]") {
    json written = throng::reports::result_to_json(throng::test::single_scenario_result());
    written["steps"][0]["errors"]["by_class"]["mq_nack"] = 3;
    written["total"]["errors"]["by_class"]["mq_nack"] = 3;
    const throng::core::RunResult result = read(written);
    const auto nack = throng::core::ErrorClass::declare("mq_nack");
    CHECK(result.steps[0].errors[nack.index()] == 3);
    CHECK(throng::reports::result_to_json(result)["steps"][0]["errors"]["by_class"]["mq_nack"] == 3);

    // What cannot be a class's name is counted as `other`, not declared.
    json odd = throng::reports::result_to_json(throng::test::single_scenario_result());
    odd["steps"][0]["errors"]["by_class"] = {{"", 1}, {"none", 2}, {"Bad Name", 4}};
    const auto other = read(odd).steps[0].errors[throng::core::ErrorClass::other.index()];
    CHECK(other == 7);
}

TEST_CASE("request phases and run warnings are written and read back", "[result][reader]") {
    throng::core::RunResult run = throng::test::single_scenario_result();
    auto& phases = run.steps[0].phases.emplace();
    throng::core::PhaseTimes first_request;
    first_request[throng::core::Phase::connect] = 150'000;
    first_request[throng::core::Phase::tls_handshake] = 900'000;
    first_request[throng::core::Phase::waiting] = 2'000'000;
    throng::core::PhaseTimes kept_alive;
    kept_alive[throng::core::Phase::waiting] = 3'000'000;
    phases.record(first_request);
    phases.record(kept_alive);
    run.total.merge(run.steps[0]);
    run.warnings = {"TLS certificates are not verified"};
    const json written = throng::reports::result_to_json(run);
    CHECK(written["steps"][0]["phases_ms"]["connect"]["count"] == 1);
    CHECK(written["steps"][0]["phases_ms"]["waiting"]["count"] == 2);
    CHECK_FALSE(written["steps"][0]["phases_ms"].contains("sending"));  // never happened: left out
    CHECK(written["run"]["warnings"] == json::array({"TLS certificates are not verified"}));
    const auto again = read(written);
    REQUIRE(again.steps[0].phases);
    CHECK((*again.steps[0].phases)[throng::core::Phase::tls_handshake].count() == 1);
    CHECK(throng::reports::result_to_json(again) == written);
}
