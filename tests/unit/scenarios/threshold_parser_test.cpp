#include "scenarios/threshold_parser.hpp"

#include <catch2/catch.hpp>

using throng::core::Diagnostics;
using throng::core::Threshold;
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

std::string expected_latency_error(const std::string& expression) {
    std::string out = "threshold `";
    out.append(expression).append("` on latency: ").append(latency_form);
    return out;
}

}  // namespace

TEST_CASE("threshold keys", "[thresholds]") {
    CHECK(parse_threshold_key("latency").metric == Metric::latency);
    CHECK(parse_threshold_key("latency").step.empty());
    CHECK(parse_threshold_key("errors").metric == Metric::errors);
    const auto with_step = parse_threshold_key("requests{step:GET /items}");
    CHECK(with_step.metric == Metric::requests);
    CHECK(with_step.step == "GET /items");
    CHECK(parse_threshold_key("latency{step:a{b}}").step == "a{b}");
}

TEST_CASE("threshold key errors", "[thresholds]") {
    const std::string form = "expected latency, service_time, response_time, errors or requests, optionally followed by {step:NAME}";
    const auto message = [](std::string_view key) {
        try {
            parse_threshold_key(key);
        } catch (const ThresholdSyntaxError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(message("latncy") == "threshold key `latncy`: " + form + "; did you mean `latency`?");
    CHECK(message("duration") == "threshold key `duration`: " + form);
    CHECK(message("") == "threshold key ``: " + form);
    CHECK(message("latency{stp:x}") == "threshold key `latency{stp:x}`: " + form);
    CHECK(message("latency{step:}") == "threshold key `latency{step:}`: " + form);
    CHECK(message("latency{step:x") == "threshold key `latency{step:x`: " + form);
    CHECK(message("Latency") == "threshold key `Latency`: " + form + "; did you mean `latency`?");
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
    CHECK(p95.step.empty());

    const Threshold spaced = parse_threshold_expression("latency{step:home}", "  p( 99.9 )  <=  1.5s ");
    CHECK(spaced.percentile == Approx(99.9));
    CHECK(spaced.op == Op::le);
    CHECK(spaced.bound == 1.5e9);
    CHECK(spaced.step == "home");
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

TEST_CASE("threshold expression errors name the expected form", "[thresholds]") {
    // Built with append() rather than `+`: GCC 12 reports a false -Warray-bounds on the latter.
    CHECK(error_of("latency", "p95<200ms") == expected_latency_error("p95<200ms"));
    for (const char* bad : {"", "p(95)", "p(95)<", "p(95)<200", "<200ms", "rate<1%", "count<5", "p(x)<1ms",
                            "p(95<1ms", "avg=1ms", "avg<>1ms", "avg<1ms extra", "average<1ms", "p(95)<-1ms"}) {
        CHECK(error_of("latency", bad) == expected_latency_error(bad));
    }
    for (const char* bad : {"rate<1 %", "rate<1%%", "avg<1%", "count<1.5", "count<-1", "p(95)<1%", "rate<abc"}) {
        CHECK(error_of("errors", bad) == "threshold `" + std::string(bad) + "` on errors: " + errors_form);
    }
    for (const char* bad : {"rate>100", "<100/s", "rate>100/d", "count>=1e3", "avg>1/s", "rate>100/s/s"}) {
        CHECK(error_of("requests{step:a}", bad) ==
              "threshold `" + std::string(bad) + "` on requests{step:a}: " + requests_form);
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
}

TEST_CASE("parse_thresholds reads the scenario object", "[thresholds]") {
    const auto doc = json::parse(R"({
  "latency": ["p(95)<200ms", "avg<50ms"],
  "errors": "rate<1%",
  "latency{step:home}": [],
  "$comment": "ignored"
})");
    Diagnostics diags("t.json");
    const auto thresholds = parse_thresholds(doc, {"home"}, diags);
    CHECK(diags.empty());
    REQUIRE(thresholds.size() == 3);
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
    const auto thresholds = parse_thresholds(doc, {"home", "login"}, diags);
    CHECK(thresholds.size() == 3);  // p(95)<200ms and both errors
    CHECK(diags.format() ==
          "t.json:2:30: error: a threshold for `latency` must be a string, got number (at /latency/1)\n"
          "t.json:2:33: error: threshold `p95<1s` on latency: expected p(N), med, avg, min or max, then <, <=, >, "
          ">= or ==, then a duration like 200ms (at /latency/2)\n"
          "t.json:3:3: error: threshold key `latncy`: expected latency, service_time, response_time, errors or requests, optionally followed by "
          "{step:NAME}; did you mean `latency`? (at /latncy)\n"
          "t.json:4:3: error: threshold key `errors{step:hom}` names an unknown step `hom`; did you mean `home`? "
          "(at /errors{step:hom})\n"
          "t.json:5:15: error: thresholds for `requests` must be an array of strings like [\"rate>100/s\"], got number "
          "(at /requests)\n"
          "t.json:7:3: error: duplicate key `errors` in thresholds (first at line 6, column 3) (at /errors)");
}

TEST_CASE("parse_thresholds on a non-object", "[thresholds]") {
    const auto doc = json::parse(R"(["p(95)<1s"])");
    Diagnostics diags("t.json");
    CHECK(parse_thresholds(doc, {}, diags).empty());
    CHECK(diags.format() == "t.json:1:1: error: thresholds must be an object, got array");
}

TEST_CASE("service_time and response_time choose which latency a threshold judges", "[thresholds]") {
    using throng::core::Threshold;
    const auto service = throng::scenarios::parse_threshold_expression("service_time{step:a}", "p(99)<10ms");
    CHECK(service.metric == Threshold::Metric::latency);
    CHECK(service.timing == Threshold::Timing::service_time);
    CHECK(service.step == "a");
    CHECK(service.bound == Approx(10e6));
    const auto response = throng::scenarios::parse_threshold_expression("response_time", "avg<1s");
    CHECK(response.timing == Threshold::Timing::response_time);
    CHECK(throng::scenarios::parse_threshold_expression("latency", "p(50)<1s").timing == Threshold::Timing::automatic);
}
