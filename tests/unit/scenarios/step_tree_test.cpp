// The step tree: requests, pauses, groups and loops, conditions, step-level
// timeout, think time and tags, and name uniqueness.
#include <catch2/catch.hpp>

#include "support/scenario_parsing.hpp"

using namespace std::chrono_literals;
using throng::core::Condition;
using throng::core::Step;
using throng::core::ThinkTime;
using throng::test::errors_of;
using throng::test::http_of;
using throng::test::parse_plan;
using throng::test::steps_of;
using throng::test::with_steps;

TEST_CASE("the step tree keeps its shape", "[scenario][steps]") {
    const auto plan = parse_plan(with_steps(R"([
  {"name": "login", "http": {"method": "POST", "path": "/login"}, "timeout": "2s",
   "extract": {"token": {"json": "/token"}}, "checks": {"ok": {"status": 200}},
   "think_time": "250ms", "tags": {"kind": "auth"}},
  {"pause": "1s"},
  {"group": "browse", "tags": {"area": "catalog"}, "think_time": {"distribution": "uniform", "min": "1s", "max": "2s"},
   "steps": [
     {"http": {"path": "/items"}},
     {"repeat": 3, "steps": [{"http": {"path": "/items/1"}}]},
     {"name": "poll", "repeat": {"while": {"unset": "token"}, "max": 5},
      "steps": [{"pause": {"distribution": "normal", "mean": "100ms", "stddev": "10ms"}, "name": "wait"}]}
   ]},
  {"http": {"path": "/me"}, "if": {"set": "token"}},
  {"http": {"path": "/retry"}, "if": {"failed": "ok"}},
  {"pause": 0.5, "if": {"passed": "ok"}}
])"));
    const auto& steps = steps_of(plan);
    REQUIRE(steps.size() == 6);

    const Step& login = steps[0];
    CHECK(login.kind == Step::Kind::request);
    CHECK(login.name == "login");
    CHECK(login.timeout == 2s);
    REQUIRE(login.extract.size() == 1);
    CHECK(login.extract[0].variable == "token");
    REQUIRE(login.checks.size() == 1);
    CHECK(login.checks[0].name == "ok");
    REQUIRE(login.think_time);
    CHECK(login.think_time->kind == ThinkTime::Kind::constant);
    CHECK(login.think_time->value == 250ms);
    CHECK(login.tags == throng::core::Tags{{"kind", "auth"}});
    CHECK(http_of(login).method == "POST");

    const Step& pause = steps[1];
    CHECK(pause.kind == Step::Kind::pause);
    CHECK(pause.name == "pause");
    CHECK(pause.pause.kind == ThinkTime::Kind::constant);
    CHECK(pause.pause.value == 1s);
    CHECK_FALSE(pause.spec);

    const Step& group = steps[2];
    CHECK(group.kind == Step::Kind::group);
    CHECK(group.name == "browse");
    CHECK(group.tags == throng::core::Tags{{"area", "catalog"}});
    REQUIRE(group.think_time);
    CHECK(group.think_time->kind == ThinkTime::Kind::uniform);
    REQUIRE(group.steps.size() == 3);
    CHECK(group.steps[0].name == "GET /items");

    const Step& counted = group.steps[1];
    CHECK(counted.kind == Step::Kind::loop);
    CHECK(counted.name == "repeat");
    CHECK(counted.count == 3);
    CHECK_FALSE(counted.while_condition);
    REQUIRE(counted.steps.size() == 1);
    CHECK(counted.steps[0].name == "GET /items/1");

    const Step& poll = group.steps[2];
    CHECK(poll.kind == Step::Kind::loop);
    CHECK(poll.name == "poll");
    CHECK(poll.count == 0);
    REQUIRE(poll.while_condition);
    CHECK(poll.while_condition->kind == Condition::Kind::unset);
    CHECK(poll.while_condition->name == "token");
    CHECK(poll.max_passes == 5);
    REQUIRE(poll.steps.size() == 1);
    CHECK(poll.steps[0].name == "wait");
    CHECK(poll.steps[0].pause.kind == ThinkTime::Kind::normal);
    CHECK(poll.steps[0].pause.stddev == 10ms);

    REQUIRE(steps[3].condition);
    CHECK(steps[3].condition->kind == Condition::Kind::set);
    CHECK(steps[3].condition->name == "token");
    REQUIRE(steps[4].condition);
    CHECK(steps[4].condition->kind == Condition::Kind::failed);
    CHECK(steps[4].condition->name == "ok");
    REQUIRE(steps[5].condition);
    CHECK(steps[5].condition->kind == Condition::Kind::passed);
    CHECK(steps[5].pause.value == 500ms);
}

TEST_CASE("while loops default to at most 1000 passes", "[scenario][steps]") {
    const auto plan = parse_plan(with_steps(R"([
  {"http": {"path": "/"}, "extract": {"next": {"header": "Link"}}},
  {"repeat": {"while": {"set": "next"}}, "steps": [{"http": {"path": "/${next}"}}]}])"));
    const Step& loop = steps_of(plan)[1];
    CHECK(loop.max_passes == 1000);
    CHECK(loop.while_condition->name == "next");
}

TEST_CASE("for_each_request sees nested requests with group tags", "[scenario][steps]") {
    const auto plan = parse_plan(with_steps(R"([
  {"http": {"path": "/a"}},
  {"group": "outer", "tags": {"t": "1"}, "steps": [
    {"group": "inner", "steps": [{"name": "deep", "http": {"path": "/b"}, "tags": {"u": "2"}}]},
    {"repeat": 2, "steps": [{"name": "looped", "http": {"path": "/c"}}]}]}])"));
    std::vector<std::pair<std::string, throng::core::Tags>> seen;
    throng::core::for_each_request(steps_of(plan), {}, [&](const Step& step, const throng::core::Tags& tags) {
        seen.emplace_back(step.name, tags);
    });
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].first == "GET /a");
    CHECK(seen[0].second.empty());
    CHECK(seen[1].first == "deep");
    CHECK(seen[1].second == throng::core::Tags{{"group", "outer::inner"}, {"t", "1"}, {"u", "2"}});
    CHECK(seen[2].first == "looped");
    CHECK(seen[2].second == throng::core::Tags{{"group", "outer"}, {"t", "1"}});
}

TEST_CASE("step names are unique per scenario, group names too, setup and teardown apart", "[scenario][steps]") {
    // The same name in setup, teardown and a scenario is fine; so is a group named like a step.
    CHECK_NOTHROW(parse_plan(with_steps(R"([{"name": "a", "http": {"path": "/"}},
      {"group": "a", "steps": [{"http": {"path": "/x"}}]}])",
                                        R"("setup": [{"name": "a", "http": {"path": "/"}}],
"teardown": [{"name": "a", "http": {"path": "/"}}])")));
    // Pauses and loops may repeat their default names.
    CHECK_NOTHROW(parse_plan(with_steps(R"([{"pause": "1s"}, {"pause": "1s"},
      {"repeat": 1, "steps": [{"http": {"path": "/1"}}]}, {"repeat": 1, "steps": [{"http": {"path": "/2"}}]}])")));
    CHECK(errors_of(with_steps(R"([{"group": "g", "steps": [{"http": {"path": "/"}}]},
{"group": "g", "steps": [{"http": {"path": "/"}}]}])")) ==
          "s.json:3:11: error: duplicate group name `g` in scenario `default` (first at line 2, column 21) "
          "(at /steps/1/group)\n"
          "s.json:3:26: error: duplicate step name `GET /` in scenario `default` (first at line 2, column 36); set "
          "a distinct `name` (at /steps/1/steps/0)");
    CHECK(errors_of(with_steps(R"([{"http": {"path": "/"}}])", R"("setup": [{"http": {"path": "/"}},
{"http": {"path": "/"}}])")) ==
          "s.json:4:1: error: duplicate step name `GET /` in setup (first at line 3, column 11); set a distinct "
          "`name` (at /setup/1)");
}

TEST_CASE("step errors name what is wrong", "[scenario][steps][golden]") {
    const auto errors = [](const std::string& step) { return errors_of(with_steps("[" + step + "]")); };
    CHECK(errors(R"({"pause": "1s", "timeout": "1s"})") ==
          "s.json:2:27: error: `timeout` is not used by a pause step (at /steps/0/timeout)");
    CHECK(errors(R"({"group": "g", "name": "n", "steps": [{"pause": 1}]})") ==
          "s.json:2:26: error: `name` is not used by a group step: the group's name is its `group` value "
          "(at /steps/0/name)");
    CHECK(errors(R"({"group": "a::b", "steps": [{"pause": 1}]})") ==
          "s.json:2:21: error: `group` name must not contain `::`, which separates nested groups in the `group` tag "
          "(at /steps/0/group)");
    CHECK(errors(R"({"group": "g", "steps": []})") ==
          "s.json:2:35: error: `steps` in group must be a non-empty array of steps, got an empty array "
          "(at /steps/0/steps)");
    CHECK(errors(R"({"group": "g"})") == "s.json:2:11: error: missing required key `steps` in step (at /steps/0)");
    CHECK(errors(R"({"repeat": 0, "steps": [{"pause": 1}]})") ==
          "s.json:2:22: error: `repeat` in step must be an integer from 1 to 1000000, got 0 (at /steps/0/repeat)");
    CHECK(errors(R"({"repeat": "3", "steps": [{"pause": 1}]})") ==
          "s.json:2:22: error: `repeat` in step must be a number of passes from 1 to 1000000, or {\"while\": "
          "CONDITION, \"max\": N}, got \"3\" (at /steps/0/repeat)");
    CHECK(errors(R"({"repeat": {"max": 0}, "steps": [{"pause": 1}]})") ==
          "s.json:2:22: error: missing required key `while` in repeat (at /steps/0/repeat)\n"
          "s.json:2:30: error: `max` in repeat must be an integer from 1 to 1000000, got 0 (at /steps/0/repeat/max)");
    CHECK(errors(R"({"http": {"path": "/"}, "timeout": "0s"})") ==
          "s.json:2:46: error: `timeout` in step must be greater than 0 (at /steps/0/timeout)");
    CHECK(errors(R"({"pause": [1]})") ==
          "s.json:2:21: error: `pause` in step must be a duration like \"100ms\" or an object like "
          "{\"distribution\": \"uniform\", \"min\": \"50ms\", \"max\": \"150ms\"}, got array (at /steps/0/pause)");
    CHECK(errors(R"({"pause": {"distribution": "normal", "mean": "1s"}})") ==
          "s.json:2:21: error: missing required key `stddev` in step.pause (at /steps/0/pause)");
    CHECK(errors(R"({"http": {"path": "/"}, "tags": {"step": "x", "9": "y", "ok": 1}})") ==
          "s.json:2:44: error: tag name `step` is reserved: throng sets `step`, `flow`, `scenario`, `group` and "
          "`check` itself (at /steps/0/tags/step)\n"
          "s.json:2:57: error: tag name `9` must start with a letter or '_' and hold only letters, digits and '_' "
          "(at /steps/0/tags/9)\n"
          "s.json:2:73: error: tag `ok` must have a string value, got number (at /steps/0/tags/ok)");
}

TEST_CASE("condition errors", "[scenario][steps][golden]") {
    const auto condition = [](const std::string& cond) {
        return errors_of(with_steps(R"([{"http": {"path": "/"}, "extract": {"v": {"status": true}},
  "checks": {"ok": {"status": 200}}}, {"pause": 1, "if": )" +
                                    cond + "}]"));
    };
    CHECK(condition(R"("v")") ==
          "s.json:3:58: error: `if` condition must be one of {\"set\": VARIABLE}, {\"unset\": VARIABLE}, "
          "{\"passed\": CHECK} or {\"failed\": CHECK}, got \"v\" (at /steps/1/if)");
    CHECK(condition(R"({"set": "v", "passed": "ok"})") ==
          "s.json:3:58: error: `if` condition needs exactly one of `set`, `unset`, `passed` or `failed`, like "
          "{\"set\": \"token\"} (at /steps/1/if)");
    CHECK(condition(R"({"sett": "v"})") ==
          "s.json:3:58: error: `if` condition needs exactly one of `set`, `unset`, `passed` or `failed`, like "
          "{\"set\": \"token\"} (at /steps/1/if)\n"
          "s.json:3:59: error: unknown key `sett` in `if` condition; did you mean `set`? (at /steps/1/if/sett)");
    CHECK(condition(R"({"set": "w"})") ==
          "s.json:3:66: error: unknown variable `w`; did you mean `v`? (at /steps/1/if/set)");
    CHECK(condition(R"({"passed": "okk"})") ==
          "s.json:3:69: error: unknown check `okk`; did you mean `ok`? (at /steps/1/if/passed)");
    CHECK(condition(R"({"failed": "missing"})") ==
          "s.json:3:69: error: unknown check `missing`: no step has a check with this name in its `checks` "
          "(at /steps/1/if/failed)");
    CHECK(condition(R"({"unset": ""})") ==
          "s.json:3:68: error: `unset` in `if` condition must not be empty (at /steps/1/if/unset)");
}
