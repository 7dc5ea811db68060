// A browser's recording as a scenario: steps in order with the recorded
// pauses, managed headers left out, a token from a response extracted and
// sent back, static assets optionally left out, and the result a scenario
// throng accepts.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/scenario_parsing.hpp"
#include "targets/drivers/http/har_import.hpp"

namespace har_test {

using nlohmann::json;

json recording() {
    std::string text =
        throng::test::read_text(std::string(THRONG_SOURCE_DIR) + "/tests/golden/har/login-then-browse.har");
    for (auto at = text.find("PORT"); at != std::string::npos; at = text.find("PORT")) text.replace(at, 4, "8080");
    return json::parse(text);
}

}  // namespace har_test

TEST_CASE("a HAR login-then-browse session becomes steps with a correlated token", "[http][har]") {
    throng::targets::http::HarImportOptions options;
    options.name = "session";
    options.skip_static = true;
    const auto imported = throng::targets::http::import_har(har_test::recording(), options);
    const auto& s = imported.scenario;
    INFO(s.dump(2));
    CHECK(s["name"] == "session");
    // One origin: the target, asking for compression as the browser did.
    CHECK(s["target"] == har_test::json({{"url", "http://127.0.0.1:8080"}, {"compression", true}}));
    const auto& steps = s["steps"];
    REQUIRE(steps.size() == 4);  // the stylesheet and the data: URL left out
    CHECK(steps[0]["name"] == "GET /health");
    CHECK(steps[0]["http"]["headers"] ==
          har_test::json({{"Accept", "text/plain"}}));  // Host, Accept-Encoding, Cookie out
    CHECK(steps[0]["think_time"] == "1000ms");          // 10:00:01.040 - (10:00:00.000 + 40 ms)
    CHECK(steps[1]["http"]["method"] == "POST");
    CHECK(steps[1]["http"]["body"] == R"({"user":"alice2026"})");
    CHECK(steps[1]["http"]["headers"] == har_test::json({{"Content-Type", "application/json"}}));
    CHECK(steps[1]["extract"] == har_test::json({{"token", {{"json", "/token"}}}}));
    CHECK(steps[1]["think_time"] == "1000ms");  // to /me: the stylesheet between was left out
    CHECK(steps[2]["http"]["headers"]["Authorization"] == "Bearer ${token}");
    CHECK_FALSE(steps[2].contains("extract"));  // "alice2026" was sent before it came back
    CHECK(steps[3]["http"]["path"] == "/items/7?note=$%7Bliteral%7D");
    CHECK_FALSE(steps[3].contains("think_time"));  // the last
    CHECK(std::find_if(imported.warnings.begin(), imported.warnings.end(), [](const std::string& w) {
              return w.find("cookie") != std::string::npos;
          }) != imported.warnings.end());

    // What throng itself says of it.
    const auto plan = throng::test::parse_plan(s.dump());
    CHECK(throng::test::steps_of(plan).size() == 4);
}

TEST_CASE("a recorded ${ is sent as it was, and static assets stay unless asked", "[http][har]") {
    auto har = har_test::recording();
    har["log"]["entries"][0]["request"]["headers"].push_back({{"name", "X-Note"}, {"value", "${not a placeholder}"}});
    har["log"]["entries"][0]["request"]["headers"].push_back({{"name", "Bad Name"}, {"value", "1"}});  // not a token
    // A key that names a built-in (${vu} is the VU's id) is not taken as the variable's name.
    har["log"]["entries"][1]["response"]["content"]["text"] = R"({"vu": "t-alice2026"})";
    // A pause of ages (the fuzzer's find: it overflowed think_time) is cut to a minute.
    har["log"]["entries"][2]["startedDateTime"] = "6500-01-01T00:00:00.000Z";
    har["log"]["entries"][3]["startedDateTime"] = "6500-01-01T00:00:01.000Z";
    har["log"]["entries"][4]["startedDateTime"] = "6500-01-01T00:00:02.000Z";
    const auto imported = throng::targets::http::import_har(har, {});
    const auto& steps = imported.scenario["steps"];
    CHECK(steps.size() == 5);
    CHECK(steps[0]["http"]["headers"]["X-Note"] == "$${not a placeholder}");
    CHECK_FALSE(steps[0]["http"]["headers"].contains("Bad Name"));
    CHECK(steps[2]["name"] == "GET /styles/site.css");
    CHECK(steps[1]["extract"] == har_test::json({{"v_vu", {{"json", "/vu"}}}}));
    CHECK(steps[1]["think_time"] == "60000ms");
    CHECK(std::count(imported.warnings.begin(), imported.warnings.end(),
                     "cut 1 recorded pause(s) longer than 60 s to 60 s") == 1);
    CHECK(steps[3]["http"]["headers"]["Authorization"] == "Bearer ${v_vu}");
    CHECK_NOTHROW(throng::test::parse_plan(imported.scenario.dump()));
}

TEST_CASE("what is not a HAR recording is refused", "[http][har]") {
    CHECK_THROWS_WITH(throng::targets::http::import_har(har_test::json::object(), {}), Catch::Contains("not a HAR"));
    CHECK_THROWS_WITH(throng::targets::http::import_har({{"log", {{"entries", har_test::json::array()}}}}, {}),
                      Catch::Contains("no http or https request"));
    CHECK_THROWS_WITH(throng::targets::http::import_har({{"log", {{"entries", {{{"request", {{"url", 42}}}}}}}}}, {}),
                      Catch::Contains("not a HAR file as expected"));
}
