// A request step's "extract" and "checks": every kind, and their errors.
#include <catch2/catch.hpp>

#include "support/scenario_parsing.hpp"

using namespace std::chrono_literals;
using throng::core::Check;
using throng::core::Extraction;
using throng::test::errors_of;
using throng::test::parse_plan;
using throng::test::steps_of;
using throng::test::with_steps;

namespace {

// The only step of a scenario whose one request has these members.
throng::core::Step request_with(const std::string& members) {
    const auto plan = parse_plan(with_steps(R"([{"http": {"path": "/"}, )" + members + "}]"));
    return steps_of(plan).at(0);
}

// A single-scenario file against `target` whose "steps" are `steps`, laid
// out as with_steps() lays them out.
std::string steps_against(const std::string& target, const std::string& steps) {
    return R"({"target": ")" + target + R"(", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
"steps": )" +
           steps + "}";
}

struct Request {
    std::string step;    // its protocol's member
    std::string target;  // a target it can reach
};
const Request http_request{R"("http": {"path": "/"})", "http://localhost:8080"};
const Request postgres_request{R"("postgres": {"query": "SELECT 1"})", "postgresql://localhost/db"};
const Request redis_request{R"("redis": {"command": ["GET", "k"]})", "redis://localhost:6379"};

// With every protocol, as throng parses. The step is an http one unless
// told: the reply facets of other protocols (row_count, reply_type) are not its keys.
std::string errors_with(const std::string& members, const Request& request = http_request) {
    return errors_of(steps_against(request.target, "[{" + request.step + ",\n" + members + "}]"), {},
                     throng::test::all_protocols());
}

// The only step of a scenario parsed with every protocol.
throng::core::Step step_with_all_protocols(const Request& request, const std::string& members) {
    const auto plan =
        throng::scenarios::parse_scenario(steps_against(request.target, "[{" + request.step + ", " + members + "}]"),
                                          "s.json", throng::test::all_protocols(), {throng::test::no_env(), {}});
    return steps_of(plan).at(0);
}

}  // namespace

TEST_CASE("extractions of every source", "[scenario][rules]") {
    const auto step = request_with(R"~("extract": {
        "token": {"json": "/data/token"},
        "whole": {"json": ""},
        "id": {"regex": "id=(\\d+)", "default": "0"},
        "full": {"regex": "id=\\d+", "group": 0},
        "location": {"header": "Location"},
        "item": {"header": "Location", "regex": "/items/(\\d+)"},
        "code": {"status": true},
        "page": {"body": true}})~");
    const auto& e = step.extract;
    REQUIRE(e.size() == 8);
    CHECK(e[0].variable == "token");
    CHECK(e[0].source == Extraction::Source::json);
    CHECK(e[0].path == "/data/token");
    CHECK_FALSE(e[0].fallback);
    CHECK(e[1].path.empty());
    CHECK(e[2].source == Extraction::Source::regex);
    CHECK(e[2].pattern == "id=(\\d+)");
    CHECK(e[2].group == 1);
    CHECK(e[2].fallback == "0");
    REQUIRE(e[2].compiled);
    CHECK(e[3].group == 0);
    CHECK(e[4].source == Extraction::Source::header);
    CHECK(e[4].path == "Location");
    CHECK(e[4].pattern.empty());
    CHECK_FALSE(e[4].compiled);
    CHECK(e[5].source == Extraction::Source::header);
    CHECK(e[5].pattern == "/items/(\\d+)");
    CHECK(e[5].compiled);
    CHECK(e[6].source == Extraction::Source::status);
    CHECK(e[7].source == Extraction::Source::body);
}

TEST_CASE("checks of every kind", "[scenario][rules]") {
    const auto step = request_with(R"("checks": {
        "ok": {"status": 200},
        "ok_or_empty": {"status": [200, 204], "abort": true},
        "greets": {"body_contains": "hello"},
        "numbered": {"body_matches": "n=\\d+"},
        "has_id": {"json": "/id", "exists": true},
        "no_error": {"json": "/error", "exists": false},
        "is_42": {"json": "/id", "equals": 42},
        "tagged": {"json": "/tags", "equals": ["a", {"b": null}]},
        "typed": {"header": "Content-Type", "exists": true},
        "json_type": {"header": "Content-Type", "equals": "application/json"},
        "json_like": {"header": "Content-Type", "matches": "json"},
        "fast": {"latency_below": "200ms"}})");
    const auto& c = step.checks;
    REQUIRE(c.size() == 12);
    CHECK(c[0].name == "ok");
    CHECK(c[0].kind == Check::Kind::status_in);
    CHECK(c[0].statuses == std::vector<int>{200});
    CHECK_FALSE(c[0].abort);
    CHECK(c[1].statuses == std::vector<int>{200, 204});
    CHECK(c[1].abort);
    CHECK(c[2].kind == Check::Kind::body_contains);
    CHECK(c[2].text == "hello");
    CHECK(c[3].kind == Check::Kind::body_matches);
    CHECK(c[3].pattern == "n=\\d+");
    CHECK(c[3].compiled);
    CHECK(c[4].kind == Check::Kind::json_exists);
    CHECK(c[4].text == "/id");
    CHECK(c[5].kind == Check::Kind::json_missing);
    CHECK(c[5].text == "/error");
    CHECK(c[6].kind == Check::Kind::json_equals);
    CHECK(c[6].expected_json == "42");
    CHECK(c[7].expected_json == R"(["a",{"b":null}])");
    CHECK(c[8].kind == Check::Kind::header_exists);
    CHECK(c[8].text == "Content-Type");
    CHECK(c[9].kind == Check::Kind::header_equals);
    CHECK(c[9].expected_json == "application/json");
    CHECK(c[10].kind == Check::Kind::header_matches);
    CHECK(c[10].pattern == "json");
    CHECK(c[10].compiled);
    CHECK(c[11].kind == Check::Kind::latency_below);
    CHECK(c[11].bound == 200'000'000);
}

TEST_CASE("extraction errors", "[scenario][rules][golden]") {
    CHECK(errors_with(R"("extract": {"1x": {"body": true}, "a": {}, "b": {"json": "/a", "regex": "x"}})") ==
          "s.json:3:13: error: variable name `1x` must start with a letter or '_' and hold only letters, digits and "
          "'_' (at /steps/0/extract/1x)\n"
          "s.json:3:40: error: extraction `a` needs one of `json`, `regex`, `header`, `status`, `body`, "
          "`url` or `redirects` "
          "(at /steps/0/extract/a)\n"
          "s.json:3:49: error: extraction `b` has both `json` and `regex`; use exactly one of `json`, `regex`, "
          "`header`, `status`, `body`, `url` or `redirects` (at /steps/0/extract/b)");
    CHECK(errors_with(
              R"("extract": {"a": {"json": "token"}, "b": {"status": false}, "c": {"body": true, "group": 2}})") ==
          "s.json:3:27: error: `json` in extraction `a` must be a JSON pointer like \"/token\" or \"/items/0/id\", "
          "got \"token\" (at /steps/0/extract/a/json)\n"
          "s.json:3:53: error: `status` in extraction `b` must be true (it takes the response status), got false "
          "(at /steps/0/extract/b/status)\n"
          "s.json:3:81: error: `group` in extraction `c` is used only with `regex` (at /steps/0/extract/c/group)");
    CHECK(errors_with(R"("extract": {"a": {"regex": "(unclosed"}, "b": {"regex": "x", "group": 1}})") ==
          "s.json:3:28: error: invalid regular expression '(unclosed': missing ) "
          "(at /steps/0/extract/a/regex)\n"
          "s.json:3:71: error: `group` in extraction `b` is 1 but the regex has 0 capture group(s); 0 takes the "
          "whole match (at /steps/0/extract/b/group)");
    CHECK(errors_with(R"("extract": {"a": {"jsn": "/a"}})") ==
          "s.json:3:18: error: extraction `a` needs one of `json`, `regex`, `header`, `status`, `body`, "
          "`url` or `redirects` "
          "(at /steps/0/extract/a)\n"
          "s.json:3:19: error: unknown key `jsn` in extraction `a`; did you mean `json`? (at /steps/0/extract/a/jsn)");
    CHECK(errors_with(R"("extract": [1])") ==
          "s.json:3:12: error: `extract` in step must be an object like {\"token\": {\"json\": \"/token\"}}, got "
          "array (at /steps/0/extract)");
}

TEST_CASE("reply facets are checked and extracted by the name their protocol gives them", "[scenario][rules]") {
    const throng::core::Step sql = step_with_all_protocols(postgres_request, R"("extract": {"n": {"row_count": true}},
          "checks": {"one": {"row_count": 1}, "some": {"row_count": {"min": 2}}})");
    REQUIRE(sql.extract.size() == 1);
    CHECK(sql.extract[0].source == Extraction::Source::facet);
    CHECK(sql.extract[0].path == "row_count");
    REQUIRE(sql.checks.size() == 2);
    CHECK(sql.checks[0].kind == Check::Kind::facet_between);
    CHECK(sql.checks[0].facet == "row_count");
    CHECK((sql.checks[0].min_count == 1 && sql.checks[0].max_count == 1));
    CHECK(sql.checks[1].min_count == 2);
    CHECK(sql.checks[1].max_count == std::numeric_limits<std::int64_t>::max());
    const throng::core::Step redis = step_with_all_protocols(
        redis_request, R"("extract": {"t": {"reply_type": true}}, "checks": {"nil": {"reply_type": "nil"}})");
    REQUIRE(redis.extract.size() == 1);
    CHECK(redis.extract[0].source == Extraction::Source::facet);
    CHECK(redis.extract[0].path == "reply_type");
    REQUIRE(redis.checks.size() == 1);
    CHECK(redis.checks[0].kind == Check::Kind::facet_is);
    CHECK(redis.checks[0].facet == "reply_type");
    CHECK(redis.checks[0].text == "nil");

    CHECK(errors_with(R"("checks": {"a": {"row_count": {"min": 3, "max": 1}}, "b": {"row_count": -1}})",
                      postgres_request) ==
          "s.json:3:31: error: `row_count` in check `a` needs `min`, `max` or both, with min <= max, got "
          "{\"min\":3,\"max\":1} (at /steps/0/checks/a/row_count)\n"
          "s.json:3:73: error: `row_count` in check `b` must be a count like 1 or bounds like {\"min\": 1, \"max\": "
          "10}, got -1 (at /steps/0/checks/b/row_count)");
    CHECK(errors_with(R"("checks": {"c": {"reply_type": "list"}})", redis_request) ==
          "s.json:3:32: error: `reply_type` in check `c` must be one of `string`, `integer`, `array`, `nil`, "
          "`status`, `double`, `bool`, `map`, `set` or `error`, got \"list\" (at /steps/0/checks/c/reply_type)");
}

TEST_CASE("a reply facet of another protocol is refused, saying whose it is", "[scenario][rules]") {
    // A check of it would fail on every reply of the step.
    CHECK(errors_with(R"("checks": {"a": {"row_count": 1}}, "extract": {"t": {"reply_type": true}})") ==
          "s.json:3:17: error: check `a` needs one of `status`, `body_contains`, `body_matches`, `json`, `header`, "
          "`latency_below`, `url` or `redirects` (at /steps/0/checks/a)\n"
          "s.json:3:18: error: `row_count` in check `a` is only in `postgres` replies, not in this `http` step's "
          "(at /steps/0/checks/a/row_count)\n"
          "s.json:3:53: error: extraction `t` needs one of `json`, `regex`, `header`, `status`, `body`, "
          "`url` or `redirects` "
          "(at /steps/0/extract/t)\n"
          "s.json:3:54: error: `reply_type` in extraction `t` is only in `redis` replies, not in this `http` step's "
          "(at /steps/0/extract/t/reply_type)");
    CHECK(errors_with(R"("checks": {"a": {"reply_type": "nil"}})", postgres_request) ==
          "s.json:3:17: error: check `a` needs one of `status`, `body_contains`, `body_matches`, `json`, `header`, "
          "`latency_below` or `row_count` (at /steps/0/checks/a)\n"
          "s.json:3:18: error: `reply_type` in check `a` is only in `redis` replies, not in this `postgres` step's "
          "(at /steps/0/checks/a/reply_type)");
    // Parsed with HTTP alone, no protocol declares them.
    CHECK(errors_of(with_steps(R"([{"http": {"path": "/"}, "checks": {"a": {"row_count": 1}}}])")) ==
          "s.json:2:51: error: check `a` needs one of `status`, `body_contains`, `body_matches`, `json`, `header`, "
          "`latency_below`, `url` or `redirects` (at /steps/0/checks/a)\n"
          "s.json:2:52: error: unknown key `row_count` in check `a`; expected `status`, `body_contains`, "
          "`body_matches`, `json`, `header`, `latency_below`, `url`, `redirects`, `exists`, `equals`, `matches` or "
          "`abort` "
          "(at /steps/0/checks/a/row_count)");
}

TEST_CASE("check errors", "[scenario][rules][golden]") {
    CHECK(errors_with(R"("checks": {"a": {"status": 99}, "b": {"status": []}, "c": {}})") ==
          "s.json:3:28: error: `status` in check `a` must be a status code like 200 or a non-empty list like "
          "[200, 204], got 99 (at /steps/0/checks/a/status)\n"
          "s.json:3:49: error: `status` in check `b` must be a status code like 200 or a non-empty list like "
          "[200, 204], got array (at /steps/0/checks/b/status)\n"
          "s.json:3:59: error: check `c` needs one of `status`, `body_contains`, `body_matches`, `json`, `header`, "
          "`latency_below`, `url` or `redirects` (at /steps/0/checks/c)");
    // A PostgreSQL step's checks may name its facet too.
    CHECK(errors_with(R"("checks": {"c": {}})", postgres_request) ==
          "s.json:3:17: error: check `c` needs one of `status`, `body_contains`, `body_matches`, `json`, `header`, "
          "`latency_below` or `row_count` (at /steps/0/checks/c)");
    CHECK(errors_with(R"("checks": {"a": {"json": "/x"}, "b": {"json": "/x", "exists": true, "equals": 1}})") ==
          "s.json:3:17: error: check `a` needs one of `exists` or `equals` (at /steps/0/checks/a)\n"
          "s.json:3:38: error: check `b` has both `exists` and `equals`; use exactly one of `exists` or `equals` "
          "(at /steps/0/checks/b)");
    CHECK(errors_with(R"("checks": {"a": {"status": 200, "equals": 1}, "b": {"header": "X", "exists": false}})") ==
          "s.json:3:33: error: `equals` in check `a` is used only with `json` or `header` "
          "(at /steps/0/checks/a/equals)\n"
          "s.json:3:78: error: `exists` in check `b` must be true for a header: a missing header cannot be checked "
          "yet (at /steps/0/checks/b/exists)");
    CHECK(errors_with(R"("checks": {"a": {"body_matches": "[z-a]"}, "b": {"latency_below": "0ms"}})") ==
          "s.json:3:34: error: invalid regular expression '[z-a]': invalid character class range `z-a` "
          "(at /steps/0/checks/a/body_matches)\n"
          "s.json:3:67: error: `latency_below` in check `b` must be greater than 0 "
          "(at /steps/0/checks/b/latency_below)");
    CHECK(errors_with(R"("checks": {"a": {"status": 200, "abrt": true}, "a": {"status": 201}})") ==
          "s.json:3:33: error: unknown key `abrt` in check `a`; did you mean `abort`? (at /steps/0/checks/a/abrt)\n"
          "s.json:3:48: error: duplicate name `a` in `checks` (first at line 3, column 12) (at /steps/0/checks/a)");
}
