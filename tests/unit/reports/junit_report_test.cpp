// junit_report: golden files for every result fixture, then what the golden
// files cannot show at a glance: counts that agree with the cases, where each
// case goes, escaping that leaves only our own markup, version 1 results.
// tests/integration/junit_reader_test.cpp reads the XML with a real parser.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "reports/junit_report.hpp"
#include "reports/text_escape.hpp"
#include "support/result_fixtures.hpp"
#include "support/temp_dir.hpp"
#include "unit/reports/golden_reports.hpp"
#include "unit/reports/report_expectations.hpp"

using nlohmann::json;
using throng::reports::junit_report;
using throng::reports::xml_attribute;
using throng::reports::xml_text;

namespace {

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

struct Counts {
    std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    bool operator==(const Counts&) const = default;
};

// The counts the <testsuites> element declares.
Counts declared(const std::string& xml) {
    static const std::regex attributes(
        R"re(<testsuites [^>]*tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)")re");
    std::smatch m;
    REQUIRE(std::regex_search(xml, m, attributes));
    return {std::stoul(m[1]), std::stoul(m[2]), std::stoul(m[3]), std::stoul(m[4])};
}

// What the result says the report must hold, worked out from the result alone.
Counts expected(const json& result) {
    Counts c;
    for (const auto& t : result["thresholds"]) {
        ++c.tests;
        if (!t.value("evaluated", true) || !t.contains("observed") || t["observed"].is_null())
            ++c.skipped;
        else if (!t.value("passed", true))
            ++c.failures;
    }
    if (result.contains("comparison")) {
        const auto& comparison = result["comparison"];
        for (const auto& m : comparison["metrics"]) {
            ++c.tests;
            c.failures += m["verdict"] == "regression";
            c.skipped += m["verdict"] == "inconclusive";
        }
        if (comparison["verdict"] == "invalid") ++c.tests, ++c.errors;
    }
    if (!result.value("setup_error", "").empty()) ++c.tests, ++c.errors;
    if (result["run"].value("interrupted", false) && !result.value("aborted_by_threshold", false))
        ++c.tests, ++c.errors;
    return c;
}

std::vector<std::pair<std::string, json>> all_results() {
    std::vector<std::pair<std::string, json>> all;
    for (const auto& name : throng::test::result_fixture_names())
        all.emplace_back(name, throng::test::load_result_fixture(name));
    all.emplace_back("version 1", throng::test::version1_result());
    all.emplace_back("two scenarios", throng::test::two_scenario_fixture());
    all.emplace_back("unruly", throng::test::unruly_result());
    return all;
}

// The <testsuite> elements, each as its text.
std::vector<std::string> suites_of(const std::string& xml) {
    std::vector<std::string> suites;
    for (auto at = xml.find("<testsuite "); at != std::string::npos; at = xml.find("<testsuite ", at + 1))
        suites.push_back(xml.substr(at, xml.find("</testsuite>", at) - at));
    return suites;
}

// The <testcase> element whose name attribute is `name` (escaped as written).
std::string case_named(const std::string& xml, const std::string& name) {
    const auto at = xml.find("<testcase name=\"" + name + "\"");
    if (at == std::string::npos) return "";
    const auto self_closed = xml.find("/>", at), opened = xml.find('>', at);
    if (self_closed != std::string::npos && self_closed < opened) return xml.substr(at, self_closed + 2 - at);
    return xml.substr(at, xml.find("</testcase>", at) + 11 - at);
}

// The time every suite reports: the run's duration, to the millisecond.
std::string time_attribute(const json& result) {
    char text[64];
    std::snprintf(text, sizeof text, "time=\"%.3f\"", result["run"]["duration_s"].get<double>());
    return text;
}

std::string scenario_name(const json& result) { return result["scenario"]["name"]; }

}  // namespace

TEST_CASE("JUnit reports of the result fixtures match their golden files", "[junit][golden]") {
    throng::test::check_golden_reports("xml", [](const json& r) { return junit_report(r); });
}

TEST_CASE("JUnit counts agree with the result and with the cases written", "[junit]") {
    for (const auto& [name, result] : all_results()) {
        INFO(name);
        const std::string xml = junit_report(result);
        const Counts counts = declared(xml);
        CHECK(counts == expected(result));
        CHECK(occurrences(xml, "<testcase ") == counts.tests);
        CHECK(occurrences(xml, "<failure ") == counts.failures);
        CHECK(occurrences(xml, "<error ") == counts.errors);
        CHECK(occurrences(xml, "<skipped ") == counts.skipped);
        CHECK(suites_of(xml).size() == result["scenarios"].size());
    }
}

TEST_CASE("a failed threshold is a failure naming the expression and the observed value", "[junit]") {
    const json result = throng::test::load_result_fixture("thresholds_failed");
    const std::string xml = junit_report(result);
    std::size_t failed = 0, passed = 0;
    for (const auto& t : result["thresholds"]) {
        const std::string key = t["key"], expression = t["expression"];
        INFO(key << " " << expression);
        const std::string c = case_named(xml, xml_attribute(key + " " + expression));
        REQUIRE_FALSE(c.empty());
        CHECK(c.find("classname=\"" + xml_attribute(scenario_name(result) + ".thresholds") + "\" time=\"0\"") !=
              std::string::npos);
        // "p(95)<1ms: observed 11.04 ms": the observed value in the threshold's unit.
        const std::string outcome = expression + ": observed " + throng::test::expected_observed(t);
        if (t["passed"].get<bool>()) {
            ++passed;
            CHECK(c.find("<failure") == std::string::npos);
            CHECK(c.find("<system-out>" + xml_text(outcome) + "</system-out>") != std::string::npos);
        } else {
            ++failed;
            CHECK(c.find("<failure message=\"" + xml_attribute(outcome) + "\" type=\"threshold\">") !=
                  std::string::npos);
        }
    }
    CHECK(failed >= 1);  // the fixture shows both
    CHECK(passed >= 1);
    CHECK(xml.find(time_attribute(result)) != std::string::npos);
}

TEST_CASE("gate metrics: regression fails, inconclusive is skipped, the others pass", "[junit]") {
    // The regression fixture has regressions and metrics without change; the
    // variant adds an inconclusive one.
    const json result = throng::test::inconclusive_metric_result();
    const json& comparison = result["comparison"];
    const std::string xml = junit_report(result);
    std::map<std::string, std::size_t> seen;
    for (const auto& m : comparison["metrics"]) {
        const std::string key = m["key"], verdict = m["verdict"];
        INFO(key << ": " << verdict);
        ++seen[verdict];
        const std::string c = case_named(xml, xml_attribute(key));
        REQUIRE_FALSE(c.empty());
        CHECK(c.find("classname=\"" + xml_attribute(scenario_name(result) + ".gate") + "\"") != std::string::npos);
        // "+39.9% (95% interval +33.8% to +43.6%), tolerance +10%; 5.087 ms → 7.115 ms"
        const std::string outcome = throng::test::expected_metric_outcome(m, comparison);
        if (verdict == "regression") {
            CHECK(c.find("<failure message=\"regression: " + xml_attribute(outcome) + "\" type=\"regression\">") !=
                  std::string::npos);
            CHECK(c.find("<skipped") == std::string::npos);
        } else if (verdict == "inconclusive") {
            CHECK(c.find("<skipped message=\"inconclusive: " + xml_attribute(outcome) + "\"") != std::string::npos);
            CHECK(c.find("<failure") == std::string::npos);
        } else {
            CHECK(c.find("<failure") == std::string::npos);
            CHECK(c.find("<skipped") == std::string::npos);
            CHECK(c.find("<error") == std::string::npos);
            CHECK(c.find("<system-out>" +
                         xml_text((verdict == "improvement" ? "improvement: " : "no change: ") + outcome) +
                         "</system-out>") != std::string::npos);
        }
    }
    CHECK(seen["regression"] >= 1);
    CHECK(seen["inconclusive"] == 1);
    CHECK(seen["no_change"] >= 1);
}

TEST_CASE("an invalid comparison is one error case listing its reasons", "[junit]") {
    const json result = throng::test::load_result_fixture("invalid");
    const json& reasons = result["comparison"]["invalid_reasons"];
    REQUIRE(reasons.size() >= 2);
    std::string message = "the comparison is invalid", details;
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        message += (i == 0 ? ": " : "; ") + reasons[i].get<std::string>();
        details += (i == 0 ? "" : "\n") + reasons[i].get<std::string>();
    }
    const std::string xml = junit_report(result);
    const std::string gate = case_named(xml, "gate");
    CHECK(gate.find("<error message=\"" + xml_attribute(message) + "\" type=\"invalid_comparison\">" +
                    xml_text(details) + "</error>") != std::string::npos);
    CHECK(occurrences(xml, "<error ") == 1);
}

TEST_CASE("each scenario is a suite; thresholds and metrics go to the scenario they filter on", "[junit]") {
    const json result = throng::test::two_scenario_fixture();
    const std::string xml = junit_report(result);
    const auto suites = suites_of(xml);
    REQUIRE(suites.size() == 2);
    const std::string& browse = suites[0];
    const std::string& checkout = suites[1];
    const std::string title = scenario_name(result);
    // The case of the threshold whose key is `key`, as named in the report.
    const auto threshold_case_name = [&](const std::string& key) {
        for (const auto& t : result["thresholds"])
            if (t["key"] == key)
                return "name=\"" + xml_attribute(key + " " + t["expression"].get<std::string>()) + "\"";
        FAIL("no threshold " << key);
        return std::string();
    };

    // Checkout gets what filters on it: its scenario tag, its step flaky (a
    // threshold and a gate metric); browse, the first suite, all the rest,
    // and the run's own trouble (the interruption).
    Counts to_browse{.tests = 1, .errors = 1}, to_checkout;
    for (const auto& t : result["thresholds"]) {
        const json& tags = t["tags"];
        Counts& c =
            tags.value("scenario", "") == "checkout" || tags.value("step", "") == "flaky" ? to_checkout : to_browse;
        ++c.tests;
        if (!t["evaluated"].get<bool>() || t["observed"].is_null())
            ++c.skipped;
        else if (!t["passed"].get<bool>())
            ++c.failures;
    }
    for (const auto& m : result["comparison"]["metrics"]) {
        Counts& c = m["step"] == "flaky" ? to_checkout : to_browse;
        ++c.tests;
        c.failures += m["verdict"] == "regression";
        c.skipped += m["verdict"] == "inconclusive";
    }
    CHECK(to_checkout.tests == 3);
    CHECK(to_browse.failures >= 1);  // the threshold on health, at least
    CHECK(to_browse.skipped >= 1);   // the threshold without data
    const auto suite_head = [&](const std::string& scenario, const Counts& c) {
        return "<testsuite name=\"" + xml_attribute(title + "/" + scenario) + "\" tests=\"" + std::to_string(c.tests) +
               "\" failures=\"" + std::to_string(c.failures) + "\" errors=\"" + std::to_string(c.errors) +
               "\" skipped=\"" + std::to_string(c.skipped) + "\" " + time_attribute(result);
    };
    CHECK(browse.starts_with(suite_head("browse", to_browse)));
    CHECK(checkout.starts_with(suite_head("checkout", to_checkout)));
    // By a scenario tag; by a step of the scenario; without a filter: the first.
    CHECK(checkout.find(threshold_case_name("latency{scenario:checkout}")) != std::string::npos);
    CHECK(checkout.find(threshold_case_name("errors{kind:api,step:flaky}")) != std::string::npos);
    CHECK(checkout.find("name=\"latency{step:flaky} p95\" classname=\"" + xml_attribute(title + "/checkout.gate") +
                        "\"") != std::string::npos);
    CHECK(browse.find(threshold_case_name("latency{step:health}")) != std::string::npos);
    CHECK(browse.find(threshold_case_name("checks")) != std::string::npos);
    std::size_t unfiltered_metrics = 0;
    for (const auto& m : result["comparison"]["metrics"]) {
        if (!m["step"].is_null()) continue;
        ++unfiltered_metrics;
        CHECK(browse.find("name=\"" + xml_attribute(m["key"].get<std::string>()) + "\"") != std::string::npos);
    }
    CHECK(unfiltered_metrics >= 1);
    // The run's own troubles: the first suite.
    CHECK(case_named(xml, "run").find("<error message=\"interrupted: SIGINT\" type=\"interrupted\"/>") !=
          std::string::npos);
    CHECK(case_named(xml, "latency{kind:api} p(99)&lt;500ms").find("<skipped message=\"no data\"/>") !=
          std::string::npos);
    CHECK(browse.find("<property name=\"scenario\" value=\"browse\"/>") != std::string::npos);
    CHECK(checkout.find("<property name=\"verdict\" value=\"interrupted\"/>") != std::string::npos);

    // A step name both scenarios have: the filter takes in both, so the whole run's suite.
    auto shared = throng::test::two_scenario_fixture();
    shared["steps"][0]["name"] = "flaky";
    const auto shared_suites = suites_of(junit_report(shared));
    REQUIRE(shared_suites.size() == 2);
    CHECK(shared_suites[0].find(threshold_case_name("errors{kind:api,step:flaky}")) != std::string::npos);
    CHECK(shared_suites[1].find(threshold_case_name("errors{kind:api,step:flaky}")) == std::string::npos);
}

TEST_CASE("names cannot break out of their attribute or element", "[junit]") {
    // Every tag is one of ours with well-formed attributes; every '&' starts an entity.
    static const std::regex tag(R"re(<(/?)(testsuites|testsuite|properties|property|testcase|failure|error|)re"
                                R"re(skipped|system-out)((?: [a-z_]+="[^"<>]*")*)(/?)>)re");
    static const std::regex entity(R"re(&(amp|lt|gt|quot|apos|#9|#10|#13);)re");
    for (const char* name : {"hostile", "unruly"}) {
        INFO(name);
        const json result = std::string(name) == "hostile" ? throng::test::load_result_fixture("hostile")
                                                           : throng::test::unruly_result();
        const std::string xml = junit_report(result);
        const std::string declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
        REQUIRE(xml.starts_with(declaration));
        for (auto at = xml.find('<', declaration.size()); at != std::string::npos; at = xml.find('<', at + 1)) {
            const auto end = xml.find('>', at);
            REQUIRE(end != std::string::npos);
            INFO(xml.substr(at, end + 1 - at));
            CHECK(std::regex_match(xml.begin() + static_cast<std::ptrdiff_t>(at),
                                   xml.begin() + static_cast<std::ptrdiff_t>(end + 1), tag));
        }
        for (auto at = xml.find('&'); at != std::string::npos; at = xml.find('&', at + 1)) {
            INFO(xml.substr(at, 8));
            CHECK(std::regex_search(xml.begin() + static_cast<std::ptrdiff_t>(at), xml.end(), entity,
                                    std::regex_constants::match_continuous));
        }
        for (char c : xml) {
            const auto byte = static_cast<unsigned char>(c);
            CHECK((byte >= 0x20 || c == '\n' || c == '\t'));  // the others are gone or escaped
        }
    }
    const std::string xml = junit_report(throng::test::unruly_result());
    CHECK(xml.find("a|b`c*d_e[f]g~h$i#j\\kl[31mm&#9;n&#13;&#10;o]]&gt;p\xEF\xBF\xBDqr &amp;amp; http://example.com") !=
          std::string::npos);
    CHECK(xml.find("\xef\xbf\xbe") == std::string::npos);  // U+FFFE is not an XML character
    CHECK(xml.find("😀") != std::string::npos);
    CHECK(xml.find("<failure message=\"p(95)&lt;250ms&lt;script&gt;alert(1)&lt;/script&gt;: observed 312.4 ms\"") !=
          std::string::npos);
}

TEST_CASE("a version 1 result renders: its thresholds, no gate", "[junit]") {
    const std::string v1 = junit_report(throng::test::version1_result());
    std::string v2 = junit_report(throng::test::load_result_fixture("passed"));
    // "passed" has no comparison: version 2 adds only the testbed's host to its JUnit.
    const json passed = throng::test::load_result_fixture("passed");
    const std::string host =
        " hostname=\"" + xml_attribute(passed["run"]["testbed"]["hostname"].get<std::string>()) + "\"";
    REQUIRE(v2.find(host) != std::string::npos);
    v2.erase(v2.find(host), host.size());
    CHECK(v1 == v2);
    CHECK(occurrences(v1, "<testcase ") == passed["thresholds"].size());
    CHECK(v1.find("<property name=\"verdict\" value=\"passed\"/>") != std::string::npos);

    auto failed = throng::test::version1_result();
    failed["thresholds"][2]["passed"] = false;
    failed["passed"] = false;
    CHECK(junit_report(failed).find("<property name=\"verdict\" value=\"thresholds_failed\"/>") != std::string::npos);
}

TEST_CASE("a result missing almost everything still renders", "[junit]") {
    const std::string xml = junit_report(json::object());
    CHECK(
        xml.find("<testsuites name=\"throng\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0.000\">") !=
        std::string::npos);
    CHECK(suites_of(xml).size() == 1);
    CHECK_NOTHROW(junit_report(json{{"thresholds", "not a list"}, {"comparison", {{"metrics", {1, 2}}}}}));
}

TEST_CASE("write_junit_report writes the report", "[junit]") {
    throng::test::TempDir dir;
    const auto path = dir.path() / "out" / "junit.xml";
    const auto result = throng::test::load_result_fixture("regression");
    throng::reports::write_junit_report(result, path);
    std::ifstream in(path, std::ios::binary);
    std::ostringstream written;
    written << in.rdbuf();
    CHECK(written.str() == junit_report(result));
}
