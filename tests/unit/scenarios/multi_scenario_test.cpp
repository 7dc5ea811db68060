// Several scenarios in one file: names, start_after (a delay or another
// scenario), pacing, tags, seed, and the tags thresholds may filter by.
#include <catch2/catch.hpp>

#include "scenarios/known_tags.hpp"
#include "support/scenario_parsing.hpp"

using namespace std::chrono_literals;
using throng::test::errors_of;
using throng::test::parse_plan;

namespace {

// A file with the given "scenarios" object (and other top-level members).
std::string with_scenarios(const std::string& scenarios, const std::string& members = "") {
    return R"({"target": "embedded:demo", "scenarios": )" + scenarios + (members.empty() ? "" : ", " + members) + "}";
}

// A scenario of `duration` constant load with one request, plus `members`.
std::string scenario(const std::string& duration, const std::string& members = "") {
    return R"({"executor": {"type": "constant-vus", "vus": 1, "duration": ")" + duration +
           R"("}, "steps": [{"http": {"path": "/"}}])" + (members.empty() ? "" : ", " + members) + "}";
}

}  // namespace

TEST_CASE("scenarios by name, started after a delay or after each other", "[scenario][multi]") {
    const auto plan = parse_plan(with_scenarios(R"({
  "warmup": )" + scenario("10s") + R"(,
  "load": )" + scenario("20s", R"("start_after": "warmup")") +
                                                R"(,
  "spike": )" + scenario("5s", R"("start_after": "load")") +
                                                R"(,
  "probe": )" + scenario("1m", R"("start_after": "2.5s")") +
                                                R"(,
  "late": )" + scenario("1s", R"("start_after": 90)") +
                                                R"(
})"));
    REQUIRE(plan.scenarios.size() == 5);
    CHECK(plan.scenarios[0].name == "warmup");
    CHECK(plan.scenarios[0].start_offset == 0s);
    CHECK(plan.scenarios[0].start_after.empty());
    CHECK(plan.scenarios[1].name == "load");
    CHECK(plan.scenarios[1].start_after == "warmup");
    CHECK(plan.scenarios[1].start_offset == 10s);
    CHECK(plan.scenarios[2].start_offset == 30s);
    CHECK(plan.scenarios[3].start_after == "2.5s");
    CHECK(plan.scenarios[3].start_offset == 2500ms);
    CHECK(plan.scenarios[4].start_after == "90");
    CHECK(plan.scenarios[4].start_offset == 90s);
    CHECK(plan.load_duration() == 91s);
    CHECK(plan.max_vus() == 5);
}

TEST_CASE("start_after may name a scenario declared later", "[scenario][multi]") {
    const auto plan = parse_plan(with_scenarios(R"({"b": )" + scenario("3s", R"("start_after": "a")") + R"(, "a": )" +
                                                scenario("2s", R"("start_after": "1s")") + "}"));
    CHECK(plan.scenarios[0].start_offset == 3s);
    CHECK(plan.scenarios[1].start_offset == 1s);
}

TEST_CASE("scenario tags, pacing, think time and seed", "[scenario][multi]") {
    const auto plan = parse_plan(with_scenarios(R"({"browse": {
  "executor": {"type": "constant-vus", "vus": 2, "duration": "5s"},
  "tags": {"team": "web"}, "pacing": "2s",
  "think_time": {"between_steps": "100ms"},
  "flows": [
    {"name": "a", "tags": {"kind": "read"}, "pacing": "500ms",
     "think_time": {"between_iterations": {"distribution": "exponential", "mean": "1s"}},
     "steps": [{"http": {"path": "/"}}]},
    {"name": "b", "steps": [{"http": {"path": "/b"}}]}
  ]}})",
                                                R"("seed": 42)"));
    CHECK(plan.seed == 42u);
    const auto& s = plan.scenarios.at(0);
    CHECK(s.tags == throng::core::Tags{{"team", "web"}});
    CHECK(s.pacing == 2s);
    CHECK(s.between_steps.value == 100ms);
    CHECK(s.between_iterations.is_none());
    const auto& a = s.flows.at(0);
    CHECK(a.tags == throng::core::Tags{{"kind", "read"}});
    CHECK(a.pacing == 500ms);
    CHECK_FALSE(a.between_steps);
    REQUIRE(a.between_iterations);
    CHECK(a.between_iterations->kind == throng::core::ThinkTime::Kind::exponential);
    const auto& b = s.flows.at(1);
    CHECK(b.pacing == 0s);  // the scenario's pacing applies
    CHECK(b.tags.empty());
}

TEST_CASE("known tags gather every request's inherited tags and every check", "[scenario][multi]") {
    const auto plan = parse_plan(
        with_scenarios(R"({
  "browse": {"executor": {"type": "constant-vus", "vus": 1, "duration": "1s"}, "tags": {"team": "web"},
    "flows": [{"name": "f", "tags": {"kind": "read"}, "steps": [
      {"group": "g", "steps": [{"name": "item", "http": {"path": "/items/1"}, "checks": {"ok": {"status": 200}}}]}]}]},
  "api": {"executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
    "steps": [{"name": "health", "http": {"path": "/health"}, "tags": {"kind": "probe"}}]}
})",
                       R"("setup": [{"http": {"path": "/login"}, "checks": {"logged_in": {"status": 200}}}])"));
    const auto known = throng::scenarios::known_tags(plan).values;
    using Set = std::set<std::string>;
    CHECK(known.at("scenario") == Set{"api", "browse"});
    CHECK(known.at("flow") == Set{"default", "f"});
    CHECK(known.at("step") == Set{"health", "item"});
    CHECK(known.at("group") == Set{"g"});
    CHECK(known.at("team") == Set{"web"});
    CHECK(known.at("kind") == Set{"probe", "read"});
    CHECK(known.at("check") == Set{"logged_in", "ok"});
}

TEST_CASE("multi-scenario errors", "[scenario][multi][golden]") {
    CHECK(errors_of(with_scenarios(R"({"a": )" + scenario("1s", R"("start_after": "b")") + R"(, "b": )" +
                                   scenario("1s", R"("start_after": "a")") + "}")) ==
          "s.json:1:295: error: `start_after` forms a cycle: a -> b -> a (each scenario waits for the next) "
          "(at /scenarios/b/start_after)");
    CHECK(errors_of(with_scenarios(R"({"a": )" + scenario("1s", R"("start_after": "a")") + "}")) ==
          "s.json:1:166: error: `start_after` forms a cycle: a -> a (each scenario waits for the next) "
          "(at /scenarios/a/start_after)");
    CHECK(errors_of(with_scenarios(R"({"browse": )" + scenario("1s") + R"(, "x": )" +
                                   scenario("1s", R"("start_after": "brwse")") + "}")) ==
          "s.json:1:280: error: `start_after` in scenario `x` names no scenario `brwse`; did you mean `browse`? "
          "(it takes a duration like \"30s\" or the name of another scenario) (at /scenarios/x/start_after)");
    CHECK(errors_of(with_scenarios(R"({"a b": )" + scenario("1s") + R"(, "c": )" +
                                   scenario("1s", R"("start_after": [1])") + "}")) ==
          "s.json:1:43: error: scenario name `a b` must be non-empty and hold only letters, digits, '_', '.' and '-' "
          "(at /scenarios/a b)\n"
          "s.json:1:277: error: `start_after` in scenario `c` must be a duration like \"30s\" or the name of another "
          "scenario, got array (at /scenarios/c/start_after)");
    CHECK(errors_of(with_scenarios("{}")) ==
          "s.json:1:42: error: `scenarios` must be a non-empty object of scenario names to scenarios, like "
          "{\"browse\": {\"executor\": ..., \"steps\": [...]}}, got an empty object (at /scenarios)");
    CHECK(
        errors_of(with_scenarios(R"({"a": )" + scenario("1s") + "}",
                                 R"("executor": {"type": "constant-vus", "vus": 1, "duration": "1s"}, "tags": {})")) ==
        "s.json:1:153: error: `executor` cannot be at the top level next to `scenarios`: move it into each scenario "
        "under `scenarios`, or drop `scenarios` for a single scenario (at /executor)\n"
        "s.json:1:219: error: `tags` cannot be at the top level next to `scenarios`: move it into each scenario "
        "under `scenarios`, or drop `scenarios` for a single scenario (at /tags)");
    CHECK(errors_of(
              with_scenarios(R"({"open": {"executor": {"type": "constant-arrival-rate", "rate": 5, "duration": "1s"},
"pacing": "1s", "flows": [{"pacing": "1s", "steps": [{"http": {"path": "/"}}]}]}})")) ==
          "s.json:2:11: error: `pacing` in scenario `open` needs a closed-model executor (constant-vus or "
          "ramping-vus): an arrival-rate executor sets the pace itself (at /scenarios/open/pacing)\n"
          "s.json:2:38: error: `pacing` in flow needs a closed-model executor (constant-vus or ramping-vus): an "
          "arrival-rate executor sets the pace itself (at /scenarios/open/flows/0/pacing)");
    CHECK(errors_of(
              with_scenarios(R"({"a": )" + scenario("1s", R"("exector": 1, "pacing": "0s")") + "}", R"("seed": 0)")) ==
          "s.json:1:151: error: unknown key `exector` in scenario `a`; did you mean `executor`? "
          "(at /scenarios/a/exector)\n"
          "s.json:1:175: error: `pacing` in scenario `a` must be greater than 0 (at /scenarios/a/pacing)\n"
          "s.json:1:191: error: `seed` in scenario must be an integer >= 1, got 0 (at /seed)");
}

TEST_CASE("warm-up: the top level's is every scenario's, a scenario's own replaces it", "[scenario][multi][warmup]") {
    const auto plan = parse_plan(with_scenarios(R"({"a": )" + scenario("10s") + R"(, "b": )" +
                                                    scenario("10s", R"("warmup": {"iterations": 50})") + R"(, "c": )" +
                                                    scenario("10s", R"("warmup": "0s")") + "}",
                                                R"("warmup": "3s")"));
    REQUIRE(plan.scenarios.size() == 3);
    CHECK(plan.scenarios[0].warmup.duration == 3s);
    CHECK(plan.scenarios[0].warmup.iterations == 0);
    CHECK(plan.scenarios[1].warmup.duration == 0s);
    CHECK(plan.scenarios[1].warmup.iterations == 50);
    CHECK_FALSE(plan.scenarios[2].warmup.any());

    const auto single = parse_plan(R"({"target": "embedded:demo", "warmup": {"iterations": 7},
        "executor": {"type": "constant-vus", "vus": 1, "duration": "5s"}, "steps": [{"http": {"path": "/"}}]})");
    CHECK(single.scenarios[0].warmup.iterations == 7);
    CHECK_FALSE(parse_plan(with_scenarios(R"({"a": )" + scenario("1s") + "}")).scenarios[0].warmup.any());
}

TEST_CASE("warm-up: a wrong value says what it takes", "[scenario][multi][warmup]") {
    CHECK(errors_of(with_scenarios(R"({"a": )" + scenario("1s", R"("warmup": "soon")") + "}")) ==
          "s.json:1:161: error: `warmup` must be a duration (\"10s\", or a number of seconds) or {\"iterations\": N}, "
          "got \"soon\" (at /scenarios/a/warmup)");
    CHECK_THAT(errors_of(with_scenarios(R"({"a": )" + scenario("1s", R"("warmup": {"iterations": 0})") + "}")),
               Catch::Contains("/scenarios/a/warmup/iterations"));
    CHECK_THAT(errors_of(with_scenarios(R"({"a": )" + scenario("1s", R"("warmup": {"iteration": 5})") + "}")),
               Catch::Contains("did you mean `iterations`?"));
}
