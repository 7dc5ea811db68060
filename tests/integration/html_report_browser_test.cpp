// report.html in a real browser: Debian's Chromium, headless, driven by
// tests/browser/check_report.js (playwright-core, pinned in
// tests/browser/package-lock.json, installed by scripts/test.sh). The page
// must load with every network request blocked and none attempted, log no
// error, run no injected script, draw every chart and show the right verdict.
// The reports and their screenshots stay in build-ci/tests/browser-out/ for a
// person to look at.
//
// A missing browser, node or playwright-core fails the test: it never passes
// without having looked.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <unistd.h>

#include "reports/html_report.hpp"
#include "reports/result_json.hpp"
#include "support/large_result.hpp"
#include "support/process.hpp"

using nlohmann::json;

namespace {

namespace fs = std::filesystem;

const fs::path browser_dir = fs::path(THRONG_SOURCE_DIR) / "tests" / "browser";
const fs::path out_dir = THRONG_BROWSER_OUT;
constexpr const char* chromium = "/usr/bin/chromium";
constexpr const char* browser_how_to_install =
    "run scripts/test.sh, which installs Debian's chromium and nodejs (scripts/install-deps.sh --tests) and the "
    "pinned playwright-core (npm ci --prefix tests/browser)";

std::string browser_node_binary() {
    const std::string node = throng::test::executable_on_path("node");
    if (node.empty()) FAIL("node is not on PATH: " << browser_how_to_install);
    if (::access(chromium, X_OK) != 0) FAIL(chromium << " is missing: " << browser_how_to_install);
    const auto pinned =
        json::parse(throng::test::read_text(browser_dir / "package.json"))["dependencies"]["playwright-core"];
    const fs::path installed = browser_dir / "node_modules" / "playwright-core" / "package.json";
    if (!fs::exists(installed))
        FAIL("playwright-core is not installed in tests/browser/node_modules: " << browser_how_to_install);
    const auto version = json::parse(throng::test::read_text(installed)).value("version", "");
    if (version != pinned)
        FAIL("tests/browser has playwright-core " << version << ", not " << pinned << ": " << browser_how_to_install);
    return node;
}

// Writes NAME.html for `result`, opens it, returns what check_report.js saw.
json open_in_browser(const std::string& name, const json& result) {
    const std::string node = browser_node_binary();
    fs::create_directories(out_dir);
    const fs::path page = out_dir / (name + ".html");
    const fs::path screenshot = out_dir / (name + ".png");
    throng::reports::write_html_report(result, page);
    const auto r = throng::test::run_process(
        {node, (browser_dir / "check_report.js").string(), page.string(), screenshot.string()}, out_dir,
        std::chrono::seconds(120));
    INFO("check_report.js stderr:\n" << r.err);
    REQUIRE(r.exit_code == 0);
    json seen = json::parse(r.out);
    std::size_t points = 0;
    for (const auto& c : seen["charts"]) points += c["points"].get<std::size_t>();
    std::cout << "browser: " << name << ": " << seen["bytes"] << " bytes, loaded in " << seen["load_ms"] << " ms, "
              << seen["charts"].size() << " charts, " << points << " points, console errors "
              << seen["console_errors"].size() << ", page errors " << seen["page_errors"].size()
              << ", requests other than the file " << seen["other_requests"].size() << ", dialogs "
              << seen["dialogs"].size() << "; screenshot " << screenshot.string() << std::endl;
    return seen;
}

// What every report must pass, whatever its content.
void check_clean(const json& seen) {
    INFO("check_report.js saw: " << seen.dump(1).substr(0, 4000));
    CHECK(seen["console_errors"].empty());
    CHECK(seen["page_errors"].empty());
    CHECK(seen["blocked_requests"].empty());
    CHECK(seen["failed_requests"].empty());
    CHECK(seen["other_requests"].empty());
    CHECK(seen["dialogs"].empty());
    CHECK(seen["scripts"] == 0);
    CHECK(seen["images"] == 0);
    CHECK(!seen["charts"].empty());
}

void check_every_chart_drew(const json& seen) {
    for (const auto& c : seen["charts"]) {
        INFO("chart " << c.dump());
        CHECK_FALSE(c["empty"].get<bool>());
        CHECK(c["points"].get<int>() > 0);
        CHECK(c["width"].get<int>() > 100);
        CHECK(c["height"].get<int>() > 30);
    }
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

TEST_CASE("report.html opens offline in Chromium: no error, no request, every chart drawn, the right verdict",
          "[integration][browser][heavy]") {
    const std::vector<std::pair<std::string, std::string>> fixtures{
        {"passed", "passed"},         {"thresholds_failed", "thresholds failed"},
        {"regression", "regression"}, {"improvement", "passed"},
        {"invalid", "invalid"},       {"open_model", "passed"},
        {"hostile", "regression"}};
    for (const auto& [fixture, words] : fixtures) {
        INFO("fixture " << fixture);
        const json result = throng::test::golden_result(fixture);
        const json seen = open_in_browser(fixture, result);
        check_clean(seen);
        check_every_chart_drew(seen);
        CHECK(seen["verdict"] == result["verdict"]);
        CHECK(lower(seen["verdict_text"].get<std::string>()) == words);
        // 4 over time, the total's spectrum and one per step.
        CHECK(seen["charts"].size() == 5 + result["steps"].size());
        if (fixture == "hostile") {
            // Shown as text, never run.
            const std::string text = seen["visible_text"];
            CHECK(text.find("<script>alert(1)</script>") != std::string::npos);
            CHECK(text.find("\"><img src=x onerror=alert(1)>") != std::string::npos);
            CHECK(text.find("</script><script>alert(2)</script>") != std::string::npos);
        }
    }
}

TEST_CASE("report.html of a 10-minute run with 20 steps, and of a run without requests, in Chromium",
          "[integration][browser][heavy]") {
    SECTION("600 intervals x 20 steps, compared: size and load time printed, every chart drawn") {
        const json seen = open_in_browser("long-run-20-steps", throng::test::large_result());
        check_clean(seen);
        check_every_chart_drew(seen);
        CHECK(seen["charts"].size() == 25);
    }
    SECTION("no requests: each chart says it has no data") {
        const json seen = open_in_browser("no-requests", throng::reports::result_to_json(throng::core::RunResult{}));
        check_clean(seen);
        for (const auto& c : seen["charts"]) {
            INFO("chart " << c.dump());
            CHECK(c["empty"].get<bool>());
            CHECK(c["points"] == 0);
            CHECK(c["no_data"].get<std::string>().starts_with("No data: "));
        }
    }
}
