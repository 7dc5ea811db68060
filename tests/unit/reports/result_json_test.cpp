#include "reports/result_json.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "report_samples.hpp"
#include "support/json_schema.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using throng::reports::result_to_json;

namespace {

const std::filesystem::path schema = std::filesystem::path(THRONG_SOURCE_DIR) / "reports" / "result.schema.json";

// Whether python3-jsonschema accepts the document; the reason otherwise.
bool valid(const json& document, std::string& why) {
    throng::test::TempDir dir;
    const auto file = dir.write("result.json", document.dump(2));
    return throng::test::validates_against(schema, file, why);
}

}  // namespace

TEST_CASE("steps name their scenario, group and tags; the total does not", "[reports][result_json]") {
    const json j = result_to_json(throng::test::two_scenario_result());
    const auto& pay = j["steps"][2];
    CHECK(pay["name"] == "pay");
    CHECK(pay["scenario"] == "browse");
    CHECK(pay["group"] == "checkout::payment");
    CHECK(pay["tags"] == json{{"step", "pay"},
                              {"scenario", "browse"},
                              {"flow", "default"},
                              {"group", "checkout::payment"},
                              {"kind", "api"}});
    CHECK_FALSE(j["steps"][0].contains("group"));  // home is in no group
    CHECK(j["steps"][3]["scenario"] == "api");
    CHECK_FALSE(j["total"].contains("scenario"));
    CHECK_FALSE(j["total"].contains("tags"));
    CHECK(j["total"]["requests"] == 460);  // setup and teardown are not in it
}

TEST_CASE("scenarios, checks, setup and teardown are reported", "[reports][result_json]") {
    const json j = result_to_json(throng::test::two_scenario_result());
    REQUIRE(j["scenarios"].size() == 2);
    CHECK(j["scenarios"][1] == json{{"name", "api"},
                                    {"executor", "constant-arrival-rate"},
                                    {"start_s", 2.5},
                                    {"max_vus", 5},
                                    {"open_model", true},
                                    {"iterations", {{"completed", 300}, {"interrupted", 0}, {"dropped", 4}}}});
    REQUIRE(j["checks"].size() == 3);
    const auto& home = j["checks"][0];
    CHECK(home["name"] == "status is 200");
    CHECK(home["step"] == "home");
    CHECK(home["scenario"] == "browse");
    CHECK(home["tags"]["check"] == "status is 200");
    CHECK(home["passes"] == 99);
    CHECK(home["fails"] == 1);
    CHECK(home["pass_rate"].get<double>() == Approx(0.99));
    CHECK(j["checks"][2]["pass_rate"].is_null());  // never ran

    REQUIRE(j["setup"].size() == 1);
    CHECK(j["setup"][0]["name"] == "login");
    CHECK(j["setup"][0]["requests"] == 1);
    CHECK(j["setup"][0]["throughput_rps"] == 0);
    CHECK(j["setup"][0].contains("histograms"));
    CHECK(j["teardown"][0]["name"] == "logout");
    CHECK(j["aborted_by_threshold"] == true);
    CHECK(j["run"]["executor"] == "scenarios");
}

TEST_CASE("thresholds show their tag filter and whether they abort", "[reports][result_json]") {
    const json j = result_to_json(throng::test::two_scenario_result());
    REQUIRE(j["thresholds"].size() == 3);
    const auto& latency = j["thresholds"][0];
    CHECK(latency["tags"] == json{{"step", "pay"}});
    CHECK_FALSE(latency.contains("step"));
    CHECK(latency["abort_on_fail"] == true);
    CHECK(latency["abort_delay_s"] == 5.0);
    CHECK(latency["observed"].get<double>() == Approx(100));  // ms
    CHECK(latency["judges"] == "service_time");
    const auto& checks = j["thresholds"][1];
    CHECK(checks["metric"] == "checks");
    CHECK(checks["unit"] == "ratio");
    CHECK(checks["tags"] == json::object());
    CHECK(checks["abort_on_fail"] == false);
    CHECK_FALSE(checks.contains("abort_delay_s"));
    const auto& iterations = j["thresholds"][2];
    CHECK(iterations["metric"] == "iterations");
    CHECK(iterations["key"] == "iterations{scenario:api}");  // built in code: made from the filter
    CHECK(iterations["observed"].is_null());
    CHECK(iterations["unit"] == "count");
}

TEST_CASE("results validate against reports/result.schema.json", "[reports][result_json][schema]") {
    std::string why;
    const bool several_valid = valid(result_to_json(throng::test::two_scenario_result()), why);
    INFO(why);
    CHECK(several_valid);

    auto open = throng::test::single_scenario_result();
    open.open_model = true;
    open.executor = "constant-arrival-rate";
    open.scenarios[0].executor = "constant-arrival-rate";
    open.send_lag.record(100'000);
    for (auto& s : open.steps) s.response_time.record(2'000'000);
    open.interrupted = true;
    open.interrupt_reason = "SIGINT";
    const bool open_valid = valid(result_to_json(open), why);
    INFO(why);
    CHECK(open_valid);
}

TEST_CASE("the schema rejects what result.json never holds", "[reports][result_json][schema]") {
    std::string why;
    json j = result_to_json(throng::test::two_scenario_result());
    json old_threshold = j;
    old_threshold["thresholds"][0]["step"] = "pay";  // replaced by tags
    CHECK_FALSE(valid(old_threshold, why));
    json no_tags = j;
    no_tags["steps"][0].erase("tags");
    CHECK_FALSE(valid(no_tags, why));
    json odd_reason = j;
    odd_reason["run"]["interrupt_reason"] = "bored";
    CHECK_FALSE(valid(odd_reason, why));
    json bad_rate = j;
    bad_rate["checks"][0]["pass_rate"] = 1.5;
    CHECK_FALSE(valid(bad_rate, why));
}
