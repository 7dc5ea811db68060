#include "scenarios/executor_parser.hpp"

#include <catch2/catch.hpp>

#include "harness/core/plan.hpp"
#include "scenarios/scenario_parser.hpp"
#include "targets/drivers/http/http_step.hpp"

using namespace std::chrono_literals;
using throng::core::ExecutorSpec;
using throng::core::InputError;
using throng::core::Plan;
using throng::core::StepParser;
using throng::scenarios::parse_scenario;
using throng::targets::http::HttpStepParser;

namespace {

const HttpStepParser http_parser;
const StepParser* const executor_test_parsers[] = {&http_parser};

// A valid scenario around the given executor, which starts at line 2, column 13.
std::string scenario_with(const std::string& executor) {
    return R"({"target": "http://h", "steps": [{"http": {"path": "/"}}],
"executor": )" +
           executor + "}";
}

Plan plan_of(const std::string& executor) {
    return parse_scenario(scenario_with(executor), "s.json", executor_test_parsers);
}

ExecutorSpec executor_of(const std::string& executor) { return plan_of(executor).scenarios.at(0).executor; }

// What both arrival-rate executors default to.
void check_open_model_defaults(const ExecutorSpec& ex) {
    CHECK(ex.pre_allocated_vus == 1);
    CHECK(ex.max_vus == 1);
    CHECK(ex.on_saturation == ExecutorSpec::Saturation::queue);
    CHECK(ex.max_queue == 10'000u);
    CHECK(ex.arrivals == ExecutorSpec::Arrivals::uniform);
    CHECK_FALSE(ex.iterations);
    CHECK(ex.graceful_stop == 30s);
}

// All diagnostics, formatted; fails if the executor is accepted.
std::string executor_errors(const std::string& executor) {
    try {
        parse_scenario(scenario_with(executor), "s.json", executor_test_parsers);
    } catch (const InputError& e) {
        return e.what();
    }
    FAIL("expected the executor to be rejected:\n" << executor);
    return {};
}

}  // namespace

TEST_CASE("constant-arrival-rate with every key", "[scenario][executor]") {
    const Plan plan = plan_of(R"({"type": "constant-arrival-rate", "rate": "500/s", "duration": "10s",
        "pre_allocated_vus": 20, "max_vus": 50, "on_saturation": "drop", "max_queue": 1000,
        "arrivals": "poisson", "iterations": 7, "graceful_stop": "5s"})");
    const ExecutorSpec& ex = plan.scenarios.at(0).executor;
    CHECK(ex.kind == ExecutorSpec::Kind::constant_arrival_rate);
    CHECK(ex.is_open_model());
    CHECK(ex.rate == 500);
    CHECK(ex.duration == 10s);
    CHECK(ex.pre_allocated_vus == 20);
    CHECK(ex.max_vus == 50);
    CHECK(ex.on_saturation == ExecutorSpec::Saturation::drop);
    CHECK(ex.max_queue == 1000u);
    CHECK(ex.arrivals == ExecutorSpec::Arrivals::poisson);
    CHECK(ex.iterations == 7u);
    CHECK(ex.graceful_stop == 5s);
    CHECK(ex.rate_stages.empty());
    CHECK(plan.load_duration() == 10s);
    CHECK(plan.max_vus() == 50);
}

TEST_CASE("constant-arrival-rate defaults", "[scenario][executor]") {
    const ExecutorSpec ex = executor_of(R"({"type": "constant-arrival-rate", "rate": 100, "duration": "1m"})");
    CHECK(ex.kind == ExecutorSpec::Kind::constant_arrival_rate);
    CHECK(ex.rate == 100);
    CHECK(ex.duration == 60s);
    check_open_model_defaults(ex);

    // max_vus follows pre_allocated_vus unless given.
    const ExecutorSpec pooled =
        executor_of(R"({"type": "constant-arrival-rate", "rate": 1, "duration": 1, "pre_allocated_vus": 8})");
    CHECK(pooled.pre_allocated_vus == 8);
    CHECK(pooled.max_vus == 8);
    const ExecutorSpec same = executor_of(
        R"({"type": "constant-arrival-rate", "rate": 1, "duration": 1, "pre_allocated_vus": 8, "max_vus": 8})");
    CHECK(same.max_vus == 8);
    const ExecutorSpec explicit_defaults = executor_of(R"({"type": "constant-arrival-rate", "rate": 1, "duration": 1,
        "on_saturation": "queue", "arrivals": "uniform", "max_queue": 0})");
    CHECK(explicit_defaults.on_saturation == ExecutorSpec::Saturation::queue);
    CHECK(explicit_defaults.arrivals == ExecutorSpec::Arrivals::uniform);
    CHECK(explicit_defaults.max_queue == 0u);
}

TEST_CASE("rates are per second whatever their unit", "[scenario][executor]") {
    const auto rate = [](const std::string& value) {
        return executor_of(R"({"type": "constant-arrival-rate", "duration": "1s", "rate": )" + value + "}").rate;
    };
    CHECK(rate(R"("500/s")") == 500);
    CHECK(rate(R"("6000/m")") == Approx(100));
    CHECK(rate(R"("90/m")") == Approx(1.5));
    CHECK(rate(R"("36000/h")") == Approx(10));
    CHECK(rate(R"("0.5/s")") == Approx(0.5));
    CHECK(rate("250") == 250);
    CHECK(rate("0.25") == Approx(0.25));
}

TEST_CASE("ramping-arrival-rate with every key", "[scenario][executor]") {
    const Plan plan = plan_of(R"({"type": "ramping-arrival-rate", "start_rate": "60/m",
        "stages": [{"duration": "10s", "target": "1000/s"}, {"duration": 20, "target": "6000/m"},
                   {"duration": "5s", "target": 0}, {"duration": 0, "target": 12.5}],
        "pre_allocated_vus": 10, "max_vus": 200, "on_saturation": "drop", "max_queue": 1000000000,
        "arrivals": "poisson", "iterations": 100000, "graceful_stop": "1s"})");
    const ExecutorSpec& ex = plan.scenarios.at(0).executor;
    CHECK(ex.kind == ExecutorSpec::Kind::ramping_arrival_rate);
    CHECK(ex.is_open_model());
    CHECK(ex.start_rate == Approx(1));
    REQUIRE(ex.rate_stages.size() == 4);
    CHECK(ex.rate_stages[0].duration == 10s);
    CHECK(ex.rate_stages[0].target == 1000);
    CHECK(ex.rate_stages[1].duration == 20s);
    CHECK(ex.rate_stages[1].target == Approx(100));
    CHECK(ex.rate_stages[2].duration == 5s);
    CHECK(ex.rate_stages[2].target == 0);
    CHECK(ex.rate_stages[3].duration == 0s);
    CHECK(ex.rate_stages[3].target == 12.5);
    CHECK(ex.stages.empty());
    CHECK(ex.pre_allocated_vus == 10);
    CHECK(ex.max_vus == 200);
    CHECK(ex.on_saturation == ExecutorSpec::Saturation::drop);
    CHECK(ex.max_queue == 1'000'000'000u);
    CHECK(ex.arrivals == ExecutorSpec::Arrivals::poisson);
    CHECK(ex.iterations == 100000u);
    CHECK(ex.graceful_stop == 1s);
    CHECK(plan.load_duration() == 35s);
    CHECK(plan.max_vus() == 200);
}

TEST_CASE("ramping-arrival-rate defaults", "[scenario][executor]") {
    const ExecutorSpec ex =
        executor_of(R"({"type": "ramping-arrival-rate", "stages": [{"duration": "1s", "target": "10/s"}]})");
    CHECK(ex.kind == ExecutorSpec::Kind::ramping_arrival_rate);
    CHECK(ex.start_rate == 0);
    REQUIRE(ex.rate_stages.size() == 1);
    CHECK(ex.rate_stages[0].target == 10);
    check_open_model_defaults(ex);
    CHECK(executor_of(R"({"type": "ramping-arrival-rate", "start_rate": 5, "stages": [{"duration": 1, "target": 0}]})")
              .start_rate == 5);
    CHECK(executor_of(
              R"({"type": "ramping-arrival-rate", "start_rate": "0/s", "stages": [{"duration": 1, "target": 0}]})")
              .start_rate == 0);
}

TEST_CASE("the closed models still parse as before", "[scenario][executor]") {
    const ExecutorSpec constant = executor_of(R"({"type": "constant-vus", "vus": 3, "duration": "2s"})");
    CHECK(constant.kind == ExecutorSpec::Kind::constant_vus);
    CHECK_FALSE(constant.is_open_model());
    CHECK(constant.vus == 3);
    const ExecutorSpec ramping = executor_of(R"({"type": "ramping-vus", "start_vus": 1,
        "stages": [{"duration": "1s", "target": 4}], "graceful_ramp_down": "2s"})");
    CHECK(ramping.kind == ExecutorSpec::Kind::ramping_vus);
    REQUIRE(ramping.stages.size() == 1);
    CHECK(ramping.stages[0].target == 4);
    CHECK(ramping.rate_stages.empty());
    CHECK(ramping.graceful_ramp_down == 2s);
}

TEST_CASE("golden: unknown executor type lists all four", "[scenario][executor][golden]") {
    CHECK(executor_errors(R"({"type": "constant-arrival", "rate": "1/s", "duration": "1s", "vus": 1})") ==
          "s.json:2:22: error: `type` in executor must be `constant-vus`, `ramping-vus`, `constant-arrival-rate` or "
          "`ramping-arrival-rate`, got \"constant-arrival\"; did you mean `constant-arrival-rate`? "
          "(at /executor/type)");
    CHECK(executor_errors(R"({"type": "ramping_arrival_rate", "stages": []})") ==
          "s.json:2:22: error: `type` in executor must be `constant-vus`, `ramping-vus`, `constant-arrival-rate` or "
          "`ramping-arrival-rate`, got \"ramping_arrival_rate\"; did you mean `ramping-arrival-rate`? "
          "(at /executor/type)");
    // Without a usable type, the type-specific keys are not judged; the shared ones are.
    CHECK(executor_errors(R"({"type": 1, "rate": "x", "max_vus": 0, "iterations": 0})") ==
          "s.json:2:22: error: `type` in executor must be `constant-vus`, `ramping-vus`, `constant-arrival-rate` or "
          "`ramping-arrival-rate`, got 1 (at /executor/type)\n"
          "s.json:2:66: error: `iterations` in executor must be an integer >= 1, got 0 (at /executor/iterations)");
}

TEST_CASE("golden: constant-arrival-rate rate errors", "[scenario][executor][golden]") {
    CHECK(executor_errors(R"({"type": "constant-arrival-rate", "duration": "1s"})") ==
          "s.json:2:13: error: missing required key `rate` in executor (at /executor)");
    CHECK(executor_errors(R"({"type": "constant-arrival-rate", "rate": "0/s", "duration": "1s"})") ==
          "s.json:2:55: error: `rate` in executor must be greater than 0 (at /executor/rate)");
    CHECK(executor_errors(R"({"type": "constant-arrival-rate", "rate": 0, "duration": "1s"})") ==
          "s.json:2:55: error: `rate` in executor must be greater than 0 (at /executor/rate)");
    CHECK(executor_errors(R"({"type": "constant-arrival-rate", "rate": "500/d", "duration": "0s"})") ==
          "s.json:2:55: error: `rate` in executor must be a rate like \"500/s\" or \"6000/m\", or a number per "
          "second, got \"500/d\" (at /executor/rate)\n"
          "s.json:2:76: error: `duration` in executor must be greater than 0 (at /executor/duration)");
    CHECK(executor_errors(R"({"type": "constant-arrival-rate", "rate": -5, "duration": "1s"})") ==
          "s.json:2:55: error: `rate` in executor must be a rate like \"500/s\" or \"6000/m\", or a number per "
          "second, got -5 (at /executor/rate)");
    CHECK(executor_errors(R"({"type": "constant-arrival-rate", "rate": ["500/s"], "duration": "1s"})") ==
          "s.json:2:55: error: `rate` in executor must be a rate like \"500/s\" or \"6000/m\", or a number per "
          "second, got array (at /executor/rate)");
    CHECK(executor_errors(R"({"type": "constant-arrival-rate", "rate": "500/s"})") ==
          "s.json:2:13: error: missing required key `duration` in executor (at /executor)");
}

TEST_CASE("golden: VU pool and saturation errors", "[scenario][executor][golden]") {
    const std::string head = R"({"type": "constant-arrival-rate", "rate": 1, "duration": 1,)"
                             "\n";
    CHECK(executor_errors(head + R"("pre_allocated_vus": 20, "max_vus": 5})") ==
          "s.json:3:37: error: `max_vus` in executor must not be less than `pre_allocated_vus` (20), got 5 "
          "(at /executor/max_vus)");
    CHECK(executor_errors(head + R"("pre_allocated_vus": 0, "max_vus": 1000001})") ==
          "s.json:3:22: error: `pre_allocated_vus` in executor must be an integer from 1 to 1000000, got 0 "
          "(at /executor/pre_allocated_vus)\n"
          "s.json:3:36: error: `max_vus` in executor must be an integer from 1 to 1000000, got 1000001 "
          "(at /executor/max_vus)");
    CHECK(executor_errors(head + R"("max_vus": "50", "max_queue": -1})") ==
          "s.json:3:12: error: `max_vus` in executor must be an integer from 1 to 1000000, got string "
          "(at /executor/max_vus)\n"
          "s.json:3:31: error: `max_queue` in executor must be an integer from 0 to 1000000000, got -1 "
          "(at /executor/max_queue)");
    CHECK(executor_errors(head + R"("max_queue": 1000000001})") ==
          "s.json:3:14: error: `max_queue` in executor must be an integer from 0 to 1000000000, got 1000000001 "
          "(at /executor/max_queue)");
    CHECK(executor_errors(head + R"("on_saturation": "block", "arrivals": "poison"})") ==
          "s.json:3:18: error: `on_saturation` in executor must be `queue` or `drop`, got \"block\" "
          "(at /executor/on_saturation)\n"
          "s.json:3:39: error: `arrivals` in executor must be `uniform` or `poisson`, got \"poison\"; did you mean "
          "`poisson`? (at /executor/arrivals)");
    CHECK(executor_errors(head + R"("pre_allocated_vu": 2})") ==
          "s.json:3:1: error: unknown key `pre_allocated_vu` in executor; did you mean `pre_allocated_vus`? "
          "(at /executor/pre_allocated_vu)");
}

TEST_CASE("golden: ramping-arrival-rate errors", "[scenario][executor][golden]") {
    CHECK(executor_errors(R"({"type": "ramping-arrival-rate", "start_rate": "fast"})") ==
          "s.json:2:13: error: missing required key `stages` in executor (at /executor)\n"
          "s.json:2:60: error: `start_rate` in executor must be a rate like \"500/s\" or \"6000/m\", or a number "
          "per second, got \"fast\" (at /executor/start_rate)");
    CHECK(executor_errors(R"({"type": "ramping-arrival-rate", "stages": []})") ==
          "s.json:2:56: error: `stages` in executor must be a non-empty array of {\"duration\", \"target\"} objects, "
          "got an empty array (at /executor/stages)");
    CHECK(executor_errors(R"({"type": "ramping-arrival-rate", "stages": {"duration": "1s", "target": 1}})") ==
          "s.json:2:56: error: `stages` in executor must be a non-empty array of {\"duration\", \"target\"} objects, "
          "got object (at /executor/stages)");
    CHECK(executor_errors(R"({"type": "ramping-arrival-rate", "stages": [{"duration": 0, "target": "5/s"}]})") ==
          "s.json:2:56: error: `stages` in executor needs at least one stage with a duration greater than 0 "
          "(at /executor/stages)");
    CHECK(executor_errors(
              R"({"type": "ramping-arrival-rate", "stages": [{"duration": "1s", "target": "-1/s", "rate": 2}]})") ==
          "s.json:2:86: error: `target` in stage must be a rate like \"500/s\" or \"6000/m\", or a number per "
          "second, got \"-1/s\" (at /executor/stages/0/target)\n"
          "s.json:2:94: error: unknown key `rate` in stage; expected `duration` or `target` "
          "(at /executor/stages/0/rate)");
    CHECK(executor_errors(R"({"type": "ramping-arrival-rate", "stages": [{"duration": "1s"}, {"target": -2}]})") ==
          "s.json:2:57: error: missing required key `target` in stage (at /executor/stages/0)\n"
          "s.json:2:77: error: missing required key `duration` in stage (at /executor/stages/1)\n"
          "s.json:2:88: error: `target` in stage must be a rate like \"500/s\" or \"6000/m\", or a number per "
          "second, got -2 (at /executor/stages/1/target)");
}

TEST_CASE("golden: keys of another executor type are named", "[scenario][executor][golden]") {
    CHECK(executor_errors(R"({"type": "constant-arrival-rate", "rate": 1, "duration": 1, "vus": 5, "start_vus": 1,
"graceful_ramp_down": "1s", "stages": [], "start_rate": 1})") ==
          "s.json:2:73: error: `vus` is not used by constant-arrival-rate (at /executor/vus)\n"
          "s.json:2:83: error: `start_vus` is not used by constant-arrival-rate (at /executor/start_vus)\n"
          "s.json:3:1: error: `graceful_ramp_down` is not used by constant-arrival-rate "
          "(at /executor/graceful_ramp_down)\n"
          "s.json:3:29: error: `stages` is not used by constant-arrival-rate (at /executor/stages)\n"
          "s.json:3:43: error: `start_rate` is not used by constant-arrival-rate (at /executor/start_rate)");
    CHECK(executor_errors(R"({"type": "ramping-arrival-rate", "stages": [{"duration": 1, "target": 1}],
"rate": "5/s", "duration": "1s", "vus": 2})") ==
          "s.json:3:1: error: `rate` is not used by ramping-arrival-rate (at /executor/rate)\n"
          "s.json:3:16: error: `duration` is not used by ramping-arrival-rate (at /executor/duration)\n"
          "s.json:3:34: error: `vus` is not used by ramping-arrival-rate (at /executor/vus)");
    CHECK(executor_errors(R"({"type": "constant-vus", "vus": 1, "duration": "1s", "rate": "5/s", "max_vus": 2})") ==
          "s.json:2:66: error: `rate` is not used by constant-vus (at /executor/rate)\n"
          "s.json:2:81: error: `max_vus` is not used by constant-vus (at /executor/max_vus)");
    CHECK(executor_errors(R"({"type": "ramping-vus", "stages": [{"duration": 1, "target": 1}], "start_rate": 0,
"pre_allocated_vus": 1, "on_saturation": "drop", "max_queue": 1, "arrivals": "poisson"})") ==
          "s.json:2:79: error: `start_rate` is not used by ramping-vus (at /executor/start_rate)\n"
          "s.json:3:1: error: `pre_allocated_vus` is not used by ramping-vus (at /executor/pre_allocated_vus)\n"
          "s.json:3:25: error: `on_saturation` is not used by ramping-vus (at /executor/on_saturation)\n"
          "s.json:3:50: error: `max_queue` is not used by ramping-vus (at /executor/max_queue)\n"
          "s.json:3:66: error: `arrivals` is not used by ramping-vus (at /executor/arrivals)");
    // A ramping-vus stage target stays a VU count.
    CHECK(executor_errors(R"({"type": "ramping-vus", "stages": [{"duration": 1, "target": "5/s"}]})") ==
          "s.json:2:74: error: `target` in stage must be an integer from 0 to 1000000, got string "
          "(at /executor/stages/0/target)");
}

TEST_CASE("expected_interval is a closed-model option", "[scenario][executor]") {
    using throng::core::Diagnostics;
    const auto closed = throng::core::json::parse(
        R"({"type": "constant-vus", "vus": 1, "duration": "1s", "expected_interval": "10ms"})");
    Diagnostics ok("e.json");
    CHECK(throng::scenarios::parse_executor(closed, ok).expected_interval == std::chrono::milliseconds(10));
    CHECK(ok.empty());
    const auto open = throng::core::json::parse(
        R"({"type": "constant-arrival-rate", "rate": 10, "duration": "1s", "expected_interval": "10ms"})");
    Diagnostics bad("e.json");
    throng::scenarios::parse_executor(open, bad);
    REQUIRE(bad.list().size() == 1);
    CHECK(bad.list()[0].message == "`expected_interval` is not used by constant-arrival-rate");
}
