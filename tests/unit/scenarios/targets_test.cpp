// Several named targets, which target each step reaches, and `set` steps.
#include <catch2/catch.hpp>

#include "support/echo_protocol.hpp"
#include "support/scenario_parsing.hpp"
#include "targets/drivers/postgres/postgres_step.hpp"

using namespace std::chrono_literals;
using throng::core::Plan;
using throng::core::StepParser;
using throng::test::errors_of;

namespace {

std::span<const StepParser* const> http_and_echo() {
    static const throng::test::EchoParser echo("echo://");  // a second protocol with its own scheme
    static const StepParser* const parsers[] = {throng::test::http_only()[0], &echo};
    return parsers;
}

Plan parse_with_echo(const std::string& text) {
    return throng::scenarios::parse_scenario(text, "s.json", http_and_echo(), {throng::test::no_env(), {}});
}

std::string errors_with_echo(const std::string& text) { return errors_of(text, {}, http_and_echo()); }

const std::string executor = R"("executor": {"type": "constant-vus", "vus": 1, "duration": "1s"})";

}  // namespace

TEST_CASE("targets by name, each with its own options", "[scenario][targets]") {
    const Plan plan = parse_with_echo(
        R"({"target": "http://127.0.0.1:8080",
"targets": {"db": {"url": "echo://a", "pool": 4, "connect_timeout": "1s"}, "cache": "echo://b"},
)" + executor +
        R"(, "steps": [{"http": {"path": "/"}}, {"name": "d", "echo": {"target": "db"}}, {"name": "c", "echo": {"target": "cache"}}]})");
    REQUIRE(plan.targets.size() == 3);
    CHECK(plan.targets[0].name == "default");
    CHECK(plan.main_target().url == "http://127.0.0.1:8080");
    const auto* db = plan.find_target("db");
    REQUIRE(db != nullptr);
    CHECK(db->url == "echo://a");
    using throng::core::options_of;
    using throng::test::EchoTargetOptions;
    CHECK(options_of<EchoTargetOptions>(*db).pool == 4);  // read by its protocol
    CHECK(db->connect_timeout == 1s);                     // every target's
    CHECK(options_of<EchoTargetOptions>(*plan.find_target("cache")).pool == 0);
    CHECK(plan.find_target("nope") == nullptr);
}

TEST_CASE("`targets` alone is enough, and the first one is the main target", "[scenario][targets]") {
    const Plan plan = parse_with_echo(R"({"targets": {"web": "http://127.0.0.1:1", "db": "echo://x"}, )" + executor +
                                      R"(, "steps": [{"http": {"path": "/"}}, {"echo": {}}]})");
    REQUIRE(plan.targets.size() == 2);
    CHECK(plan.main_target().name == "web");
}

TEST_CASE("a step reaches exactly one target: the one it names or the only one of its protocol",
          "[scenario][targets][golden]") {
    // Named, but not defined: did-you-mean.
    CHECK(errors_with_echo(R"({"target": "http://h", "targets": {"cache": "echo://b"}, )" + executor +
                           R"(, "steps": [{"name": "e", "echo": {"target": "cach"}}]})") ==
          "s.json:1:134: error: `echo` step `e` names target `cach`, which `targets` does not define; did you "
          "mean `cache`? (at /steps/0)");
    // Named, but of another protocol.
    CHECK(errors_with_echo(R"({"target": "http://h", "targets": {"cache": "echo://b"}, )" + executor +
                           R"(, "steps": [{"name": "e", "echo": {"target": "default"}}]})") ==
          "s.json:1:134: error: `echo` step `e` names target `default`, but its URL is not a URL starting with "
          "echo:// (got \"http://h\") (at /steps/0)");
    // No target of its protocol.
    CHECK(errors_with_echo(R"({"target": "http://h", )" + executor + R"(, "steps": [{"name": "e", "echo": {}}]})") ==
          "s.json:1:100: error: `echo` step `e` has no target to reach: add one to `targets` with a URL starting "
          "with echo:// (at /steps/0)");
    // Two could serve it.
    CHECK(errors_with_echo(R"({"targets": {"a": "echo://1", "b": "echo://2"}, )" + executor +
                           R"(, "steps": [{"name": "e", "echo": {}}]})") ==
          "s.json:1:125: error: `echo` step `e` could reach several targets (`a`, `b`): name one with "
          "`\"target\"` in its `echo` part (at /steps/0)");
}

TEST_CASE("target names and values are checked", "[scenario][targets][golden]") {
    CHECK(errors_with_echo(R"({"targets": {"default": "echo://1", "a b": "echo://2", "c": "ftp://x"}, )" + executor +
                           R"(, "steps": [{"http": {"path": "/"}}]})") ==
          "s.json:1:14: error: target name `default` must hold only letters, digits, '_', '.' and '-', and not be "
          "`default` (the name of `target`) (at /targets/default)\n"
          "s.json:1:37: error: target name `a b` must hold only letters, digits, '_', '.' and '-', and not be "
          "`default` (the name of `target`) (at /targets/a b)\n"
          "s.json:1:61: error: `c` in targets must be a URL starting with http:// or https:// or echo://, or "
          "embedded:demo, "
          "got \"ftp://x\" (at /targets/c)");
    CHECK(errors_with_echo(R"({"targets": [], )" + executor + R"(, "steps": [{"http": {"path": "/"}}]})") ==
          "s.json:1:13: error: `targets` in scenario must be an object naming each target, like {\"db\": "
          "\"postgresql://user@127.0.0.1:5432/db\"}, got array (at /targets)");
    CHECK(errors_with_echo(R"({)" + executor + R"(, "steps": [{"http": {"path": "/"}}]})") ==
          "s.json:1:1: error: missing required key `target` in scenario");
}

TEST_CASE("`set` steps give variables values that later steps read", "[scenario][set]") {
    const Plan plan = parse_with_echo(R"({"target": "http://h", )" + executor + R"(, "steps": [
{"set": {"aid": "${random_int(1,10)}", "n": 5, "flag": true}},
{"http": {"path": "/a/${aid}?n=${n}&f=${flag}"}}]})");
    const auto& steps = throng::test::steps_of(plan);
    REQUIRE(steps.size() == 2);
    CHECK(steps[0].kind == throng::core::Step::Kind::set);
    CHECK(steps[0].name == "set");
    REQUIRE(steps[0].assignments.size() == 3);
    CHECK(steps[0].assignments[0].first == "aid");
    CHECK_FALSE(steps[0].assignments[0].second.is_constant());
    CHECK(steps[0].assignments[1].second.source() == "5");
    CHECK(steps[0].assignments[2].second.source() == "true");
}

TEST_CASE("`set` errors", "[scenario][set][golden]") {
    const std::string head = R"({"target": "http://h", )" + executor + R"(,
)";
    CHECK(errors_with_echo(head + R"("steps": [{"set": {}}]})") ==
          "s.json:2:19: error: `set` in step must be an object of variables and their values, like {\"aid\": "
          "\"${random_int(1,100000)}\"}, got object (at /steps/0/set)");
    CHECK(errors_with_echo(head + R"("steps": [{"set": {"1x": "a", "y": [1], "z": "${nope"}, "timeout": "1s"}]})") ==
          "s.json:2:20: error: variable name `1x` must start with a letter or '_' and hold only letters, digits "
          "and '_' (at /steps/0/set/1x)\n"
          "s.json:2:36: error: `y` in `set` must be a string (it may hold ${...}), a number or a boolean, got array "
          "(at /steps/0/set/y)\n"
          "s.json:2:46: error: unclosed `${` at character 1: expected `}` (write `$${` for a literal `${`) (at "
          "/steps/0/set/z)\n"
          "s.json:2:57: error: `timeout` is not used by a set step (at /steps/0/timeout)");
}

TEST_CASE("a target's options are its protocol's: another protocol's are refused where written",
          "[scenario][targets]") {
    // Redis used to ignore statement_timeout, HTTP to refuse pool only at run
    // time; HTTP's pool is HTTP/2's, refused without it.
    const auto all = throng::test::all_protocols();
    const std::string tail = R"(, "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
"steps": [{"redis": {"command": "PING", "target": "cache"}}]})";
    CHECK(errors_of(R"({"targets": {"cache": {"url": "redis://127.0.0.1:6379", "statement_timeout": "1s"}})" + tail, {},
                    all) ==
          "s.json:1:57: error: unknown key `statement_timeout` in target `cache`; expected `url`, `connect_timeout`, "
          "`max_response_body` or `pool` (at /targets/cache/statement_timeout)");
    CHECK(errors_of(R"({"target": {"url": "http://127.0.0.1:1", "pool": 2}, "executor": {"type": "constant-vus",
"vus": 1, "duration": "1s"}, "steps": [{"http": {"path": "/"}}]})",
                    {}, all)
              .find("`pool` shares HTTP/2 connections among VUs: it needs `\"http2\": true` on the target") !=
          std::string::npos);
    const Plan plan = throng::scenarios::parse_scenario(
        R"({"targets": {"db": {"url": "postgresql://u@127.0.0.1:1/db", "statement_timeout": "2s", "pool": 3}},
"executor": {"type": "constant-vus", "vus": 1, "duration": "1s"}, "steps": [{"postgres": {"query": "SELECT 1"}}]})",
        "s.json", all, {throng::test::no_env(), {}});
    const auto& db = throng::core::options_of<throng::targets::postgres::PostgresTargetOptions>(plan.targets[0]);
    CHECK(db.statement_timeout == 2s);
    CHECK(db.pool == 3);
}
