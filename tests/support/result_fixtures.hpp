#pragma once
// The result documents the report writers are tested on: the fixtures in
// tests/golden/results (schema version 2) and variants made from them for
// what the fixtures do not show (a version 1 result; two scenarios, an
// interruption and a threshold without data; an inconclusive metric; control
// characters and Markdown's punctuation in names).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace throng::test {

inline std::filesystem::path result_fixture_dir() {
    return std::filesystem::path(THRONG_SOURCE_DIR) / "tests" / "golden" / "results";
}

// "hostile", "improvement", ...: the fixtures' file names without ".json", sorted.
inline std::vector<std::string> result_fixture_names() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(result_fixture_dir()))
        if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

inline nlohmann::json load_result_fixture(const std::string& name) {
    std::ifstream in(result_fixture_dir() / (name + ".json"));
    return nlohmann::json::parse(in);
}

// The "passed" fixture as version 1 wrote it: none of version 2's fields.
inline nlohmann::json version1_result() {
    auto r = load_result_fixture("passed");
    r["schema_version"] = 1;
    for (const char* key : {"verdict", "comparison", "gate", "runs"}) r.erase(key);
    r["scenario"].erase("hash");
    r["run"].erase("testbed");
    for (auto& interval : r["intervals"]) {
        interval.erase("checks");
        interval.erase("cpu");
        for (auto& h : interval["histograms"]) {
            h.erase("requests");
            h.erase("errors");
        }
    }
    return r;
}

// The "regression" fixture split into two scenarios, "browse" (health, item,
// pay) and "checkout" (flaky), interrupted by SIGINT, with thresholds routed
// each way: by a scenario tag (checkout's), by a step only one scenario has
// (health: browse's, failed; flaky: checkout's), without a filter (checks);
// and one that got no data. The fixture's thresholds (latency{kind:api},
// errors, checks) are the models; the observed values are the fixture's.
inline nlohmann::json two_scenario_fixture() {
    auto r = load_result_fixture("regression");
    auto scenario = r["scenarios"][0];
    r["scenarios"] = nlohmann::json::array();
    for (const char* name : {"browse", "checkout"}) {
        scenario["name"] = name;
        r["scenarios"].push_back(scenario);
    }
    for (auto& step : r["steps"]) {
        const std::string owner = step["name"] == "flaky" ? "checkout" : "browse";
        step["scenario"] = owner;
        step["tags"]["scenario"] = owner;
    }
    const auto step_named = [&](const std::string& name) {
        for (const auto& step : r["steps"])
            if (step["name"] == name) return step;
        throw std::runtime_error("the regression fixture has no step " + name);
    };
    const auto threshold_on = [&](const std::string& metric) {
        for (const auto& t : r["thresholds"])
            if (t["metric"] == metric) return t;
        throw std::runtime_error("the regression fixture has no threshold on " + metric);
    };
    auto by_scenario = threshold_on("latency");
    by_scenario["key"] = "latency{scenario:checkout}";
    by_scenario["tags"] = {{"scenario", "checkout"}};
    auto no_data = threshold_on("latency");
    no_data["expression"] = "p(99)<500ms";
    no_data["evaluated"] = false;
    no_data["observed"] = nullptr;
    auto health = threshold_on("latency");
    health["key"] = "latency{step:health}";
    health["tags"] = {{"step", "health"}};
    health["expression"] = "p(99)<0.1ms";
    health["observed"] = step_named("health")["latency_ms"]["p99"];
    health["passed"] = false;
    auto flaky = threshold_on("errors");
    flaky["key"] = "errors{kind:api,step:flaky}";
    flaky["tags"] = {{"kind", "api"}, {"step", "flaky"}};
    flaky["expression"] = "rate<50%";
    flaky["observed"] = step_named("flaky")["errors"]["rate"];
    r["thresholds"] = {by_scenario, no_data, health, flaky, threshold_on("checks")};
    r["passed"] = false;
    r["comparison"]["metrics"][3]["step"] = "flaky";
    r["comparison"]["metrics"][3]["tags"] = {{"step", "flaky"}};
    r["comparison"]["metrics"][3]["key"] = "latency{step:flaky} p95";
    r["run"]["interrupted"] = true;
    r["run"]["interrupt_reason"] = "SIGINT";
    r["verdict"] = "interrupted";
    return r;
}

// The "regression" fixture with one of its regressions judged against a
// tolerance inside its interval, as a gate so configured would have judged
// it: inconclusive. The fixtures, from real runs, have no inconclusive metric.
inline nlohmann::json inconclusive_metric_result() {
    auto r = load_result_fixture("regression");
    auto& metrics = r["comparison"]["metrics"];
    for (auto m = metrics.rbegin(); m != metrics.rend(); ++m) {
        if ((*m)["verdict"] != "regression" || (*m)["tolerance_kind"] != "relative") continue;
        const double low = (*m)["interval"][0], high = (*m)["interval"][1];
        const double tolerance = std::round((low + high) / 2 * 100) / 100;  // a whole percentage
        if (tolerance <= low || tolerance >= high) continue;
        (*m)["tolerance"] = tolerance;
        (*m)["verdict"] = "inconclusive";
        return r;
    }
    throw std::runtime_error(
        "the regression fixture has no relative regression with an interval to put a tolerance in");
}

// The "hostile" fixture with what it lacks: control characters, invalid
// UTF-8, a noncharacter, XML's CDATA end, Markdown's punctuation, line breaks,
// a URL; and a failed threshold, an invalid comparison with such reasons.
inline nlohmann::json unruly_result() {
    auto r = load_result_fixture("hostile");
    const std::string unruly =
        "a|b`c*d_e[f]g~h$i#j\\k\x01l\x1b[31mm\tn\r\no]]>p\xffq\xef\xbf\xbe"
        "r &amp; http://example.com www.example.com 😀";
    r["scenario"]["name"] = "shop " + unruly;
    r["steps"][0]["name"] = unruly;
    r["steps"][0]["group"] = "outer::" + unruly;
    r["thresholds"][0]["key"] = "latency{step:" + unruly + "}";
    r["thresholds"][0]["passed"] = false;
    r["thresholds"][0]["observed"] = 312.4;
    r["comparison"]["verdict"] = "invalid";
    r["comparison"]["invalid_reasons"] = {"baseline " + unruly, "second <reason> & \"quotes\""};
    r["comparison"]["metrics"][1]["key"] = unruly;
    r["comparison"]["metrics"][1]["verdict"] = "inconclusive";
    return r;
}

}  // namespace throng::test
