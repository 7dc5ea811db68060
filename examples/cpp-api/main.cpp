// A load test written in C++ rather than JSON: the plan the scenario file
// scenarios/examples/correlation.json describes, built with the plan API and
// run against the demo service in this process. Prints the summary, writes
// result.json into the directory given (default: cpp-api-out), and exits 1
// when a threshold fails.
//
//   build/examples/cpp-api/cpp_api_example [OUT_DIR]
//
// It builds in throng's tree, or on its own against an installed throng
// (find_package(throng); see CMakeLists.txt here).
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>

#include "examples/demo-service/demo_service.hpp"
#include "harness/api/throng.hpp"

using namespace std::chrono_literals;
namespace build = throng::core::build;
namespace http = throng::targets::http;

namespace {

throng::core::Plan shop_plan(const std::string& target) {
    throng::core::Plan plan;
    plan.name = "cpp-api";
    plan.main_target().url = target;
    plan.seed = 42;

    // Log in once per VU (only while no token is set), then browse with it.
    auto login = http::post("/login", R"({"user": "vu${vu}"})", "login");
    login.extract.push_back(build::json_value("token", "/token"));
    login.checks.push_back(build::status("logged in", {200}, /*abort=*/true));

    auto me = http::request({"GET", "/me", {{"Authorization", "Bearer ${token}"}}, {}}, "me");
    me.checks.push_back(build::status("me ok", {200}));

    auto item = http::get("/items/${random_int(1,500)}", "item");
    item.checks.push_back(build::latency_below("under 250ms", 250ms));

    auto shop = build::flow("shop", 3,
                            {
                                build::only_if({throng::core::Condition::Kind::unset, "token"}, login),
                                me,
                                build::group("catalogue", {build::repeat(3, {item})}),
                                build::pause(throng::core::ThinkTime::uniform(5ms, 20ms)),
                            });
    auto health = build::flow("health", 1, {http::get("/health", "health")});

    auto ramp = build::ramping_vus(0, {{2s, 8}, {2s, 8}});
    ramp.graceful_ramp_down = 1s;
    plan.scenarios.push_back(build::scenario("shoppers", ramp, {shop, health}));

    namespace scenarios = throng::scenarios;
    plan.thresholds.push_back(scenarios::parse_threshold_expression("latency", "p(95)<250ms"));
    plan.thresholds.push_back(scenarios::parse_threshold_expression("checks", "rate>99%"));
    return plan;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        throng::demo::DemoService demo;
        demo.start();
        const throng::core::Plan plan = shop_plan(demo.base_url());

        const throng::core::RunResult result = throng::run(plan);

        std::fputs(throng::reports::summary_text(result).c_str(), stdout);
        const std::filesystem::path out = std::filesystem::path(argc > 1 ? argv[1] : "cpp-api-out") / "result.json";
        throng::reports::write_result_json(result, out);
        std::printf("\nresult: %s\n", out.c_str());
        return result.thresholds_passed() ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cpp_api_example: %s\n", e.what());
        return 3;
    }
}
