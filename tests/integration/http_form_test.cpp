// A form post end to end: the real binary sends an http step's `form` to the
// demo service's /echo, which answers with the body and type it received.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "examples/demo-service/demo_service.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/throng_runs.hpp"

TEST_CASE("an http step's form is posted urlencoded, values rendered per request", "[integration][http]") {
    throng::demo::DemoService demo;
    demo.start();
    const throng::test::TempDir dir;
    const auto file = dir.write("form.json", R"({"target": ")" + demo.base_url() + R"(",
  "executor": {"type": "constant-vus", "vus": 2, "duration": "20s", "iterations": 10},
  "steps": [{"name": "login", "http": {"method": "POST", "path": "/echo",
                                       "form": {"user": "vu${vu}", "note": "a b&c", "remember": true}},
             "checks": {"urlencoded": {"header": "Content-Type", "equals": "application/x-www-form-urlencoded"},
                        "fields": {"body_matches": "^user=vu[12]&note=a\\+b%26c&remember=true$"}}}]})");
    const auto r = throng::test::run_process(
        {throng::test::throng_binary, "run", file.string(), "--out", "out", "--quiet"}, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json result = throng::test::read_result(dir);
    CHECK(result["total"]["requests"] == 10);
    REQUIRE(result["checks"].size() == 2);
    for (const auto& check : result["checks"]) {
        INFO(check.dump());
        CHECK(check["passes"] == 10);
        CHECK(check["fails"] == 0);
    }
    CHECK(demo.stats().echo == 10);
}
