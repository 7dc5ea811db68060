#include "scenarios/scenario_parser.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "support/echo_protocol.hpp"
#include "support/scenario_parsing.hpp"

using namespace std::chrono_literals;
using throng::core::ExecutorSpec;
using throng::core::InputError;
using throng::core::Plan;
using throng::core::StepParser;
using throng::core::ThinkTime;
using throng::core::Threshold;
using throng::scenarios::load_scenario;
using throng::scenarios::parse_scenario;
using throng::test::errors_of;
using throng::test::http_of;
using throng::test::http_only;

namespace {

Plan parse(const std::string& text, const std::string& file = "scenarios/test.json") {
    return throng::test::parse_plan(text, file);
}

// A scenario with the given members added to a valid minimal one.
std::string with(const std::string& members) {
    return R"({"target": "http://localhost:8080", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
"steps": [{"http": {"path": "/"}}],
)" + members +
           "}";
}

}  // namespace

TEST_CASE("minimal scenario with the steps shorthand", "[scenario]") {
    const Plan plan = parse(R"({
        "target": "http://127.0.0.1:8080",
        "executor": {"type": "constant-vus", "vus": 10, "duration": "30s"},
        "steps": [{"http": {"path": "/health"}}]
    })");
    CHECK(plan.name == "test");  // the file stem
    CHECK(plan.description.empty());
    CHECK(plan.source_file == "scenarios/test.json");
    CHECK(plan.main_target().url == "http://127.0.0.1:8080");
    CHECK(plan.main_target().connect_timeout == 5s);
    CHECK_FALSE(plan.seed);
    CHECK(plan.feeders.empty());
    CHECK(plan.setup.empty());
    CHECK(plan.teardown.empty());
    REQUIRE(plan.scenarios.size() == 1);
    const auto& scenario = plan.scenarios[0];
    CHECK(scenario.name == "default");
    CHECK(scenario.start_offset == 0s);
    CHECK(scenario.start_after.empty());
    CHECK(scenario.tags.empty());
    CHECK(scenario.pacing == 0s);
    CHECK(scenario.feeders.empty());
    CHECK(scenario.executor.kind == ExecutorSpec::Kind::constant_vus);
    CHECK(scenario.executor.vus == 10);
    CHECK(scenario.executor.duration == 30s);
    CHECK_FALSE(scenario.executor.iterations);
    CHECK(scenario.executor.graceful_stop == 30s);
    CHECK(scenario.between_steps.is_none());
    CHECK(scenario.between_iterations.is_none());
    REQUIRE(scenario.flows.size() == 1);
    CHECK(scenario.flows[0].name == "default");
    CHECK(scenario.flows[0].weight == 1);
    REQUIRE(scenario.flows[0].steps.size() == 1);
    const auto& step = scenario.flows[0].steps[0];
    CHECK(step.kind == throng::core::Step::Kind::request);
    CHECK(step.name == "GET /health");
    CHECK(step.position.line == 4);
    CHECK(step.position.column == 19);
    CHECK(http_of(step).path.source() == "/health");
    CHECK_FALSE(step.timeout);
    CHECK(step.extract.empty());
    CHECK(step.checks.empty());
    CHECK_FALSE(step.condition);
    CHECK_FALSE(step.think_time);
    CHECK(plan.thresholds.empty());
    CHECK(plan.load_duration() == 30s);
    CHECK(plan.max_vus() == 10);
}

TEST_CASE("full scenario with flows, ramping executor, think time and thresholds", "[scenario]") {
    const Plan plan = parse(R"(// A full scenario.
{
  "$schema": "https://example.test/throng.schema.json",
  "name": "shop",
  "description": "browse and buy",
  "target": {"url": "embedded:demo", "connect_timeout": "2s"},
  "executor": {
    "type": "ramping-vus",
    "start_vus": 2,
    "stages": [{"duration": "5s", "target": 20}, {"duration": 10, "target": 20}, {"duration": "5s", "target": 0}],
    "iterations": 1000,
    "graceful_stop": "10s",
    "graceful_ramp_down": "5s"
  },
  "think_time": {
    "between_steps": {"distribution": "uniform", "min": "50ms", "max": "150ms"},
    "between_iterations": {"distribution": "exponential", "mean": "1s", "max": "5s"}
  },
  "flows": [
    {"name": "browse", "weight": 3, "steps": [
      {"name": "home", "http": {"path": "/"}},
      {"http": {"path": "/items/42"}}
    ]},
    {"weight": 0.5, "steps": [
      {"name": "buy", "http": {"method": "POST", "path": "/orders", "body": {"item": 42}}}
    ]}
  ],
  "thresholds": {
    "latency": ["p(95)<200ms", "avg<50ms"],
    "errors": ["rate<1%"],
    "requests": ["rate>100/s", "count>=1000"],
    "latency{step:home}": ["p(99)<10ms"]
  }
})",
                            "shop.json");
    CHECK(plan.name == "shop");
    CHECK(plan.description == "browse and buy");
    CHECK(plan.main_target().url == "embedded:demo");
    CHECK(plan.main_target().connect_timeout == 2s);

    REQUIRE(plan.scenarios.size() == 1);
    const auto& scenario = plan.scenarios[0];
    const auto& ex = scenario.executor;
    CHECK(ex.kind == ExecutorSpec::Kind::ramping_vus);
    CHECK(ex.start_vus == 2);
    REQUIRE(ex.stages.size() == 3);
    CHECK(ex.stages[0].duration == 5s);
    CHECK(ex.stages[0].target == 20);
    CHECK(ex.stages[1].duration == 10s);
    CHECK(ex.stages[2].target == 0);
    CHECK(ex.iterations == 1000u);
    CHECK(ex.graceful_stop == 10s);
    CHECK(ex.graceful_ramp_down == 5s);
    CHECK(plan.load_duration() == 20s);
    CHECK(plan.max_vus() == 20);

    CHECK(scenario.between_steps.kind == ThinkTime::Kind::uniform);
    CHECK(scenario.between_steps.value == 50ms);
    CHECK(scenario.between_steps.max == 150ms);
    CHECK(scenario.between_iterations.kind == ThinkTime::Kind::exponential);
    CHECK(scenario.between_iterations.value == 1s);
    CHECK(scenario.between_iterations.max == 5s);

    const auto& flows = scenario.flows;
    REQUIRE(flows.size() == 2);
    CHECK(flows[0].name == "browse");
    CHECK(flows[0].weight == 3);
    REQUIRE(flows[0].steps.size() == 2);
    CHECK(flows[0].steps[0].name == "home");
    CHECK(flows[0].steps[1].name == "GET /items/42");
    CHECK(flows[1].name == "flow-2");
    CHECK(flows[1].weight == 0.5);
    const auto& buy = http_of(flows[1].steps[0]);
    CHECK(buy.method == "POST");
    CHECK(buy.body.source() == R"({"item":42})");

    REQUIRE(plan.thresholds.size() == 6);
    const Threshold& p95 = plan.thresholds[0];
    CHECK(p95.key == "latency");
    CHECK(p95.source == "p(95)<200ms");
    CHECK(p95.percentile == 95);
    CHECK(p95.bound == 200e6);
    CHECK(p95.position.line == 29);
    CHECK(p95.position.column == 17);
    CHECK(plan.thresholds[2].metric == Threshold::Metric::errors);
    CHECK(plan.thresholds[2].bound == Approx(0.01));
    CHECK(plan.thresholds[3].bound == Approx(100));
    CHECK(plan.thresholds[4].aggregate == Threshold::Aggregate::count);
    const Threshold& home = plan.thresholds[5];
    CHECK(home.key == "latency{step:home}");
    CHECK(home.filter == throng::core::Tags{{"step", "home"}});
    CHECK(home.percentile == 99);
}

TEST_CASE("think time forms", "[scenario]") {
    const auto think = [](const std::string& value) {
        return parse(with(R"("think_time": {"between_steps": )" + value + "}")).scenarios.at(0).between_steps;
    };
    CHECK(think(R"("100ms")").kind == ThinkTime::Kind::constant);
    CHECK(think(R"("100ms")").value == 100ms);
    CHECK(think("0.25").value == 250ms);
    const ThinkTime constant = think(R"({"distribution": "constant", "value": "1s"})");
    CHECK(constant.kind == ThinkTime::Kind::constant);
    CHECK(constant.value == 1s);
    const ThinkTime uniform = think(R"({"distribution": "uniform", "min": "50ms", "max": "50ms"})");
    CHECK(uniform.kind == ThinkTime::Kind::uniform);
    CHECK(uniform.max == 50ms);
    const ThinkTime uncapped = think(R"({"distribution": "exponential", "mean": "2s"})");
    CHECK(uncapped.kind == ThinkTime::Kind::exponential);
    CHECK(uncapped.value == 2s);
    CHECK(uncapped.max == 0s);
    const ThinkTime normal = think(R"({"distribution": "normal", "mean": "1s", "stddev": "200ms"})");
    CHECK(normal.kind == ThinkTime::Kind::normal);
    CHECK(normal.value == 1s);
    CHECK(normal.stddev == 200ms);
    CHECK(normal.min == 0s);
    CHECK(normal.max == 0s);
    const ThinkTime clamped =
        think(R"({"distribution": "normal", "mean": "1s", "stddev": "0.5s", "min": "100ms", "max": "2s"})");
    CHECK(clamped.kind == ThinkTime::Kind::normal);
    CHECK(clamped.min == 100ms);
    CHECK(clamped.max == 2s);
}

TEST_CASE("scenario options: iterations, $-keys, comment keys, name", "[scenario]") {
    const Plan plan = parse(with(R"("name": "n", "$comment": 1, "// why": "x")"));
    CHECK(plan.name == "n");
    CHECK(parse(R"({"target": "http://h", "executor": {"type": "constant-vus", "vus": 1, "duration": 1,
                    "iterations": 5}, "steps": [{"http": {"path": "/"}}]})")
              .scenarios.at(0)
              .executor.iterations == 5u);
}

TEST_CASE("golden: JSON syntax error is a single diagnostic", "[scenario][golden]") {
    CHECK(errors_of("{\n  \"target\": \"http://h\"\n  \"executor\": {}\n}") ==
          "s.json:3:3: error: expected ',' or '}' after object member");
    CHECK(errors_of("") == "s.json:1:1: error: expected a JSON value, got end of input");
}

TEST_CASE("golden: missing required parts", "[scenario][golden]") {
    CHECK(errors_of("{}") ==
          "s.json:1:1: error: missing required key `target` in scenario\n"
          "s.json:1:1: error: missing required key `executor` in scenario\n"
          "s.json:1:1: error: missing required key `steps` or `flows` in scenario");
    CHECK(errors_of("[]") == "s.json:1:1: error: scenario must be an object, got array");
}

TEST_CASE("golden: unknown key with did-you-mean", "[scenario][golden]") {
    CHECK(errors_of(with(R"("thnk_time": {})")) ==
          "s.json:3:1: error: unknown key `thnk_time` in scenario; did you mean `think_time`? (at /thnk_time)");
}

TEST_CASE("golden: executor errors", "[scenario][golden]") {
    const auto executor = [](const std::string& body) {
        return errors_of(R"({"target": "http://h", "steps": [{"http": {"path": "/"}}],
"executor": )" + body + "}");
    };
    CHECK(executor(R"({"type": "constant_vus", "vus": 1, "duration": "1s"})") ==
          "s.json:2:22: error: `type` in executor must be `constant-vus`, `ramping-vus`, `constant-arrival-rate` or "
          "`ramping-arrival-rate`, got \"constant_vus\"; did you mean `constant-vus`? (at /executor/type)");
    CHECK(executor(R"({"type": "constant-vus", "vus": 0, "duration": "1s"})") ==
          "s.json:2:45: error: `vus` in executor must be an integer from 1 to 1000000, got 0 (at /executor/vus)");
    CHECK(executor(R"({"type": "constant-vus", "vus": "10", "duration": "0s"})") ==
          "s.json:2:45: error: `vus` in executor must be an integer from 1 to 1000000, got string (at /executor/vus)\n"
          "s.json:2:63: error: `duration` in executor must be greater than 0 (at /executor/duration)");
    CHECK(executor(R"({"type": "constant-vus", "vus": 1, "duration": "1s", "stages": []})") ==
          "s.json:2:66: error: `stages` is not used by constant-vus (at /executor/stages)");
    CHECK(executor(R"({"type": "ramping-vus", "vus": 3})") ==
          "s.json:2:13: error: missing required key `stages` in executor (at /executor)\n"
          "s.json:2:37: error: `vus` is not used by ramping-vus (at /executor/vus)");
    CHECK(executor(R"({"type": "ramping-vus", "stages": []})") ==
          "s.json:2:47: error: `stages` in executor must be a non-empty array of {\"duration\", \"target\"} objects, "
          "got an empty array (at /executor/stages)");
    CHECK(executor(R"({"type": "ramping-vus", "stages": [{"duration": 0, "target": 5}]})") ==
          "s.json:2:47: error: `stages` in executor needs at least one stage with a duration greater than 0 "
          "(at /executor/stages)");
    CHECK(executor(R"({"type": "ramping-vus", "stages": [{"duration": "1s", "target": -1, "vus": 2}]})") ==
          "s.json:2:77: error: `target` in stage must be an integer from 0 to 1000000, got -1 "
          "(at /executor/stages/0/target)\n"
          "s.json:2:81: error: unknown key `vus` in stage; expected `duration` or `target` "
          "(at /executor/stages/0/vus)");
    CHECK(executor(R"({"vus": 1, "iterations": 0})") ==
          "s.json:2:13: error: missing required key `type` in executor (at /executor)\n"
          "s.json:2:38: error: `iterations` in executor must be an integer >= 1, got 0 (at /executor/iterations)");
    CHECK(executor(R"("fast")") == "s.json:2:13: error: executor must be an object, got \"fast\" (at /executor)");
}

TEST_CASE("golden: target errors", "[scenario][golden]") {
    const auto target = [](const std::string& body) {
        return errors_of(R"({"executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
"steps": [{"http": {"path": "/"}}], "target": )" +
                         body + "}");
    };
    CHECK(target(R"("ftp://x")") ==
          "s.json:2:47: error: `target` in scenario must be a URL starting with http:// or https://, or embedded:demo, "
          "got "
          "\"ftp://x\" (at /target)");
    CHECK(target(R"("http://")") == "s.json:2:47: error: `target` in scenario has no host after http:// (at /target)");
    CHECK(target("8080") ==
          "s.json:2:47: error: `target` in scenario must be a URL starting with http:// or https://, or embedded:demo, "
          "or an "
          "object with `url` and `connect_timeout`, got number (at /target)");
    CHECK(
        target(R"({"url": "embedded:demox", "connect_timeout": 0, "retries": 1})") ==
        "s.json:2:55: error: `url` in target must be a URL starting with http:// or https://, or embedded:demo, got "
        "\"embedded:demox\" (at /target/url)\n"
        "s.json:2:92: error: `connect_timeout` in target must be greater than 0 (at /target/connect_timeout)\n"
        "s.json:2:95: error: unknown key `retries` in target; expected `url`, `connect_timeout`, "
        "`max_response_body`, `max_response_headers`, `compression`, `http2`, `pool`, `cookies`, `redirects` or `tls` "
        "(at "
        "/target/retries)");
    CHECK(target(R"({"url": "embedded:demo", "max_response_body": "lots"})") ==
          "s.json:2:93: error: `max_response_body` in target must be a size like \"64KiB\" or \"16MiB\", or a "
          "number of bytes greater than 0, got \"lots\" (at /target/max_response_body)");
    CHECK(target(R"({"url": "embedded:demo", "max_response_headers": "1GiB"})") ==
          "s.json:2:96: error: `max_response_headers` in target must be a size like \"64KiB\" or \"16MiB\", or a "
          "number of bytes greater than 0 and at most 64 MiB, got \"1GiB\" (at /target/max_response_headers)");
    CHECK(target(R"({"url": "http://127.0.0.1:1", "pool": 2})") ==
          "s.json:2:77: error: `pool` shares HTTP/2 connections among VUs: it needs `\"http2\": true` on the target "
          "(at /target/pool)");
    CHECK(target(R"({"url": "http://127.0.0.1:1", "http2": true, "pool": 10001})").find("`pool` in target must be") !=
          std::string::npos);
}

TEST_CASE("a target keeps a response body up to the size it is given", "[scenario]") {
    const auto plan_with = [](const std::string& size) {
        return parse(R"({"executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
"steps": [{"http": {"path": "/"}}], "target": {"url": "embedded:demo", "max_response_body": )" +
                     size + "}}");
    };
    CHECK(plan_with(R"("64KiB")").main_target().max_response_body == 64 * 1024);
    CHECK(plan_with(R"("2MB")").main_target().max_response_body == 2'000'000);
    CHECK(plan_with("512").main_target().max_response_body == 512);
    CHECK(plan_with(R"("1.5KiB")").main_target().max_response_body == 1536);
}

TEST_CASE("golden: flows and steps errors", "[scenario][golden]") {
    const std::string head =
        R"({"target": "http://h", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},)"
        "\n";
    CHECK(errors_of(head + R"("steps": []})") ==
          "s.json:2:10: error: `steps` in scenario must be a non-empty array of steps, got an empty array (at /steps)");
    CHECK(
        errors_of(head + R"("flows": [{"steps": [{"http": {"path": "/"}}]}], "steps": [{"http": {"path": "/x"}}]})") ==
        "s.json:2:50: error: use either `flows` or `steps` in scenario, not both (at /steps)");
    CHECK(errors_of(head + R"("flows": {}})") ==
          "s.json:2:10: error: `flows` in scenario must be a non-empty array of flows, got object (at /flows)");
    CHECK(errors_of(head + R"("flows": [{"name": "a", "weight": 0, "steps": [{"http": {"path": "/"}}]}]})") ==
          "s.json:2:35: error: `weight` in flow must be a number greater than 0, got 0 (at /flows/0/weight)");
    CHECK(errors_of(head + R"("flows": [{"stepz": []}]})") ==
          "s.json:2:11: error: missing required key `steps` in flow (at /flows/0)\n"
          "s.json:2:12: error: unknown key `stepz` in flow; did you mean `steps`? (at /flows/0/stepz)");
    CHECK(errors_of(head + R"("flows": [{"name": "a", "steps": [{"http": {"path": "/"}}]},
{"name": "a", "steps": [{"http": {"path": "/b"}}]}]})") ==
          "s.json:3:10: error: duplicate flow name `a` (first at line 2, column 11) (at /flows/1/name)");
}

TEST_CASE("golden: step errors", "[scenario][golden]") {
    const std::string head =
        R"({"target": "http://h", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},)"
        "\n";
    CHECK(errors_of(head + R"("steps": [{"name": "x"}]})") ==
          "s.json:2:11: error: step needs exactly one of `http`, `pause`, `group`, `repeat` or `set` (at /steps/0)");
    CHECK(errors_of(head + R"("steps": [{"htp": {"path": "/"}}]})") ==
          "s.json:2:11: error: step needs exactly one of `http`, `pause`, `group`, `repeat` or `set` (at /steps/0)\n"
          "s.json:2:12: error: unknown key `htp` in step; did you mean `http`? (at /steps/0/htp)");
    CHECK(errors_of(head + R"("steps": [{"http": {"path": "/"}}, {"http": {"path": "/"}}]})") ==
          "s.json:2:36: error: duplicate step name `GET /` in scenario `default` (first at line 2, column 11); set a "
          "distinct `name` (at /steps/1)");
    CHECK(errors_of(head + R"("steps": [{"name": "a", "http": {"path": "/"}},
  {"name": "a", "http": {"path": "/b"}}]})") ==
          "s.json:3:12: error: duplicate step name `a` in scenario `default` (first at line 2, column 20); set a "
          "distinct `name` (at /steps/1/name)");
    CHECK(errors_of(head + R"("steps": [{"name": "", "http": {"path": "/"}}]})") ==
          "s.json:2:20: error: `name` in step must not be empty (at /steps/0/name)");
    CHECK(errors_of(head + R"("steps": ["GET /"]})") ==
          "s.json:2:11: error: step must be an object, got \"GET /\" (at /steps/0)");
    // The protocol parser's own errors come through with their positions.
    CHECK(errors_of(head + R"("steps": [{"http": {"path": "nope"}}]})") ==
          "s.json:2:29: error: `path` in http step must start with '/', got \"nope\" (at /steps/0/http/path)");
}

TEST_CASE("a step naming two protocols is rejected", "[scenario]") {
    const throng::test::EchoParser echo("http://");
    const StepParser* const both[] = {http_only()[0], &echo};
    CHECK(errors_of(R"({"target": "http://h", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
"steps": [{"http": {"path": "/"}, "echo": {}}]})",
                    {}, both) ==
          "s.json:2:11: error: step has both `http` and `echo`; a step needs exactly one of "
          "`http`, `echo`, `pause`, `group`, `repeat` or `set` (at /steps/0)");
    const Plan plan = parse_scenario(R"({"target": "http://h", "executor": {"type": "constant-vus", "vus": 1,
"duration": "1s"}, "steps": [{"echo": {}}, {"name": "h", "http": {"path": "/"}}]})",
                                     "x.json", both);
    const auto& steps = throng::test::steps_of(plan);
    CHECK(steps[0].spec->protocol() == "echo");
    CHECK(steps[1].spec->protocol() == "http");
}

TEST_CASE("golden: think time errors", "[scenario][golden]") {
    const auto think = [](const std::string& body) { return errors_of(with(R"("think_time": )" + body)); };
    CHECK(think(R"({"between_steps": {"distribution": "uniform", "min": "2s", "max": "1s"}})") ==
          "s.json:3:81: error: `max` in think_time.between_steps must not be less than `min` "
          "(at /think_time/between_steps/max)");
    CHECK(think(R"({"between_steps": {"distribution": "constant", "value": "1s", "min": "1s"}})") ==
          "s.json:3:77: error: `min` is not used by the constant distribution (at /think_time/between_steps/min)");
    CHECK(think(R"({"between_iterations": {"distribution": "gaussian"}})") ==
          "s.json:3:55: error: `distribution` in think_time.between_iterations must be `constant`, `uniform`, "
          "`exponential` or `normal`, got \"gaussian\" (at /think_time/between_iterations/distribution)");
    CHECK(think(R"({"between_steps": [1]})") ==
          "s.json:3:33: error: `between_steps` in think_time must be a duration like \"100ms\" or an object like "
          "{\"distribution\": \"uniform\", \"min\": \"50ms\", \"max\": \"150ms\"}, got array "
          "(at /think_time/between_steps)");
    CHECK(think(R"({"between_step": "1s"})") ==
          "s.json:3:16: error: unknown key `between_step` in think_time; did you mean `between_steps`? "
          "(at /think_time/between_step)");
}

TEST_CASE("golden: threshold errors in a scenario", "[scenario][golden]") {
    CHECK(errors_of(with(R"("thresholds": {"latency{step:GET /x}": ["p(95)<1s"], "latency": ["p95<200ms"]})")) ==
          "s.json:3:16: error: threshold key `latency{step:GET /x}`: no step has the tag `step:GET /x`; did you mean "
          "`GET /`? (at /thresholds/latency{step:GET ~1x})\n"
          "s.json:3:66: error: threshold `p95<200ms` on latency: expected p(N), med, avg, min or max, then <, <=, >, "
          ">= or ==, then a duration like 200ms (at /thresholds/latency/0)");
}

TEST_CASE("every error in a scenario is reported, in source order", "[scenario]") {
    const std::string text = R"({
  "nme": "x",
  "target": "ftp://h",
  "executor": {"type": "constant-vus", "vus": 0, "duration": "forever"},
  "think_time": {"between_steps": "soon"},
  "steps": [
    {"http": {"path": "a"}},
    {"http": {"path": "/", "metod": "GET"}}
  ],
  "thresholds": {"errors": ["rate<1"], "requests": ["rate>1/d"]}
})";
    const std::string all = errors_of(text);
    CHECK(all ==
          "s.json:2:3: error: unknown key `nme` in scenario; did you mean `name`? (at /nme)\n"
          "s.json:3:13: error: `target` in scenario must be a URL starting with http:// or https://, or embedded:demo, "
          "got "
          "\"ftp://h\" (at /target)\n"
          "s.json:4:47: error: `vus` in executor must be an integer from 1 to 1000000, got 0 (at /executor/vus)\n"
          "s.json:4:62: error: `duration` in executor must be a duration like \"250ms\", \"30s\" or \"1m30s\", or a "
          "number of seconds, got \"forever\" (at /executor/duration)\n"
          "s.json:5:35: error: `between_steps` in think_time must be a duration like \"250ms\", \"30s\" or \"1m30s\", "
          "or a number of seconds, got \"soon\" (at /think_time/between_steps)\n"
          "s.json:7:23: error: `path` in http step must start with '/', got \"a\" (at /steps/0/http/path)\n"
          "s.json:8:28: error: unknown key `metod` in http step; did you mean `method`? (at /steps/1/http/metod)\n"
          "s.json:10:53: error: threshold `rate>1/d` on requests: expected rate, then <, <=, >, >= or ==, then a rate "
          "like 100/s or 6000/m; or count, an operator and a whole number like 1000 (at /thresholds/requests/0)");
    try {
        parse_scenario(text, "s.json", http_only());
    } catch (const InputError& e) {
        CHECK(e.diagnostics().size() == 8);
        CHECK(e.diagnostics()[0].file == "s.json");
    }
}

TEST_CASE("load_scenario reads a file", "[scenario]") {
    const auto dir = std::filesystem::temp_directory_path() / ("throng-scenario-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "smoke.json";
    {
        std::ofstream out(file);
        out << with(R"("description": "from disk")");
    }
    const Plan plan = load_scenario(file.string(), http_only());
    CHECK(plan.name == "smoke");
    CHECK(plan.description == "from disk");
    CHECK(plan.source_file == file.string());

    {
        std::ofstream out(file);
        out << "{\"target\": 1}";
    }
    try {
        load_scenario(file.string(), http_only());
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(e.diagnostics().front().file == file.string());
    }

    const std::string missing = (dir / "missing.json").string();
    try {
        load_scenario(missing, http_only());
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()) == missing + ":1:1: error: cannot read scenario file: No such file or directory");
    }
    try {
        load_scenario(dir.string(), http_only());
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()) == dir.string() + ":1:1: error: cannot read scenario file: Is a directory");
    }
    std::filesystem::remove_all(dir);
}
