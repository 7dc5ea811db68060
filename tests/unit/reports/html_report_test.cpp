// report.html's structure and escaping, checked on the markup: what is there
// (verdict, tables, one spectrum per step, overlays only when compared) rather
// than how it looks, so that styling can change without touching these tests.
// tests/integration/html_report_browser_test.cpp opens the same pages in Chromium.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cmath>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/core/histogram.hpp"
#include "harness/core/units.hpp"
#include "reports/html_escape.hpp"
#include "reports/html_report.hpp"
#include "reports/percentile_spectrum.hpp"
#include "reports/result_json.hpp"
#include "reports/svg_chart.hpp"
#include "report_samples.hpp"
#include "support/large_result.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using throng::reports::html_report;
using throng::test::golden_result;

namespace {

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
    return n;
}

// The markup of the chart whose data-chart is `id`, up to its </figure>.
std::string chart(const std::string& html, const std::string& id) {
    const auto begin = html.find("data-chart=\"" + id + "\"");
    if (begin == std::string::npos) return "";
    return html.substr(begin, html.find("</figure>", begin) - begin);
}

// A version-1 result: the fixture without what schema version 2 added.
json version_1(json r) {
    r["schema_version"] = 1;
    for (const char* key : {"verdict", "comparison", "gate", "runs"}) r.erase(key);
    r["scenario"].erase("hash");
    r["run"].erase("testbed");
    for (auto& iv : r["intervals"]) {
        iv.erase("checks");
        iv.erase("cpu");
        for (auto& h : iv["histograms"]) {
            h.erase("requests");
            h.erase("errors");
        }
    }
    return r;
}

// A change in percent with one decimal, signed: "+39.9%".
std::string signed_percent(double ratio) {
    char text[48];
    std::snprintf(text, sizeof text, "%+.1f%%", 100 * ratio);
    return text;
}

}  // namespace

TEST_CASE("html report: the verdict comes first, in words, for every fixture", "[html]") {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"passed", "passed"},         {"thresholds_failed", "thresholds failed"},
        {"regression", "regression"}, {"improvement", "passed"},
        {"invalid", "invalid"},       {"hostile", "regression"},
        {"open_model", "passed"}};
    for (const auto& [fixture, words] : cases) {
        INFO(fixture);
        const json r = golden_result(fixture);
        const std::string html = html_report(r);
        const std::string verdict = r["verdict"];
        const auto banner = html.find("<div id=\"verdict\" class=\"verdict v-" + verdict + "\" data-verdict=\"" +
                                      verdict + "\"><span class=\"word\">" + words + "</span>");
        REQUIRE(banner != std::string::npos);
        // Before any table or chart.
        CHECK(banner < html.find("<table"));
        CHECK(banner < html.find("<svg"));
        CHECK(html.starts_with("<!DOCTYPE html>"));
        CHECK(html.ends_with("</html>\n"));
    }
}

TEST_CASE("html report: tables, charts and one spectrum per step", "[html]") {
    for (const char* fixture : {"passed", "thresholds_failed", "regression", "open_model"}) {
        INFO(fixture);
        const json r = golden_result(fixture);
        const std::string html = html_report(r);
        CHECK(count(html, "<table class=\"steps\">") == (r["open_model"].get<bool>() ? 2 : 1));
        CHECK(count(html, "<table class=\"thresholds\">") == 1);
        CHECK(count(html, "data-chart=\"spectrum-step-") == r["steps"].size());
        CHECK(count(html, "data-chart=\"spectrum-total\"") == 1);
        for (const auto& step : r["steps"])
            CHECK(html.find("<figcaption>Step " + step["name"].get<std::string>() + " <span") != std::string::npos);
        CHECK(count(html, "<tr class=\"fail\"><td class=\"mark\">FAIL</td>") ==
              static_cast<std::size_t>(std::count_if(r["thresholds"].begin(), r["thresholds"].end(),
                                                     [](const json& t) { return !t["passed"].get<bool>(); })));
        CHECK(html.find("data-empty=\"true\"") == std::string::npos);  // every chart of a real run has points
        for (const char* id : {"latency", "throughput", "errors"}) CHECK(count(chart(html, id), "<polyline") >= 1);
        if (r["open_model"].get<bool>()) {
            CHECK(count(chart(html, "iterations"), "data-series=\"dropped\"") == 1);
            CHECK(chart(html, "vus").empty());
            CHECK(count(chart(html, "spectrum-total"), "data-series=\"response time\"") == 1);
        } else {
            CHECK(count(chart(html, "vus"), "<polyline") == 1);
            CHECK(chart(html, "iterations").empty());
        }
        if (!r["checks"].empty()) CHECK(count(html, "<table class=\"checks\">") == 1);
    }
    const json failed = golden_result("thresholds_failed");
    const std::string html = html_report(failed);
    // The failed threshold's observed value, in its unit (a duration: "11.0ms").
    std::size_t failures = 0;
    for (const auto& t : failed["thresholds"]) {
        if (t["passed"].get<bool>()) continue;
        ++failures;
        REQUIRE(t["unit"] == "ms");
        const auto observed = std::chrono::nanoseconds(std::llround(t["observed"].get<double>() * 1e6));
        CHECK(html.find("<tr class=\"fail\"><td class=\"mark\">FAIL</td><td class=\"name\">" +
                        throng::reports::escape_html(t["key"].get<std::string>()) + "</td><td>" +
                        throng::reports::escape_html(t["expression"].get<std::string>()) + "</td><td class=\"num\">" +
                        throng::core::format_duration(observed) + "</td>") != std::string::npos);
    }
    CHECK(failures >= 1);
    CHECK(html.find("<section id=\"errors\">") != std::string::npos);
    CHECK(html.find(">http_5xx<") != std::string::npos);
}

TEST_CASE("html report: the comparison's table and overlays appear only when compared", "[html]") {
    SECTION("compared: one row per metric, the baseline dashed over latency, throughput and each spectrum") {
        for (const char* fixture : {"regression", "improvement"}) {
            INFO(fixture);
            const json r = golden_result(fixture);
            const std::string html = html_report(r);
            const auto& metrics = r["comparison"]["metrics"];
            CHECK(count(html, "<table class=\"comparison\">") == 1);
            CHECK(count(html, "<tr class=\"metric v-") == metrics.size());
            for (const auto& m : metrics) {
                const std::string v = m["verdict"];
                CHECK(html.find("<tr class=\"metric v-" + v + "\" data-verdict=\"" + v + "\"><td class=\"name\">" +
                                m["key"].get<std::string>() + "</td>") != std::string::npos);
            }
            CHECK(count(chart(html, "latency"), "<polyline class=\"series c") == 6);
            CHECK(count(chart(html, "latency"), " dashed\"") >= 3);
            CHECK(count(chart(html, "throughput"), "<polyline class=\"series c1 dashed\"") == 1);
            CHECK(count(chart(html, "spectrum-total"), "<polyline class=\"series c1 dashed\"") == 1);
            for (std::size_t i = 0; i < r["steps"].size(); ++i)
                CHECK(count(chart(html, "spectrum-step-" + std::to_string(i)),
                            "<polyline class=\"series c1 dashed\"") == 1);
        }
        const json regression = golden_result("regression");
        const std::string html = html_report(regression);
        // A change with its confidence interval: "+39.9% [+33.8%, +43.6%]".
        std::size_t relative = 0;
        for (const auto& m : regression["comparison"]["metrics"]) {
            if (m["tolerance_kind"] != "relative") continue;
            ++relative;
            INFO(m["key"].get<std::string>());
            CHECK(html.find("<td class=\"num\">" + signed_percent(m["change"].get<double>()) + " [" +
                            signed_percent(m["interval"][0].get<double>()) + ", " +
                            signed_percent(m["interval"][1].get<double>()) + "]</td>") != std::string::npos);
        }
        CHECK(relative >= 1);
        CHECK(html.find("<td class=\"verdict\">no change</td>") != std::string::npos);
    }
    SECTION("not compared: no comparison section, nothing dashed") {
        for (const char* fixture : {"passed", "thresholds_failed", "open_model"}) {
            INFO(fixture);
            const std::string html = html_report(golden_result(fixture));
            CHECK(html.find("id=\"comparison\"") == std::string::npos);
            CHECK(html.find("dashed\"") == std::string::npos);
        }
    }
    SECTION("invalid: the reasons listed, no metric rows") {
        const json r = golden_result("invalid");
        const std::string html = html_report(r);
        CHECK(html.find("Why the runs cannot be compared") != std::string::npos);
        for (const auto& reason : r["comparison"]["invalid_reasons"])
            CHECK(html.find("<li>" + throng::reports::escape_html(reason.get<std::string>()) + "</li>") !=
                  std::string::npos);
        CHECK(html.find("<table class=\"comparison\">") == std::string::npos);
    }
    SECTION("a baseline step of another name gets no overlay") {
        const std::string html = html_report(golden_result("hostile"));  // its baseline renamed step 0
        CHECK(chart(html, "spectrum-step-0").find("dashed") == std::string::npos);
        CHECK(count(chart(html, "spectrum-total"), "dashed\"") >= 1);
    }
}

TEST_CASE("html report: hostile names are shown as text, never as markup", "[html]") {
    const std::string html = html_report(golden_result("hostile"));
    CHECK(html.find("<script") == std::string::npos);  // the page has no script of its own either
    CHECK(html.find("</script") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("onerror=alert(1)>") == std::string::npos);
    // The escaped forms are there: scenario name, step names, tags, codes, warnings.
    CHECK(count(html, "&lt;script&gt;alert(1)&lt;/script&gt;") >= 5);
    CHECK(count(html, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") >= 5);
    CHECK(count(html, "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;") >= 3);
    CHECK(html.find("<h1>shop &lt;script&gt;alert(1)&lt;/script&gt;</h1>") != std::string::npos);
    CHECK(html.find("Setup failed: &lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("Content-Security-Policy") != std::string::npos);
}

TEST_CASE("html escaping covers text, attributes and control characters", "[html]") {
    using throng::reports::escape_html;
    CHECK(escape_html("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
    CHECK(escape_html(std::string("x\0y\x01z\tw\n", 8)) == "x\xEF\xBF\xBDy\xEF\xBF\xBDz\tw\n");
    CHECK(escape_html("grüße ✓") == "grüße ✓");
}

TEST_CASE("html report: version-1 results still render", "[html]") {
    SECTION("passed and failed, the verdict worked out from the fields version 1 has") {
        const json passed_result = golden_result("passed");
        const std::string passed = html_report(version_1(passed_result));
        CHECK(passed.find("data-verdict=\"passed\"") != std::string::npos);
        CHECK(count(passed, "data-chart=\"spectrum-step-") == passed_result["steps"].size());
        CHECK(passed.find("data-empty=\"true\"") == std::string::npos);
        const std::string failed = html_report(version_1(golden_result("thresholds_failed")));
        CHECK(failed.find("data-verdict=\"thresholds_failed\"") != std::string::npos);
    }
    SECTION("a result written by result_to_json: groups, setup and teardown, an abort") {
        const json r = throng::reports::result_to_json(throng::test::two_scenario_result());
        const std::string html = html_report(r);
        CHECK(html.find("data-verdict=\"thresholds_failed\"") != std::string::npos);
        CHECK(html.find("<section id=\"setup\">") != std::string::npos);
        CHECK(html.find(">login<") != std::string::npos);
        CHECK(html.find(">logout<") != std::string::npos);
        CHECK(html.find("browse › checkout::payment › pay") != std::string::npos);
        CHECK(count(html, "data-chart=\"spectrum-step-") == 4);
    }
}

TEST_CASE("html report: a run without requests says 'no data' instead of drawing nothing", "[html]") {
    const json r = throng::reports::result_to_json(throng::test::base_result());
    const std::string html = html_report(r);
    CHECK(html.find("<polyline") == std::string::npos);
    CHECK(count(html, "data-empty=\"true\"") == 5);  // 4 charts over time, the total's spectrum
    CHECK(count(html, "<p class=\"no-data\">No data: ") == 5);
    CHECK(html.find("data-verdict=\"passed\"") != std::string::npos);
    CHECK_THROWS_AS(html_report(json::array()), std::invalid_argument);
    CHECK_NOTHROW(html_report(json::object()));
}

TEST_CASE("html report: an interval without requests has no latency point, not one at 0 ms", "[html]") {
    // A run's last interval is often a sliver without requests: the moments
    // after the load stopped. Its latency fields are zeros, not measurements.
    for (const char* fixture : {"passed", "regression"}) {
        INFO(fixture);
        const json r = golden_result(fixture);
        std::size_t with_requests = 0, without = 0;
        for (const auto& iv : r["intervals"]) (iv["requests"].get<std::uint64_t>() > 0 ? with_requests : without)++;
        std::size_t baseline_with = 0, baseline_without = 0;
        if (r.contains("comparison"))
            for (const auto& iv : r["comparison"]["baseline"]["intervals"])
                (iv["rps"].get<double>() > 0 ? baseline_with : baseline_without)++;
        CHECK(without + baseline_without >= 1);  // the fixtures, made by real runs, have such intervals
        const std::string latency = chart(html_report(r), "latency");
        for (const char* p : {"p50", "p95", "p99"}) {
            CHECK(latency.find("data-series=\"" + std::string(p) + "\" data-points=\"" + std::to_string(with_requests) +
                               "\"") != std::string::npos);
            if (r.contains("comparison"))
                CHECK(latency.find("data-series=\"baseline " + std::string(p) + "\" data-points=\"" +
                                   std::to_string(baseline_with) + "\"") != std::string::npos);
        }
        // Throughput and errors were measured there: 0 is their value.
        const std::string all_intervals = std::to_string(r["intervals"].size());
        CHECK(chart(html_report(r), "throughput")
                  .find("data-series=\"requests per second\" data-points=\"" + all_intervals + "\"") !=
              std::string::npos);
    }
}

TEST_CASE("html report: a corrupt histogram is named, not fatal", "[html]") {
    json r = golden_result("passed");
    r["steps"][1]["histograms"]["service_time"] = "HISTFAAAnot-base64!";
    const std::string html = html_report(r);
    CHECK(chart(html, "spectrum-step-1").find("No data: service_time histogram cannot be decoded") !=
          std::string::npos);
}

TEST_CASE("html report: a 10-minute run with 20 steps stays small", "[html][heavy]") {
    const json r = throng::test::large_result();
    const std::string html = html_report(r);
    INFO("report.html of 600 intervals x 20 steps: " << html.size() << " bytes");
    CHECK(count(html, "data-chart=\"spectrum-step-") == 20);
    CHECK(html.size() < 1'500'000);
    // Every series within the cap; the ones over time have all 600 intervals.
    CHECK(chart(html, "throughput").find("data-points=\"600\"") != std::string::npos);
    throng::test::TempDir dir;
    throng::reports::write_html_report(r, dir.path() / "report.html");
    CHECK(std::filesystem::file_size(dir.path() / "report.html") == html.size());
}

TEST_CASE("chart series are decimated to their peaks, within the cap", "[html]") {
    using throng::reports::ChartPoint;
    std::vector<ChartPoint> points;
    for (int i = 0; i < 10'000; ++i) points.push_back({double(i), i == 4321 ? 1000.0 : double(i % 7)});
    const auto kept = throng::reports::decimate(points, 1000);
    CHECK(kept.size() <= 1000);
    CHECK(kept.front().x == 0);
    CHECK(kept.back().x == 9999);
    CHECK(std::any_of(kept.begin(), kept.end(), [](const ChartPoint& p) { return p.y == 1000.0; }));
    CHECK(std::is_sorted(kept.begin(), kept.end(), [](auto& a, auto& b) { return a.x < b.x; }));
    CHECK(throng::reports::decimate(std::vector<ChartPoint>(5), 1000).size() == 5);
}

TEST_CASE("the percentile spectrum spans 0% to the max on a log scale of 1/(1-q)", "[html]") {
    using namespace throng::reports;
    throng::core::Histogram h;
    for (int i = 1; i <= 10'000; ++i) h.record(i * 1000);  // 1us .. 10ms
    const auto points = percentile_spectrum(h);
    REQUIRE(points.size() > 10);
    CHECK(points.front().x == 0);
    CHECK(points.back().x == Approx(4.0));                  // log10(10000): the last sample's rank
    CHECK(points.back().y == Approx(10.0).epsilon(0.001));  // the max, in ms
    CHECK(std::is_sorted(points.begin(), points.end(), [](auto& a, auto& b) { return a.y < b.y; }));
    const auto ticks = spectrum_ticks(3.2);
    REQUIRE(ticks.size() == 5);
    CHECK(ticks[0].label == "0%");
    CHECK(ticks[1].label == "90%");
    CHECK(ticks[2].label == "99%");
    CHECK(ticks[3].label == "99.9%");
    CHECK(ticks[4].label == "99.99%");
    CHECK(percentile_spectrum(throng::core::Histogram{}).empty());
}
