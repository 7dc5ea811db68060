// throng::load_scenario, the C++ API's way to a plan from a scenario file:
// every protocol's steps, --set assignments, and each target's URL read as
// its driver will, with file:line:column for every problem.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "harness/api/throng.hpp"
#include "support/temp_dir.hpp"

namespace load_scenario_test {

std::string bundled(const char* name) {
    return (std::filesystem::path(THRONG_SOURCE_DIR) / "scenarios" / name).string();
}

}  // namespace load_scenario_test

using load_scenario_test::bundled;

TEST_CASE("api: a scenario file loads with every protocol's steps", "[api]") {
    const throng::core::Plan redis = throng::load_scenario(bundled("redis-getset.json"));
    REQUIRE(redis.scenarios.size() == 1);
    const auto& steps = redis.scenarios[0].flows.at(0).steps;
    REQUIRE(steps.size() == 2);
    CHECK(steps[0].spec->protocol() == "redis");
    CHECK(steps[1].name == "get");

    const throng::core::Plan sql = throng::load_scenario(bundled("postgres-tpcb.json"));
    const auto& tpcb = sql.scenarios.at(0).flows.at(0).steps.at(1);
    REQUIRE(tpcb.spec != nullptr);
    CHECK(tpcb.spec->protocol() == "postgres");
}

TEST_CASE("api: --set assignments apply before the file is read", "[api]") {
    throng::scenarios::ScenarioOptions options;
    options.sets = {"/executor/vus=7", "/steps/0/redis/pipeline=16"};
    const throng::core::Plan plan = throng::load_scenario(bundled("redis-getset.json"), options);
    CHECK(plan.scenarios.at(0).executor.vus == 7);
    CHECK(plan.max_vus() == 7);
    // What README tells C++ users to do with the quickstart's embedded:demo.
    options.sets = {"/target=http://127.0.0.1:8080"};
    CHECK(throng::load_scenario(bundled("quickstart.json"), options).main_target().url == "http://127.0.0.1:8080");
}

TEST_CASE("api: a target URL its driver would refuse is an error at its place in the file", "[api]") {
    const throng::test::TempDir dir;
    const std::string path = dir.write("bad.json", R"({"target": "redis://127.0.0.1:99999",
  "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
  "steps": [{"redis": {"command": ["PING"]}}]})")
                                 .string();
    try {
        throng::load_scenario(path);
        FAIL("the scenario was accepted");
    } catch (const throng::core::InputError& e) {
        const std::string message = e.what();
        CHECK(message.starts_with(path + ":1:12: error: target `redis://127.0.0.1:99999`: "));
        CHECK(message.find("port") != std::string::npos);
    }
    CHECK_THROWS_AS(throng::load_scenario((dir.path() / "missing.json").string()), throng::core::InputError);
}
