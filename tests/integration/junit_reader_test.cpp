// The JUnit writer read back by an independent parser: junitparser (Debian's
// python3-junitparser, through tests/support/read_junit.py) reads the XML of
// several results, and what it finds is checked field by field against the
// result the XML was made from: every threshold and gate metric is a case in
// the suite of its scenario, with the right outcome and message, and the
// counts the XML declares agree with the cases the parser found.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "reports/junit_report.hpp"
#include "reports/report_values.hpp"
#include "support/process.hpp"
#include "support/result_fixtures.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
namespace values = throng::reports::values;

namespace {

// Debian's interpreter, where python3-junitparser is installed (a python3
// earlier on PATH, e.g. pyenv's, would not have it).
const fs::path python = "/usr/bin/python3";
const fs::path reader = fs::path(THRONG_SOURCE_DIR) / "tests" / "support" / "read_junit.py";

// What junitparser reads from the JUnit XML of `result`.
json read_back(const json& result) {
    if (!fs::exists(python)) FAIL(python.string() << " is missing: run scripts/install-deps.sh --tests");
    throng::test::TempDir dir;
    const auto file = dir.write("junit.xml", throng::reports::junit_report(result));
    const auto r = throng::test::run_process({python.string(), reader.string(), file.string()}, dir.path());
    if (r.exit_code == 3) FAIL("python3-junitparser is missing: run scripts/install-deps.sh --tests\n" << r.err);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

// What XML 1.0 can carry of the unruly names (tests/support/result_fixtures.hpp):
// control characters and U+FFFE are dropped, an invalid byte becomes U+FFFD.
std::string as_xml_carries(std::string text) {
    for (const std::string dropped : {"\x01", "\x1b", "\xef\xbf\xbe"})
        for (std::size_t at; (at = text.find(dropped)) != std::string::npos;) text.erase(at, dropped.size());
    for (std::size_t at; (at = text.find('\xff')) != std::string::npos;) text.replace(at, 1, "\xEF\xBF\xBD");
    return text;
}

std::string text_of(const json& object, const char* key) {
    return object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : "";
}

// A case the result calls for.
struct Expected {
    std::string scenario;  // whose suite it belongs in
    std::string name;
    std::string kind;    // thresholds, gate, run: the classname's last part
    std::string result;  // failure, error, skipped, passed
    std::string message;
    std::string system_out;
};

// The scenario a filter names: a scenario tag, else the scenario of the
// named step if only one has it, else the first (the whole run).
std::string scenario_for(const json& result, const std::string& scenario, const std::string& step) {
    for (const auto& s : result["scenarios"])
        if (!scenario.empty() && text_of(s, "name") == scenario) return scenario;
    std::set<std::string> owners;
    for (const auto& s : result["steps"])
        if (!step.empty() && text_of(s, "name") == step) owners.insert(text_of(s, "scenario"));
    return owners.size() == 1 ? *owners.begin() : text_of(result["scenarios"][0], "name");
}

std::vector<Expected> expected_cases(const json& r) {
    std::vector<Expected> cases;
    const std::string first = text_of(r["scenarios"][0], "name");
    if (!text_of(r, "setup_error").empty())
        cases.push_back({first, "setup", "run", "error", "setup failed: " + text_of(r, "setup_error"), ""});
    if (r["run"].value("interrupted", false) && !r.value("aborted_by_threshold", false))
        cases.push_back({first, "run", "run", "error", "interrupted: " + text_of(r["run"], "interrupt_reason"), ""});
    for (const auto& t : r["thresholds"]) {
        const std::string scenario = scenario_for(r, text_of(t["tags"], "scenario"), text_of(t["tags"], "step"));
        const std::string name = text_of(t, "key") + " " + text_of(t, "expression");
        const std::string outcome = text_of(t, "expression") + ": observed " + values::observed(t);
        if (!t["evaluated"].get<bool>())
            cases.push_back({scenario, name, "thresholds", "skipped", "no data", ""});
        else if (t["passed"].get<bool>())
            cases.push_back({scenario, name, "thresholds", "passed", "", outcome});
        else
            cases.push_back({scenario, name, "thresholds", "failure", outcome, ""});
    }
    if (!r.contains("comparison")) return cases;
    const json& comparison = r["comparison"];
    for (const auto& m : comparison["metrics"]) {
        const std::string scenario = scenario_for(r, "", m["step"].is_string() ? m["step"].get<std::string>() : "");
        const std::string verdict = text_of(m, "verdict");
        const std::string outcome = values::metric_outcome(m, comparison);
        // What a reader needs to judge a regression: the change, its interval, the tolerance.
        CHECK(outcome.find(values::change(m)) != std::string::npos);
        CHECK(outcome.find(values::interval(m)) != std::string::npos);
        CHECK(outcome.find("tolerance " + values::tolerance(m)) != std::string::npos);
        if (verdict == "regression")
            cases.push_back({scenario, text_of(m, "key"), "gate", "failure", "regression: " + outcome, ""});
        else if (verdict == "inconclusive")
            cases.push_back({scenario, text_of(m, "key"), "gate", "skipped", "inconclusive: " + outcome, ""});
        else
            cases.push_back({scenario, text_of(m, "key"), "gate", "passed", "",
                             (verdict == "improvement" ? "improvement: " : "no change: ") + outcome});
    }
    if (text_of(comparison, "verdict") == "invalid") {
        std::string message = "the comparison is invalid";
        for (std::size_t i = 0; i < comparison["invalid_reasons"].size(); ++i)
            message += (i == 0 ? ": " : "; ") + comparison["invalid_reasons"][i].get<std::string>();
        cases.push_back({first, "gate", "gate", "error", message, ""});
    }
    return cases;
}

std::string suite_name(const json& r, const std::string& scenario) {
    const std::string title = text_of(r["scenario"], "name");
    return scenario == "default" ? title : title + "/" + scenario;
}

void check_read_back(const json& result) {
    const json read = read_back(result);
    const json& suites = read["suites"];
    REQUIRE(suites.size() == result["scenarios"].size());
    std::map<std::string, const json*> suite_of;  // by scenario
    for (std::size_t i = 0; i < suites.size(); ++i) {
        const std::string scenario = text_of(result["scenarios"][i], "name");
        CHECK(suites[i]["name"] == as_xml_carries(suite_name(result, scenario)));
        suite_of[scenario] = &suites[i];
    }

    // Each expected case, in order, is the next case of its name and class in its suite.
    std::map<const json*, std::vector<bool>> taken;
    for (const auto& s : suites) taken[&s] = std::vector<bool>(s["cases"].size(), false);
    const auto expected = expected_cases(result);
    for (const auto& e : expected) {
        INFO("case " << e.name << " of " << e.scenario);
        REQUIRE(suite_of.count(e.scenario) == 1);
        const json& suite = *suite_of[e.scenario];
        const std::string classname = as_xml_carries(text_of(suite, "name")) + "." + e.kind;
        const json* found = nullptr;
        for (std::size_t i = 0; i < suite["cases"].size() && found == nullptr; ++i) {
            const json& c = suite["cases"][i];
            if (taken[&suite][i] || c["name"] != as_xml_carries(e.name) || c["classname"] != classname) continue;
            taken[&suite][i] = true;
            found = &c;
        }
        REQUIRE(found != nullptr);
        CHECK((*found)["result"] == e.result);
        CHECK(text_of(*found, "message") == as_xml_carries(e.message));
        CHECK(text_of(*found, "system_out") == as_xml_carries(e.system_out));
    }

    // The counts declared agree with the cases found, and with the result.
    std::map<std::string, int> total;
    std::size_t cases_found = 0;
    for (const auto& suite : suites) {
        INFO("suite " << suite["name"]);
        std::map<std::string, int> found;
        for (const auto& c : suite["cases"]) ++found[c["result"].get<std::string>()];
        cases_found += suite["cases"].size();
        CHECK(suite["tests"] == suite["cases"].size());
        for (const char* kind : {"failure", "error", "skipped"}) {
            CHECK(suite[std::string(kind) == "skipped" ? "skipped" : std::string(kind) + "s"] == found[kind]);
            total[kind] += found[kind];
        }
        CHECK(suite["time"].get<double>() == Approx(result["run"]["duration_s"].get<double>()).margin(0.001));
        bool has_verdict = false;
        for (const auto& p : suite["properties"])
            if (p[0] == "verdict") has_verdict = p[1] == result.value("verdict", "passed");
        CHECK(has_verdict);
    }
    CHECK(cases_found == expected.size());
    CHECK(read["tests"] == cases_found);
    CHECK(read["failures"] == total["failure"]);
    CHECK(read["errors"] == total["error"]);
    CHECK(read["skipped"] == total["skipped"]);
}

}  // namespace

TEST_CASE("junitparser reads the JUnit XML of every result fixture as the result says", "[integration][junit][heavy]") {
    const auto fixtures = throng::test::result_fixture_names();
    CHECK(fixtures.size() >= 7);
    for (const auto& name : fixtures) {
        INFO("fixture " << name);
        check_read_back(throng::test::load_result_fixture(name));
    }
}

TEST_CASE("junitparser reads a version 1 result, two scenarios and unruly names as the result says",
          "[integration][junit][heavy]") {
    SECTION("version 1") { check_read_back(throng::test::version1_result()); }
    SECTION("two scenarios, interrupted, a threshold without data") {
        check_read_back(throng::test::two_scenario_fixture());
    }
    SECTION("control characters, invalid UTF-8, an invalid comparison") {
        check_read_back(throng::test::unruly_result());
    }
}
