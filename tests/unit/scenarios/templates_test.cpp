// ${...} in steps: what templates read must be defined somewhere in the plan
// (an extract anywhere, setup, a feeder); generators and builtins need nothing;
// ${env.X} is resolved when the scenario is read.
#include <catch2/catch.hpp>

#include "support/scenario_parsing.hpp"

using throng::core::InputError;
using throng::scenarios::parse_scenario;
using throng::test::errors_of;
using throng::test::http_of;
using throng::test::http_only;
using throng::test::parse_plan;
using throng::test::steps_of;
using throng::test::with_steps;

TEST_CASE("templates may read what any step, setup or feeder defines", "[scenario][templates]") {
    const auto plan = parse_plan(with_steps(R"([
  {"http": {"path": "/items/${item}?u=${user}&s=${session}&t=${late}", "headers": {"X-Id": "${uuid()}"},
            "body": {"n": "${random_int(1,100)}", "vu": "${vu}", "it": "${iteration}", "sc": "${scenario}"}}},
  {"http": {"path": "/next"}, "extract": {"late": {"header": "X-Late"}}}])",
                                            R"("data": {"user": {"values": ["ann", "bob"]}},
"setup": [{"http": {"path": "/login"}, "extract": {"session": {"json": "/session"}, "item": {"body": true}}}],
"teardown": [{"http": {"path": "/logout?s=${session}&i=${item}"}}])"));
    const auto& first = http_of(steps_of(plan)[0]);
    CHECK(first.path.variables() == std::vector<std::string>{"item", "user", "session", "late"});
    CHECK_FALSE(first.is_constant());
    CHECK(plan.scenarios[0].feeders == std::vector<std::size_t>{0});
    REQUIRE(plan.teardown.size() == 1);
}

TEST_CASE("${env.X} comes from the options' environment", "[scenario][templates]") {
    const auto env = [](std::string_view name) -> std::optional<std::string> {
        if (name == "API_KEY") return "k-123";
        return std::nullopt;
    };
    const auto plan = parse_scenario(with_steps(R"([{"http": {"path": "/", "headers": {"X-Key": "${env.API_KEY}"}}}])"),
                                     "s.json", http_only(), {env, {}});
    const auto& header = http_of(steps_of(plan)[0]).headers.at(0).second;
    CHECK(header.is_constant());
    CHECK(header.source() == "${env.API_KEY}");
    try {
        parse_scenario(with_steps(R"([{"http": {"path": "/${env.NOPE}"}}])"), "s.json", http_only(), {env, {}});
        FAIL("expected an error");
    } catch (const InputError& e) {
        REQUIRE(e.diagnostics().size() == 1);
        CHECK(e.diagnostics()[0].pointer == "/steps/0/http/path");
        CHECK(std::string(e.what()).find("NOPE") != std::string::npos);
    }
}

TEST_CASE("unknown variables are reported at the string that reads them", "[scenario][templates][golden]") {
    CHECK(errors_of(with_steps(R"([{"http": {"path": "/login"}, "extract": {"token": {"json": "/token"}}},
  {"http": {"path": "/me", "headers": {"Authorization": "Bearer ${tokn}"}}}])")) ==
          "s.json:3:57: error: unknown variable `tokn`; did you mean `token`? "
          "(at /steps/1/http/headers/Authorization)");
    CHECK(errors_of(with_steps(R"([{"http": {"path": "/${nothing_like_it}"}}])")) ==
          "s.json:2:29: error: unknown variable `nothing_like_it`: no `extract`, `data` feeder or `setup` step "
          "defines it (at /steps/0/http/path)");
    // Every use is reported, each at its own string.
    CHECK(errors_of(with_steps(R"([{"http": {"path": "/${a}", "body": {"x": "${b}"}}}])")) ==
          "s.json:2:29: error: unknown variable `a`: no `extract`, `data` feeder or `setup` step defines it "
          "(at /steps/0/http/path)\n"
          "s.json:2:46: error: unknown variable `b`: no `extract`, `data` feeder or `setup` step defines it "
          "(at /steps/0/http/body)");
}

TEST_CASE("templates in each scenario are checked and draw their own feeders", "[scenario][templates]") {
    const auto plan = parse_plan(R"({"target": "embedded:demo",
  "data": {"a": {"values": [1]}, "b": {"values": [{"x": "1"}]}},
  "scenarios": {
    "one": {"executor": {"type": "constant-vus", "vus": 1, "duration": "1s"}, "steps": [{"http": {"path": "/${a}"}}]},
    "two": {"executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "/${b.x}/${a}"}}]},
    "three": {"executor": {"type": "constant-vus", "vus": 1, "duration": "1s"}, "steps": [{"http": {"path": "/"}}]}
  }})");
    CHECK(plan.scenarios[0].feeders == std::vector<std::size_t>{0});
    CHECK(plan.scenarios[1].feeders == std::vector<std::size_t>{0, 1});
    CHECK(plan.scenarios[2].feeders.empty());
}
