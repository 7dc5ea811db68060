#include "scenarios/threshold_parser.hpp"

#include <chrono>

#include <catch2/catch.hpp>

using throng::core::Diagnostics;
using throng::core::Tags;
using throng::core::Threshold;
using throng::scenarios::KnownTags;
using throng::scenarios::parse_threshold_expression;
using throng::scenarios::parse_threshold_key;
using throng::scenarios::parse_thresholds;
using throng::scenarios::ThresholdSyntaxError;
namespace json = throng::core::json;

using Metric = Threshold::Metric;
using Aggregate = Threshold::Aggregate;
using Op = Threshold::Op;

namespace {

std::string error_of(std::string_view key, std::string_view expression) {
    try {
        parse_threshold_expression(key, expression);
    } catch (const ThresholdSyntaxError& e) {
        return e.what();
    }
    FAIL("expected an error for " << key << ": " << expression);
    return {};
}

constexpr const char* latency_form =
    "expected p(N), med, avg, min or max, then <, <=, >, >= or ==, then a duration like 200ms";
constexpr const char* errors_form =
    "expected rate (or nothing), then <, <=, >, >= or ==, then a percentage like 1% or a fraction from 0 to 1; or "
    "count, an operator and a whole number like 10";
constexpr const char* requests_form =
    "expected rate, then <, <=, >, >= or ==, then a rate like 100/s or 6000/m; or count, an operator and a whole "
    "number like 1000";
constexpr const char* checks_form =
    "expected rate (of passes), then <, <=, >, >= or ==, then a percentage like 99% or a fraction from 0 to 1; or "
    "count (of failures), an operator and a whole number like 10";
constexpr const char* iterations_form =
    "expected rate (of completed iterations), then <, <=, >, >= or ==, then a rate like 10/s or 600/m; or count (of "
    "completed iterations), an operator and a whole number like 1000";

// The tags of a plan with steps home and login in scenario browse, a check
// "status is 200" and the user's tag kind:api.
KnownTags known_tags() {
    KnownTags known;
    known.values["step"] = {"home", "login"};
    known.values["scenario"] = {"browse"};
    known.values["flow"] = {"default"};
    known.values["check"] = {"status is 200"};
    known.values["kind"] = {"api"};
    return known;
}

std::string expected_latency_error(const std::string& expression) {
    std::string out = "threshold `";
    out.append(expression).append("` on latency: ").append(latency_form);
    return out;
}

}  // namespace

TEST_CASE("threshold keys", "[thresholds]") {
    CHECK(parse_threshold_key("latency").metric == Metric::latency);
    CHECK(parse_threshold_key("latency").filter.empty());
    CHECK(parse_threshold_key("errors").metric == Metric::errors);
    CHECK(parse_threshold_key("checks").metric == Metric::checks);
    CHECK(parse_threshold_key("iterations").metric == Metric::iterations);
    const auto with_step = parse_threshold_key("requests{step:GET /items}");
    CHECK(with_step.metric == Metric::requests);
    CHECK(with_step.filter == Tags{{"step", "GET /items"}});
}

TEST_CASE("threshold keys filter by several tags, spaces around them ignored", "[thresholds]") {
    CHECK(parse_threshold_key("latency{ step : log in ,scenario:browse , kind:api }").filter ==
          Tags{{"step", "log in"}, {"scenario", "browse"}, {"kind", "api"}});
    // Only ',' and '}' end a value: colons and opening braces are part of it.
    CHECK(parse_threshold_key("latency{step:GET http://host:80/{id}").filter ==
          Tags{{"step", "GET http://host:80/{id"}});
    CHECK(parse_threshold_key("checks{check:status is 200,step:home}").filter ==
          Tags{{"check", "status is 200"}, {"step", "home"}});
    CHECK(parse_threshold_key("iterations{scenario:browse}").filter == Tags{{"scenario", "browse"}});
    CHECK(parse_threshold_key("latency {step:a}").filter == Tags{{"step", "a"}});
}

TEST_CASE("threshold key errors", "[thresholds]") {
    const std::string form =
        "expected latency, service_time, response_time, errors, requests, checks or iterations, optionally followed "
        "by tags like {step:NAME} or {scenario:NAME,kind:api}";
    const auto message = [](std::string_view key) {
        try {
            parse_threshold_key(key);
        } catch (const ThresholdSyntaxError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(message("latncy") == "threshold key `latncy`: " + form + "; did you mean `latency`?");
    CHECK(message("check") == "threshold key `check`: " + form + "; did you mean `checks`?");
    CHECK(message("duration") == "threshold key `duration`: " + form);
    CHECK(message("") == "threshold key ``: " + form);
    CHECK(message("Latency") == "threshold key `Latency`: " + form + "; did you mean `latency`?");
    CHECK(message("latency ") == "threshold key `latency `: " + form + "; did you mean `latency`?");
    CHECK(message(" latency{a:b}") == "threshold key ` latency{a:b}`: " + form + "; did you mean `latency`?");
    for (const char* bad :
         {"latency{step:}", "latency{step:x", "latency{}", "latency{step}", "latency{:x}", "latency{step:a{b}}",
          "latency{step:a}x", "latency{step:a,}", "latency{step:a}}", "latency{step:a} "}) {
        CHECK(message(bad) == "threshold key `" + std::string(bad) + "`: " + form);
    }
    CHECK(message("latency{step:a, step:b}") ==
          "threshold key `latency{step:a, step:b}`: the tag `step` is given twice");
    CHECK(message("latency{check:ok}") == "threshold key `latency{check:ok}`: only checks can be filtered by `check`");
    CHECK(message("errors{step:a,check:ok}") ==
          "threshold key `errors{step:a,check:ok}`: only checks can be filtered by `check`");
    CHECK(message("iterations{step:a}") ==
          "threshold key `iterations{step:a}`: iterations can only be filtered by `scenario`");
}

TEST_CASE("latency thresholds", "[thresholds]") {
    const Threshold p95 = parse_threshold_expression("latency", "p(95)<200ms");
    CHECK(p95.metric == Metric::latency);
    CHECK(p95.aggregate == Aggregate::percentile);
    CHECK(p95.percentile == 95);
    CHECK(p95.op == Op::lt);
    CHECK(p95.bound == 200e6);
    CHECK(p95.source == "p(95)<200ms");
    CHECK(p95.key == "latency");
    CHECK(p95.filter.empty());

    const Threshold spaced = parse_threshold_expression("latency{step:home}", "  p( 99.9 )  <=  1.5s ");
    CHECK(spaced.percentile == Approx(99.9));
    CHECK(spaced.op == Op::le);
    CHECK(spaced.bound == 1.5e9);
    CHECK(spaced.filter == Tags{{"step", "home"}});
    CHECK(spaced.key == "latency{step:home}");
    CHECK(spaced.source == "  p( 99.9 )  <=  1.5s ");

    const Threshold med = parse_threshold_expression("latency", "med>10us");
    CHECK(med.aggregate == Aggregate::percentile);
    CHECK(med.percentile == 50);
    CHECK(med.op == Op::gt);
    CHECK(med.bound == 10e3);

    CHECK(parse_threshold_expression("latency", "avg >= 1m").aggregate == Aggregate::avg);
    CHECK(parse_threshold_expression("latency", "avg >= 1m").op == Op::ge);
    CHECK(parse_threshold_expression("latency", "avg >= 1m").bound == 60e9);
    CHECK(parse_threshold_expression("latency", "min==0s").aggregate == Aggregate::min);
    CHECK(parse_threshold_expression("latency", "min==0s").op == Op::eq);
    CHECK(parse_threshold_expression("latency", "max<1s").aggregate == Aggregate::max);
    CHECK(parse_threshold_expression("latency", "p(100)<1s").percentile == 100);
}

TEST_CASE("errors thresholds", "[thresholds]") {
    const Threshold rate = parse_threshold_expression("errors", "rate<1%");
    CHECK(rate.metric == Metric::errors);
    CHECK(rate.aggregate == Aggregate::rate);
    CHECK(rate.bound == Approx(0.01));
    const Threshold bare = parse_threshold_expression("errors", "<1%");
    CHECK(bare.aggregate == Aggregate::rate);
    CHECK(bare.bound == Approx(0.01));
    CHECK(parse_threshold_expression("errors", "rate <= 0.05").bound == Approx(0.05));
    CHECK(parse_threshold_expression("errors", "< 0").bound == 0);
    CHECK(parse_threshold_expression("errors", "rate<100%").bound == Approx(1));
    const Threshold count = parse_threshold_expression("errors{step:x}", "count<10");
    CHECK(count.aggregate == Aggregate::count);
    CHECK(count.bound == 10);
}

TEST_CASE("requests thresholds", "[thresholds]") {
    const Threshold rate = parse_threshold_expression("requests", "rate>100/s");
    CHECK(rate.metric == Metric::requests);
    CHECK(rate.aggregate == Aggregate::rate);
    CHECK(rate.op == Op::gt);
    CHECK(rate.bound == Approx(100));
    CHECK(parse_threshold_expression("requests", "rate>6000/m").bound == Approx(100));
    const Threshold count = parse_threshold_expression("requests", "count>=1000");
    CHECK(count.aggregate == Aggregate::count);
    CHECK(count.op == Op::ge);
    CHECK(count.bound == 1000);
}

TEST_CASE("checks thresholds: pass rate and number of failures", "[thresholds]") {
    const Threshold rate = parse_threshold_expression("checks", "rate>99%");
    CHECK(rate.metric == Metric::checks);
    CHECK(rate.aggregate == Aggregate::rate);
    CHECK(rate.op == Op::gt);
    CHECK(rate.bound == Approx(0.99));
    CHECK(parse_threshold_expression("checks{check:ok}", "rate>=0.999").bound == Approx(0.999));
    const Threshold failures = parse_threshold_expression("checks", "count==0");
    CHECK(failures.aggregate == Aggregate::count);
    CHECK(failures.op == Op::eq);
    CHECK(failures.bound == 0);
}

TEST_CASE("iterations thresholds: completed count and rate", "[thresholds]") {
    const Threshold count = parse_threshold_expression("iterations", "count>=500");
    CHECK(count.metric == Metric::iterations);
    CHECK(count.aggregate == Aggregate::count);
    CHECK(count.bound == 500);
    const Threshold rate = parse_threshold_expression("iterations{scenario:browse}", "rate>600/m");
    CHECK(rate.aggregate == Aggregate::rate);
    CHECK(rate.bound == Approx(10));
    CHECK(rate.filter == Tags{{"scenario", "browse"}});
}

TEST_CASE("threshold expression errors name the expected form", "[thresholds]") {
    // Built with append() rather than `+`: GCC 12 reports a false -Warray-bounds on the latter.
    CHECK(error_of("latency", "p95<200ms") == expected_latency_error("p95<200ms"));
    for (const char* bad : {"", "p(95)", "p(95)<", "p(95)<200", "<200ms", "rate<1%", "count<5", "p(x)<1ms", "p(95<1ms",
                            "avg=1ms", "avg<>1ms", "avg<1ms extra", "average<1ms", "p(95)<-1ms"}) {
        CHECK(error_of("latency", bad) == expected_latency_error(bad));
    }
    for (const char* bad : {"rate<1 %", "rate<1%%", "avg<1%", "count<1.5", "count<-1", "p(95)<1%", "rate<abc"}) {
        CHECK(error_of("errors", bad) == "threshold `" + std::string(bad) + "` on errors: " + errors_form);
    }
    for (const char* bad : {"rate>100", "<100/s", "rate>100/d", "count>=1e3", "avg>1/s", "rate>100/s/s"}) {
        CHECK(error_of("requests{step:a}", bad) ==
              "threshold `" + std::string(bad) + "` on requests{step:a}: " + requests_form);
    }
    for (const char* bad : {"<99%", "rate>99x", "rate>1/s", "p(95)<1ms", "avg>0.5", "count<0.5"}) {
        CHECK(error_of("checks", bad) == "threshold `" + std::string(bad) + "` on checks: " + checks_form);
    }
    for (const char* bad : {"<10/s", "rate>10", "rate>10%", "max<1s", "count>1.5"}) {
        CHECK(error_of("iterations", bad) == "threshold `" + std::string(bad) + "` on iterations: " + iterations_form);
    }
}

TEST_CASE("threshold range errors", "[thresholds]") {
    CHECK(error_of("latency", "p(0)<1ms") ==
          "threshold `p(0)<1ms` on latency: the percentile in p(N) must be greater than 0 and at most 100");
    CHECK(error_of("latency", "p(100.5)<1ms") ==
          "threshold `p(100.5)<1ms` on latency: the percentile in p(N) must be greater than 0 and at most 100");
    CHECK(error_of("errors", "rate<150%") ==
          "threshold `rate<150%` on errors: an error rate must be from 0% to 100%, or a fraction from 0 to 1");
    CHECK(error_of("errors", "<1.5") ==
          "threshold `<1.5` on errors: an error rate must be from 0% to 100%, or a fraction from 0 to 1");
    CHECK(error_of("checks", "rate>101%") ==
          "threshold `rate>101%` on checks: a pass rate must be from 0% to 100%, or a fraction from 0 to 1");
}

TEST_CASE("parse_thresholds reads the scenario object", "[thresholds]") {
    const auto doc = json::parse(R"({
  "latency": ["p(95)<200ms", "avg<50ms"],
  "errors": "rate<1%",
  "latency{step:home}": [],
  "$comment": "ignored"
})");
    Diagnostics diags("t.json");
    const auto thresholds = parse_thresholds(doc, known_tags(), diags);
    CHECK(diags.empty());
    REQUIRE(thresholds.size() == 3);
    CHECK_FALSE(thresholds[0].abort_on_fail);
    CHECK(thresholds[0].source == "p(95)<200ms");
    CHECK(thresholds[0].position.line == 2);
    CHECK(thresholds[0].position.column == 15);
    CHECK(thresholds[1].source == "avg<50ms");
    CHECK(thresholds[1].position.column == 30);
    CHECK(thresholds[2].metric == Metric::errors);
    CHECK(thresholds[2].key == "errors");
}

TEST_CASE("parse_thresholds reports every problem where it is", "[thresholds]") {
    const auto doc = json::parse(R"({
  "latency": ["p(95)<200ms", 5, "p95<1s"],
  "latncy": ["p(95)<1s"],
  "errors{step:hom}": ["rate<1%"],
  "requests": 100,
  "errors": ["rate<1%"],
  "errors": ["rate<2%"]
})");
    Diagnostics diags("t.json");
    const auto thresholds = parse_thresholds(doc, known_tags(), diags);
    CHECK(thresholds.size() == 3);  // p(95)<200ms and both errors
    CHECK(diags.format() ==
          "t.json:2:30: error: a threshold for `latency` must be a string or an object, got number (at /latency/1)\n"
          "t.json:2:33: error: threshold `p95<1s` on latency: expected p(N), med, avg, min or max, then <, <=, >, "
          ">= or ==, then a duration like 200ms (at /latency/2)\n"
          "t.json:3:3: error: threshold key `latncy`: expected latency, service_time, response_time, errors, "
          "requests, checks or iterations, optionally followed by tags like {step:NAME} or {scenario:NAME,kind:api}; "
          "did you mean `latency`? (at /latncy)\n"
          "t.json:4:3: error: threshold key `errors{step:hom}`: no step has the tag `step:hom`; did you mean `home`? "
          "(at /errors{step:hom})\n"
          "t.json:5:15: error: thresholds for `requests` must be a string like \"rate>100/s\", or an array of such "
          "strings and of objects like {\"threshold\": \"rate>100/s\", \"abort_on_fail\": true}, got number "
          "(at /requests)\n"
          "t.json:7:3: error: duplicate key `errors` in thresholds (first at line 6, column 3) (at /errors)");
}

TEST_CASE("tags in threshold keys must exist in the plan", "[thresholds]") {
    const auto doc = json::parse(R"({
  "latency{scenario:browse, kind:api}": "p(95)<1s",
  "checks{check:status is 200}": "rate>99%",
  "latency{stp:home}": "p(95)<1s",
  "latency{scenario:brwse}": "p(95)<1s",
  "checks{check:status is 20O}": "rate>99%",
  "errors{knd:api}": "rate<1%",
  "errors{colour:blue}": "rate<1%",
  "iterations{scenario:elsewhere}": "count>1"
})");
    Diagnostics diags("t.json");
    const auto thresholds = parse_thresholds(doc, known_tags(), diags);
    REQUIRE(thresholds.size() == 2);
    CHECK(thresholds[0].filter == Tags{{"scenario", "browse"}, {"kind", "api"}});
    CHECK(thresholds[1].filter == Tags{{"check", "status is 200"}});
    CHECK(diags.format() ==
          "t.json:4:3: error: threshold key `latency{stp:home}`: no step has the tag `stp`; did you mean `step`? "
          "(at /latency{stp:home})\n"
          "t.json:5:3: error: threshold key `latency{scenario:brwse}`: no step has the tag `scenario:brwse`; did you "
          "mean `browse`? (at /latency{scenario:brwse})\n"
          "t.json:6:3: error: threshold key `checks{check:status is 20O}`: no check is named `status is 20O`; did you "
          "mean `status is 200`? (at /checks{check:status is 20O})\n"
          "t.json:7:3: error: threshold key `errors{knd:api}`: no step has the tag `knd`; did you mean `kind`? "
          "(at /errors{knd:api})\n"
          "t.json:8:3: error: threshold key `errors{colour:blue}`: no step has the tag `colour` (at "
          "/errors{colour:blue})\n"
          "t.json:9:3: error: threshold key `iterations{scenario:elsewhere}`: no step has the tag "
          "`scenario:elsewhere` (at /iterations{scenario:elsewhere})");
}

TEST_CASE("thresholds as objects can abort the run", "[thresholds]") {
    const auto doc = json::parse(R"({
  "latency{step:login}": [
    "p(99)<1s",
    {"threshold": "p(95)<200ms", "abort_on_fail": true, "delay_abort_eval": "10s"},
    {"threshold": "max<2s", "abort_on_fail": false}
  ],
  "errors": {"threshold": "rate<5%", "abort_on_fail": true}
})");
    Diagnostics diags("t.json");
    const auto thresholds = parse_thresholds(doc, known_tags(), diags);
    CHECK(diags.empty());
    REQUIRE(thresholds.size() == 4);
    CHECK_FALSE(thresholds[0].abort_on_fail);
    CHECK(thresholds[1].source == "p(95)<200ms");
    CHECK(thresholds[1].filter == Tags{{"step", "login"}});
    CHECK(thresholds[1].abort_on_fail);
    CHECK(thresholds[1].abort_delay == std::chrono::seconds(10));
    CHECK(thresholds[1].position.line == 4);  // the expression's own position
    CHECK(thresholds[1].position.column == 19);
    CHECK_FALSE(thresholds[2].abort_on_fail);
    CHECK(thresholds[3].metric == Metric::errors);
    CHECK(thresholds[3].abort_on_fail);
    CHECK(thresholds[3].abort_delay == std::chrono::nanoseconds(0));
}

TEST_CASE("threshold objects report their problems", "[thresholds]") {
    const auto doc = json::parse(R"({
  "latency": [
    {"abort_on_fail": true},
    {"threshold": 200},
    {"threshold": "p(95)<1s", "abort_on_fial": true},
    {"threshold": "p(95)<1s", "abort_on_fail": "yes", "delay_abort_eval": "soon"},
    {"threshold": "p95<1s", "abort_on_fail": true}
  ]
})");
    Diagnostics diags("t.json");
    const auto thresholds = parse_thresholds(doc, known_tags(), diags);
    CHECK(thresholds.size() == 2);  // the misspelt key and the wrong options are reported, the expressions kept
    CHECK(diags.format() ==
          "t.json:3:5: error: missing required key `threshold` in a threshold for `latency` (at /latency/0)\n"
          "t.json:4:19: error: `threshold` in a threshold for `latency` must be a string, got number (at "
          "/latency/1/threshold)\n"
          "t.json:5:31: error: unknown key `abort_on_fial` in a threshold for `latency`; did you mean "
          "`abort_on_fail`? (at /latency/2/abort_on_fial)\n"
          "t.json:6:48: error: `abort_on_fail` in a threshold for `latency` must be true or false, got \"yes\" (at "
          "/latency/3/abort_on_fail)\n"
          "t.json:6:75: error: `delay_abort_eval` in a threshold for `latency` must be a duration like \"250ms\", "
          "\"30s\" or \"1m30s\", or a number of seconds, got \"soon\" (at /latency/3/delay_abort_eval)\n"
          "t.json:7:19: error: threshold `p95<1s` on latency: expected p(N), med, avg, min or max, then <, <=, >, >= "
          "or ==, then a duration like 200ms (at /latency/4/threshold)");
}

TEST_CASE("parse_thresholds on a non-object", "[thresholds]") {
    const auto doc = json::parse(R"(["p(95)<1s"])");
    Diagnostics diags("t.json");
    CHECK(parse_thresholds(doc, KnownTags{}, diags).empty());
    CHECK(diags.format() == "t.json:1:1: error: thresholds must be an object, got array");
}

TEST_CASE("service_time and response_time choose which latency a threshold judges", "[thresholds]") {
    using throng::core::Threshold;
    const auto service = throng::scenarios::parse_threshold_expression("service_time{step:a}", "p(99)<10ms");
    CHECK(service.metric == Threshold::Metric::latency);
    CHECK(service.timing == Threshold::Timing::service_time);
    CHECK(service.filter == Tags{{"step", "a"}});
    CHECK(service.bound == Approx(10e6));
    const auto response = throng::scenarios::parse_threshold_expression("response_time", "avg<1s");
    CHECK(response.timing == Threshold::Timing::response_time);
    CHECK(throng::scenarios::parse_threshold_expression("latency", "p(50)<1s").timing == Threshold::Timing::automatic);
}
