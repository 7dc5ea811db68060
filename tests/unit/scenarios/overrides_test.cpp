// --set PATH=VALUE: dotted paths and JSON pointers, JSON or plain-string
// values, created objects, array elements, and malformed arguments.
#include "scenarios/overrides.hpp"

#include <catch2/catch.hpp>

#include "harness/core/diagnostics.hpp"
#include "support/scenario_parsing.hpp"

using namespace std::chrono_literals;
using throng::core::InputError;
using throng::scenarios::apply_overrides;
using throng::test::errors_of;
using throng::test::parse_plan;
namespace json = throng::core::json;

namespace {

const std::string base = R"({
  "target": "embedded:demo",
  "scenarios": {
    "browse": {"executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
               "flows": [{"name": "a", "steps": [{"http": {"path": "/"}}]}]}
  }
})";

// The document after the sets, compact.
std::string after(const std::string& text, std::vector<std::string> sets) {
    json::Value doc = json::parse(text);
    apply_overrides(doc, sets);
    return doc.dump();
}

}  // namespace

TEST_CASE("overrides: --set changes the document before it is read", "[scenario][set]") {
    const auto plan = parse_plan(
        base, "s.json",
        {"scenarios.browse.executor.vus=5", "/scenarios/browse/executor/duration=30s",
         "scenarios.browse.flows.0.weight=2.5", "name=from set", "seed=7", "scenarios.browse.tags.team=web"});
    const auto& s = plan.scenarios.at(0);
    CHECK(s.executor.vus == 5);
    CHECK(s.executor.duration == 30s);
    CHECK(s.flows.at(0).weight == 2.5);
    CHECK(plan.name == "from set");
    CHECK(plan.seed == 7u);
    CHECK(s.tags == throng::core::Tags{{"team", "web"}});
}

TEST_CASE("overrides: --set values: JSON when they parse, text otherwise", "[scenario][set]") {
    CHECK(after(R"({"a": 1})", {"a=2"}) == R"({"a":2})");
    CHECK(after(R"({"a": 1})", {"a=\"2\""}) == R"({"a":"2"})");
    CHECK(after(R"({"a": 1})", {"a=true"}) == R"({"a":true})");
    CHECK(after(R"({"a": 1})", {"a=30s"}) == R"({"a":"30s"})");
    CHECK(after(R"({"a": 1})", {"a="}) == R"({"a":""})");
    CHECK(after(R"({"a": 1})", {"a={\"b\": [1, 2]}"}) == R"({"a":{"b":[1,2]}})");
    CHECK(after(R"({"a": 1})", {"a=x=y"}) == R"({"a":"x=y"})");  // the first '=' splits
    // Missing objects are created; later sets see earlier ones.
    CHECK(after(R"({})", {"a.b.c=1", "a.b.d=2"}) == R"({"a":{"b":{"c":1,"d":2}}})");
    // Pointers unescape ~1 and ~0; dotted paths can reach keys with '/'.
    CHECK(after(R"({"thresholds": {}})", {"/thresholds/latency{step:GET ~1}=p(95)<1s"}) ==
          R"({"thresholds":{"latency{step:GET /}":"p(95)<1s"}})");
    CHECK(after(R"({"x": {"a~b": 1}})", {"/x/a~0b=2"}) == R"({"x":{"a~b":2}})");
    CHECK(after(R"({"steps": [{"a": 1}, {"a": 2}]})", {"steps.1.a=3", "/steps/0=null"}) ==
          R"({"steps":[null,{"a":3}]})");
}

TEST_CASE("values set keep positions in the file and the right pointers", "[scenario][set]") {
    json::Value doc = json::parse("{\n  \"executor\": {\"vus\": 1}\n}");
    apply_overrides(doc, {"executor.vus=\"many\"", "executor.stages=[{\"target\": 1}]"});
    const json::Value& vus = *doc.find("executor")->find("vus");
    CHECK(vus.as_string() == "many");
    CHECK(vus.pointer() == "/executor/vus");
    CHECK(vus.position().line == 2);
    CHECK(vus.position().column == 23);  // where the replaced 1 was
    const json::Value& target = *doc.find("executor")->find("stages")->items().at(0).find("target");
    CHECK(target.pointer() == "/executor/stages/0/target");
    CHECK(target.position().line == 2);
    CHECK(target.position().column == 15);  // the enclosing object's
    // So errors in set values point into the file.
    CHECK(errors_of(base, {"scenarios.browse.executor.vus=0"}) ==
          "s.json:4:60: error: `vus` in executor must be an integer from 1 to 1000000, got 0 "
          "(at /scenarios/browse/executor/vus)");
}

TEST_CASE("malformed --set arguments name the argument", "[scenario][set][golden]") {
    CHECK(errors_of(base, {"scenarios.browse.executor.vus"}) ==
          "--set:1:1: error: in --set `scenarios.browse.executor.vus`: expected PATH=VALUE, like executor.vus=10 or "
          "/executor/duration=30s");
    CHECK(errors_of(base, {"name=x", "=5", "a..b=1", "/a~2=1"}) ==
          "--set:2:1: error: in --set `=5`: the path before '=' is empty\n"
          "--set:3:3: error: in --set `a..b=1`: the path has an empty name between dots\n"
          "--set:4:2: error: in --set `/a~2=1`: `~` in a JSON pointer must be followed by 0 or 1");
    CHECK(errors_of(base, {"/target/url=x"}) ==
          "--set:1:9: error: in --set `/target/url=x`: `/target` is a string, not an object, so `url` cannot be set "
          "in it");
    CHECK(errors_of(R"([1])", {"a=1"}) ==
          "--set:1:1: error: in --set `a=1`: the document is an array: expected an element index, got `a`");
    CHECK(errors_of(base, {"target.url=x"}) ==
          "--set:1:8: error: in --set `target.url=x`: `target` is a string, not an object, so `url` cannot be set "
          "in it");
    CHECK(errors_of(base, {"scenarios.browse.flows.1.weight=2", "scenarios.browse.flows.first.weight=2"}) ==
          "--set:1:24: error: in --set `scenarios.browse.flows.1.weight=2`: `scenarios.browse.flows` has 1 "
          "element(s): there is no element 1\n"
          "--set:2:24: error: in --set `scenarios.browse.flows.first.weight=2`: `scenarios.browse.flows` is an "
          "array: expected an element index, got `first`");
    try {
        json::Value doc = json::parse(R"({"a": 1})");
        apply_overrides(doc, {"b=2", "a.c=3"});
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(e.diagnostics().at(0).file == "--set");
    }
}
