// scenarios/scenario.schema.json, checked by an independent validator
// (python3-jsonschema), agrees with throng's own parser: both accept every
// bundled scenario and a few good ones, both reject known-bad ones.
#include <catch2/catch.hpp>

#include <filesystem>

#include "harness/core/json.hpp"
#include "support/json_schema.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/throng_runs.hpp"

namespace fs = std::filesystem;
using throng::test::run_process;
using throng::test::TempDir;

namespace {

const fs::path sources = throng::test::source_dir;

// True if the schema accepts the scenario text (comments allowed: our own
// reader strips them first, as throng does).
bool schema_accepts(const std::string& scenario_text, std::string& why) {
    TempDir dir;
    const auto plain = dir.write("plain.json", throng::core::json::parse(scenario_text).dump());
    return throng::test::validates_against(sources / "scenarios" / "scenario.schema.json", plain, why);
}

bool throng_accepts_file(const fs::path& file, const fs::path& working_dir) {
    return run_process({THRONG_BINARY, "validate", file.string()}, working_dir).exit_code == 0;
}

bool throng_accepts(const std::string& scenario_text) {
    TempDir dir;
    return throng_accepts_file(dir.write("s.json", scenario_text), dir.path());
}

}  // namespace

// Each protocol owns its part of the schema (targets/drivers/<name>/<name>.schema.json);
// the whole that editors read is assembled from the parts and must be up to date.
TEST_CASE("the scenario schema is what its core and every protocol's part make", "[integration][schema]") {
    TempDir dir;
    const auto r =
        run_process({"/usr/bin/python3", (sources / "scripts" / "scenario_schema.py").string(), "--check"}, dir.path());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("every bundled scenario follows the scenario schema", "[integration][schema][heavy]") {
    int checked = 0;
    for (const auto& dir : {sources / "scenarios", sources / "scenarios" / "examples"}) {
        for (const auto& entry : fs::directory_iterator(dir)) {
            const auto name = entry.path().filename().string();
            if (entry.path().extension() != ".json" || name.ends_with(".schema.json")) continue;
            const std::string text = throng::test::read_text(entry.path());
            std::string why;
            INFO(name << ": " << why);
            CHECK(schema_accepts(text, why));
            // In place: examples read data files relative to themselves.
            TempDir work;
            CHECK(throng_accepts_file(entry.path(), work.path()));
            ++checked;
        }
    }
    CHECK(checked >= 7);
}

TEST_CASE("the scenario schema and throng agree on good and bad scenarios", "[integration][schema][heavy]") {
    const std::string good[] = {
        R"({"target": "http://127.0.0.1:8080", "executor": {"type": "constant-vus", "vus": 2, "duration": "1s"},
            "steps": [{"http": {"path": "/"}}], "thresholds": {"service_time{step:GET /}": "p(99)<1s"}})",
        R"({"target": {"url": "embedded:demo", "connect_timeout": 2},
            "executor": {"type": "ramping-arrival-rate", "start_rate": "0/s", "stages": [{"duration": "5s", "target": "600/m"}],
                         "pre_allocated_vus": 2, "max_vus": 4, "on_saturation": "drop", "arrivals": "poisson"},
            "think_time": {"between_steps": {"distribution": "exponential", "mean": "10ms", "max": "1s"}},
            "flows": [{"name": "a", "weight": 2, "steps": [{"name": "x", "http": {"method": "POST", "path": "/echo", "body": {"k": 1}}}]}]})",
        R"({"target": "embedded:demo", "executor": {"type": "constant-arrival-rate", "rate": 10, "duration": "1s"},
            "steps": [{"http": {"path": "/health", "headers": {"X-Id": "1"}}, "timeout": "500ms"}]})",
        // several scenarios, one after the other, with tags, pacing and a seed
        R"({"target": "embedded:demo", "seed": 7, "scenarios": {
              "a": {"executor": {"type": "constant-vus", "vus": 1, "duration": "1s"}, "tags": {"team": "web"},
                    "pacing": "100ms", "steps": [{"http": {"path": "/"}}]},
              "b.2": {"executor": {"type": "constant-arrival-rate", "rate": 5, "duration": "1s"}, "start_after": "a",
                      "steps": [{"http": {"path": "/"}}]},
              "c": {"executor": {"type": "constant-vus", "vus": 1, "duration": "1s"}, "start_after": "1.5s",
                    "flows": [{"name": "f", "pacing": "1s", "tags": {"kind": "x"},
                               "think_time": {"between_steps": {"distribution": "normal", "mean": "10ms", "stddev": "2ms"}},
                               "steps": [{"http": {"path": "/"}}]}]}}})",
        // the step tree: groups, loops, pauses, conditions, extractions and checks
        R"json({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [
              {"name": "login", "http": {"method": "POST", "path": "/login", "body": {"user": "u"}},
               "extract": {"token": {"json": "/token", "default": ""}, "loc": {"header": "Location", "regex": "/(\\d+)"},
                           "code": {"status": true}, "page": {"body": true}, "n": {"regex": "n=(\\d+)", "group": 1}},
               "checks": {"ok": {"status": [200, 201], "abort": true}, "has": {"json": "/token", "exists": true},
                          "eq": {"json": "/n", "equals": {"a": 1}}, "ct": {"header": "Content-Type", "matches": "json"},
                          "fast": {"latency_below": "1s"}, "text": {"body_contains": "token"}},
               "think_time": "10ms", "tags": {"kind": "auth"}},
              {"pause": {"distribution": "uniform", "min": "1ms", "max": "2ms"}, "if": {"passed": "ok"}},
              {"group": "g", "tags": {"area": "a"}, "steps": [
                {"repeat": 2, "steps": [{"http": {"path": "/items/${n}"}}]},
                {"name": "poll", "repeat": {"while": {"unset": "code"}, "max": 3}, "steps": [{"pause": 0.01}]}]},
              {"http": {"path": "/me", "headers": {"Authorization": "Bearer ${token}"}}, "if": {"set": "token"}}]})json",
        // feeders, setup and teardown
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "data": {"terms": {"values": ["a", "b"], "order": "random"},
                     "users": {"values": [{"name": "ann"}], "order": "unique", "on_exhausted": "wrap"}},
            "setup": [{"http": {"path": "/login"}, "extract": {"admin": {"json": "/token"}}}],
            "teardown": [{"http": {"path": "/logout?t=${admin}"}}],
            "steps": [{"http": {"path": "/search?q=${terms}&u=${users.name}&id=${uuid()}"}}]})",
        // thresholds filtered by tags, and on checks
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"name": "home", "http": {"path": "/"}, "checks": {"ok": {"status": 200}}}],
            "thresholds": {"latency{scenario:default}": "p(95)<1s", "checks": ["rate>90%"],
                           "errors{step:home}": ["rate<5%"]}})",
        // several targets: PostgreSQL and Redis steps, a set step, row and reply checks
        R"json({"targets": {"web": "embedded:demo",
                        "db": {"url": "postgresql://u:p@127.0.0.1:5432/db?application_name=x", "statement_timeout": "1s", "pool": 2},
                        "cache": "redis://127.0.0.1:6379/1"},
            "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "setup": [{"postgres": {"script": "CREATE TABLE IF NOT EXISTS t (id int);"}}],
            "steps": [
              {"set": {"aid": "${random_int(1,10)}", "n": 3}},
              {"name": "q", "postgres": {"query": "SELECT $1::int AS v", "params": ["${aid}"], "pipeline": 2},
               "extract": {"v": {"json": "/0/v"}, "rows": {"row_count": true}},
               "checks": {"one": {"row_count": 1}, "some": {"row_count": {"min": 1}}}},
              {"name": "tx", "postgres": {"transaction": [{"name": "a", "query": "SELECT 1"}, {"query": "SELECT $1::int", "params": [1]}],
                                          "isolation": "serializable", "target": "db"}},
              {"name": "r", "redis": {"command": ["GET", "k:${aid}"], "pipeline": 4}, "checks": {"t": {"reply_type": "nil"}}},
              {"name": "r2", "redis": {"command": "SET k:${v} 1"}},
              {"name": "h", "http": {"path": "/items/${n}"}}]})json",
        // a form post
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"method": "POST", "path": "/login", "form": {"user": "vu${vu}", "n": 1, "keep": true}}}]})",
        // a VU's session: cookies, redirects, HTTP/2, and the facets they give checks
        R"({"target": {"url": "https://127.0.0.1:8443", "http2": true, "pool": 4, "cookies": "vu", "redirects": 3},
            "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"name": "a", "http": {"path": "/", "cookies": {"theme": "dark", "n": 1}, "redirects": 0},
                       "checks": {"home": {"url": "https://127.0.0.1:8443/"}, "direct": {"redirects": 0}},
                       "extract": {"where": {"url": true}, "sid": {"header": "X-Sid"}}},
                      {"http": {"path": "/me", "headers": {"X-Sid": "${cookies.sid}"}}}]})",
        // the tcp protocol: a greeting, then send/expect
        R"({"target": "tcp://127.0.0.1:11211", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"name": "hello", "tcp": {"expect": "\r\n"}},
                      {"name": "get", "tcp": {"send": "get k${vu}\r\n", "expect": "END\r\n"},
                       "checks": {"hit": {"body_contains": "VALUE"}}}]})",
    };
    const std::string bad[] = {
        // an unknown key
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "/"}}], "thnk_time": {}})",
        // vus must be an integer
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": "many", "duration": "1s"},
            "steps": [{"http": {"path": "/"}}]})",
        // no target
        R"({"executor": {"type": "constant-vus", "vus": 1, "duration": "1s"}, "steps": [{"http": {"path": "/"}}]})",
        // a key of another executor type
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s", "rate": 5},
            "steps": [{"http": {"path": "/"}}]})",
        // not a duration
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "5 s"},
            "steps": [{"http": {"path": "/"}}]})",
        // both flows and steps
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "/"}}], "flows": [{"steps": [{"http": {"path": "/"}}]}]})",
        // a path without its leading slash
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "items"}}]})",
        // an unknown threshold metric
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "/"}}], "thresholds": {"latncy": ["p(95)<1s"]}})",
        // a timeout inside http instead of on the step
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "/", "timeout": "1s"}}]})",
        // a step that is both a request and a pause
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "/"}, "pause": "1s"}]})",
        // a variable name that cannot appear in ${...}
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "/"}, "extract": {"1x": {"body": true}}}]})",
        // a check of no known kind
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "/"}, "checks": {"ok": {"status_is": 200}}}]})",
        // a condition with two tests
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "/"}, "checks": {"ok": {"status": 200}}},
                      {"pause": "1s", "if": {"passed": "ok", "failed": "ok"}}]})",
        // a loop of zero passes
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"repeat": 0, "steps": [{"http": {"path": "/"}}]}]})",
        // a reserved tag
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "tags": {"step": "x"}, "steps": [{"http": {"path": "/"}}]})",
        // pacing with an arrival-rate executor
        R"({"target": "embedded:demo", "executor": {"type": "constant-arrival-rate", "rate": 5, "duration": "1s"},
            "pacing": "1s", "steps": [{"http": {"path": "/"}}]})",
        // a normal think time without its stddev
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "think_time": {"between_steps": {"distribution": "normal", "mean": "1s"}}, "steps": [{"http": {"path": "/"}}]})",
        // a random feeder cannot be exhausted
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "data": {"t": {"values": ["a"], "order": "random", "on_exhausted": "stop"}},
            "steps": [{"http": {"path": "/${t}"}}]})",
        // the shorthand next to scenarios
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "scenarios": {"a": {"executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
                                "steps": [{"http": {"path": "/"}}]}}})",
        // a Redis command that is not a list of words
        R"({"target": "redis://127.0.0.1:6379", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"redis": {"command": {"GET": "k"}}}]})",
        // a PostgreSQL step that is both a query and a transaction
        R"({"target": "postgresql://u@127.0.0.1/db", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"postgres": {"query": "SELECT 1", "transaction": [{"query": "SELECT 1"}]}}]})",
        // a target of an unknown scheme
        R"({"target": "mysql://127.0.0.1:3306", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "/"}}]})",
        // a set step that is not an object of values
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"set": ["a"]}, {"http": {"path": "/"}}]})",
        // a tcp step with an empty expect
        R"({"target": "tcp://127.0.0.1:11211", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"tcp": {"send": "x", "expect": ""}}]})",
        // a form and a body
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"method": "POST", "path": "/f", "form": {"a": "1"}, "body": "a=1"}}]})",
        // a form field that is a list
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"method": "POST", "path": "/f", "form": {"a": ["1", "2"]}}}]})",
        // a negative row count
        R"({"target": "postgresql://u@127.0.0.1/db", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"postgres": {"query": "SELECT 1"}, "checks": {"n": {"row_count": -1}}}]})",
        // a cookie mode throng does not have, and a redirect limit out of range
        R"({"target": {"url": "http://127.0.0.1:8080", "cookies": "never"},
            "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"}, "steps": [{"http": {"path": "/"}}]})",
        R"({"target": "http://127.0.0.1:8080", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "/", "redirects": 101}}]})",
        // a cookie value that would break the Cookie header
        R"({"target": "http://127.0.0.1:8080", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "/", "cookies": {"a": "x; b=y"}}}]})",
        // a scenario name with a space, and a seed of 0
        R"({"target": "embedded:demo", "seed": 0, "scenarios": {"a b": {
              "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"}, "steps": [{"http": {"path": "/"}}]}}})",
    };
    for (const auto& text : good) {
        std::string why;
        INFO(text << "\n" << why);
        CHECK(schema_accepts(text, why));
        CHECK(throng_accepts(text));
    }
    for (const auto& text : bad) {
        std::string why;
        INFO(text);
        CHECK_FALSE(schema_accepts(text, why));
        CHECK_FALSE(throng_accepts(text));
    }
}
