// markdown_report: golden files for every result fixture, then the verdict
// line, escaping (no HTML, no link, no table cell split by a name), the
// sections of several scenarios and of an interrupted run, version 1 results.
#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "reports/markdown_report.hpp"
#include "reports/report_values.hpp"
#include "reports/text_escape.hpp"
#include "support/result_fixtures.hpp"
#include "support/temp_dir.hpp"
#include "unit/reports/golden_reports.hpp"
#include "unit/reports/report_expectations.hpp"

using nlohmann::json;
using throng::reports::markdown_report;
using throng::reports::markdown_text;

namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// The cell separators of a table line: '|' not escaped by a backslash.
std::size_t cell_separators(const std::string& line) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\')
            ++i;  // the escaped character
        else
            n += line[i] == '|';
    }
    return n;
}

// Every table row has as many cells as its header.
void check_tables(const std::string& markdown) {
    std::size_t columns = 0;
    std::istringstream lines(markdown);
    for (std::string line; std::getline(lines, line);) {
        if (!line.starts_with("|")) {
            columns = 0;
            continue;
        }
        INFO(line);
        if (columns == 0) columns = cell_separators(line);
        CHECK(cell_separators(line) == columns);
    }
}

std::string mark_of(const std::string& verdict) {
    if (verdict == "regression") return "🔺 regression";
    if (verdict == "improvement") return "🟢 improvement";
    if (verdict == "no_change") return "➖ no change";
    if (verdict == "inconclusive") return "❔ inconclusive";
    FAIL("verdict " << verdict);
    return "";
}

// A gate metric's row: "| latency p95 | 4.21 ms | 4.98 ms | +18.3% | +10.8% to +25.8% | +10% | 🔺 regression |".
std::string metric_row(const json& m) {
    using throng::test::expected_change, throng::test::expected_in_unit;
    const std::string unit = m["unit"];
    return "| " + markdown_text(m["key"].get<std::string>()) + " | " +
           expected_in_unit(m["baseline"].get<double>(), unit) + " | " +
           expected_in_unit(m["candidate"].get<double>(), unit) + " | " +
           expected_change(m["change"].get<double>(), m) + " | " + expected_change(m["interval"][0].get<double>(), m) +
           " to " + expected_change(m["interval"][1].get<double>(), m) + " | " + throng::test::expected_tolerance(m) +
           " | " + mark_of(m["verdict"].get<std::string>()) + " |";
}

// A count as the tables show it: all its digits.
std::string whole(const json& n) { return std::to_string(n.get<std::uint64_t>()); }

// A step table's requests and errors cells: "| 245 | 6 (2.45%) |", "| 729 | 0 |".
std::string requests_and_errors(const json& step) {
    const auto errors = step["errors"]["total"].get<std::uint64_t>();
    std::string cells = "| " + whole(step["requests"]) + " | " + std::to_string(errors);
    if (errors > 0)
        cells += " (" + throng::reports::values::significant(100 * step["errors"]["rate"].get<double>(), 3) + "%)";
    return cells + " |";
}

// "#### Steps · constant-vus · 974 iterations"
std::string steps_heading(const json& scenario, const std::string& title) {
    return "#### " + title + " · " + scenario["executor"].get<std::string>() + " · " +
           whole(scenario["iterations"]["completed"]) + " iterations";
}

}  // namespace

TEST_CASE("Markdown reports of the result fixtures match their golden files", "[markdown][golden]") {
    throng::test::check_golden_reports("md", [](const json& r) { return markdown_report(r); });
}

TEST_CASE("the Markdown report starts with the verdict", "[markdown]") {
    const std::pair<const char*, const char*> cases[] = {
        {"passed", "### ✅ Passed"},
        {"improvement", "### ✅ Passed, with an improvement"},
        {"thresholds_failed", "### ❌ Thresholds failed"},
        {"regression", "### ❌ Regression"},
        {"invalid", "### ⚠️ Comparison invalid"},
        {"open_model", "### ✅ Passed"},
    };
    for (const auto& [fixture, heading] : cases) {
        INFO(fixture);
        const std::string md = markdown_report(throng::test::load_result_fixture(fixture));
        CHECK(first_line(md) == heading);
        check_tables(md);
    }
    auto inconclusive = throng::test::load_result_fixture("regression");
    inconclusive["verdict"] = "inconclusive";
    CHECK(first_line(markdown_report(inconclusive)) == "### ⚠️ Comparison inconclusive");
    CHECK(first_line(markdown_report(throng::test::two_scenario_fixture())) == "### ⏹ Interrupted");
}

TEST_CASE("the Markdown report lists thresholds and the comparison, marked", "[markdown]") {
    const json thresholds_failed = throng::test::load_result_fixture("thresholds_failed");
    const std::string failed = markdown_report(thresholds_failed);
    std::size_t failures = 0;
    for (const auto& t : thresholds_failed["thresholds"]) {
        INFO(t["key"].get<std::string>());
        const bool passed = t["passed"].get<bool>();
        failures += !passed;
        // "| ❌ | latency{kind:api} | p(95)&lt;1ms | 11.04 ms |"
        CHECK(failed.find(std::string("| ") + (passed ? "✅" : "❌") + " | " +
                          markdown_text(t["key"].get<std::string>()) + " | " +
                          markdown_text(t["expression"].get<std::string>()) + " | " +
                          throng::test::expected_observed(t) + " |") != std::string::npos);
    }
    REQUIRE(failures >= 1);
    CHECK(failed.find("#### Thresholds: " + std::to_string(failures) + " of " +
                      std::to_string(thresholds_failed["thresholds"].size()) + " failed") != std::string::npos);
    CHECK(failed.find("Compared with") == std::string::npos);

    for (const char* fixture : {"regression", "improvement"}) {
        INFO(fixture);
        const json result = throng::test::load_result_fixture(fixture);
        const std::string md = markdown_report(result);
        const json& comparison = result["comparison"];
        const std::string label = comparison["baseline"]["label"];
        CHECK(md.find("#### Compared with the baseline " + markdown_text(label) + ": " +
                      mark_of(comparison["verdict"].get<std::string>()) + "\n") != std::string::npos);
        std::map<std::string, std::size_t> seen;
        for (const auto& m : comparison["metrics"]) {
            INFO(m["key"].get<std::string>());
            ++seen[m["verdict"].get<std::string>()];
            CHECK(md.find(metric_row(m) + "\n") != std::string::npos);
        }
        CHECK(seen[comparison["verdict"].get<std::string>()] >= 1);
        CHECK(seen["no_change"] >= 1);
    }
    const json inconclusive = throng::test::inconclusive_metric_result();
    const std::string with_inconclusive = markdown_report(inconclusive);
    std::size_t inconclusive_rows = 0;
    for (const auto& m : inconclusive["comparison"]["metrics"]) {
        if (m["verdict"] != "inconclusive") continue;
        ++inconclusive_rows;
        CHECK(with_inconclusive.find(metric_row(m) + "\n") != std::string::npos);
    }
    CHECK(inconclusive_rows == 1);
    CHECK(with_inconclusive.find("| ❔ inconclusive |") != std::string::npos);

    const json invalid_result = throng::test::load_result_fixture("invalid");
    const std::string invalid = markdown_report(invalid_result);
    REQUIRE_FALSE(invalid_result["comparison"]["invalid_reasons"].empty());
    for (const auto& reason : invalid_result["comparison"]["invalid_reasons"])
        CHECK(invalid.find("- " + markdown_text(reason.get<std::string>()) + "\n") != std::string::npos);
    REQUIRE(invalid_result["comparison"]["metrics"].empty());
    CHECK(invalid.find("| metric | baseline |") == std::string::npos);  // no metrics to show
}

TEST_CASE("the step tables show each scenario's steps and the latency that is judged", "[markdown]") {
    const json passed = throng::test::load_result_fixture("passed");
    const std::string closed = markdown_report(passed);
    CHECK(closed.find(steps_heading(passed["scenarios"][0], "Steps") +
                      "\n\n| step | requests | errors | p50 | p95 | p99 |") != std::string::npos);
    CHECK(closed.find("| **all** " + requests_and_errors(passed["total"])) != std::string::npos);
    for (const auto& step : passed["steps"])
        CHECK(closed.find("| " + markdown_text(step["name"].get<std::string>()) + " " + requests_and_errors(step)) !=
              std::string::npos);
    CHECK(closed.find("Latency: service time") != std::string::npos);

    // Open model: from the intended start (response_time_ms), not latency_ms.
    const json open_result = throng::test::load_result_fixture("open_model");
    const std::string open = markdown_report(open_result);
    std::size_t told_apart = 0;
    for (const auto& step : open_result["steps"]) {
        INFO(step["name"].get<std::string>());
        using throng::reports::values::latency;
        const std::string response_time = latency(step["response_time_ms"]["p50"].get<double>());
        const std::string service_time = latency(step["latency_ms"]["p50"].get<double>());
        CHECK(open.find("| " + markdown_text(step["name"].get<std::string>()) + " " + requests_and_errors(step) + " " +
                        response_time + " |") != std::string::npos);
        told_apart += response_time != service_time;
    }
    CHECK(told_apart >= 1);  // else the check above could not tell which one is shown
    const json& open_scenario = open_result["scenarios"][0];
    CHECK(open.find(whole(open_scenario["iterations"]["completed"]) + " iterations, " +
                    whole(open_scenario["iterations"]["dropped"]) + " dropped") != std::string::npos);
    CHECK(open.find("Latency: response time, from each request's intended start") != std::string::npos);

    const json two_result = throng::test::two_scenario_fixture();
    const std::string two = markdown_report(two_result);
    CHECK(two.find(steps_heading(two_result["scenarios"][0], "Scenario browse") + "\n\n| step |") != std::string::npos);
    CHECK(two.find("#### Scenario checkout") != std::string::npos);
    for (const auto& step : two_result["steps"]) {
        INFO(step["name"].get<std::string>());
        const std::string name = step["name"];
        const auto row = two.find("| " + markdown_text(name) + " " + requests_and_errors(step));
        REQUIRE(row != std::string::npos);
        // Each under its scenario's heading.
        if (step["scenario"] == "checkout")
            CHECK(row > two.find("#### Scenario checkout"));
        else
            CHECK(row < two.find("#### Scenario checkout"));
    }
    CHECK(two.find("#### All scenarios\n\n| step | requests | errors | p50 | p95 | p99 |\n|:--|--:|--:|--:|--:|--:|\n"
                   "| **all** " +
                   requests_and_errors(two_result["total"])) != std::string::npos);
    CHECK(two.find("**Interrupted**: SIGINT") != std::string::npos);
    CHECK(two.find("| ❔ | latency{kind:api} | p(99)&lt;500ms | no data |") != std::string::npos);
    check_tables(two);
}

TEST_CASE("names cannot restyle the Markdown, open HTML, link or split a cell", "[markdown]") {
    for (const auto& result : {throng::test::load_result_fixture("hostile"), throng::test::unruly_result()}) {
        const std::string md = markdown_report(result);
        CHECK(md.find('<') == std::string::npos);  // we write no HTML: every '<' of a name is an entity
        check_tables(md);
        for (char c : md) CHECK((static_cast<unsigned char>(c) >= 0x20 || c == '\n'));
    }
    const std::string md = markdown_report(throng::test::unruly_result());
    const std::string escaped =
        "a\\|b\\`c\\*d\\_e\\[f\\]g\\~h\\$i\\#j\\\\kl\\[31mm n  o\\]\\]&gt;p\xEF\xBF\xBDq\xEF\xBF\xBEr &amp;amp; "
        "http\\://example.com www\\.example.com 😀";
    CHECK(md.find("**shop " + escaped + "**") != std::string::npos);
    CHECK(md.find("| outer › " + escaped + " › " + escaped + " " +
                  requests_and_errors(throng::test::unruly_result()["steps"][0])) != std::string::npos);
    CHECK(md.find("- baseline " + escaped + "\n") != std::string::npos);
    CHECK(md.find("- second &lt;reason&gt; &amp; \"quotes\"\n") != std::string::npos);
}

TEST_CASE("a version 1 result renders as Markdown", "[markdown]") {
    const std::string md = markdown_report(throng::test::version1_result());
    CHECK(first_line(md) == "### ✅ Passed");
    CHECK(md.find("#### Thresholds: 3 of 3 passed") != std::string::npos);
    CHECK(md.find("Compared with") == std::string::npos);
    const json v1 = throng::test::version1_result();
    const json& first_step = v1["steps"][0];
    const std::string first_name = first_step["name"];
    CHECK(md.find("| " + markdown_text(first_name) + " " + requests_and_errors(first_step)) != std::string::npos);

    auto interrupted = throng::test::version1_result();
    interrupted["run"]["interrupted"] = true;
    CHECK(first_line(markdown_report(interrupted)) == "### ⏹ Interrupted");
    auto setup_failed = throng::test::version1_result();
    setup_failed["setup_error"] = "login: status 500";
    CHECK(first_line(markdown_report(setup_failed)) == "### ❌ Setup failed");
    CHECK(markdown_report(setup_failed).find("**Setup failed:** login: status 500") != std::string::npos);

    CHECK(first_line(markdown_report(json::object())) == "### ✅ Passed");
    CHECK_NOTHROW(markdown_report(json{{"steps", {1, "x", nullptr}}, {"comparison", {{"metrics", "none"}}}}));
}

TEST_CASE("write_markdown_report writes the report", "[markdown]") {
    throng::test::TempDir dir;
    const auto path = dir.path() / "summary.md";
    const auto result = throng::test::load_result_fixture("regression");
    throng::reports::write_markdown_report(result, path);
    std::ifstream in(path, std::ios::binary);
    std::ostringstream written;
    written << in.rdbuf();
    CHECK(written.str() == markdown_report(result));
}
