#include <catch2/catch.hpp>

#include "reports/thresholds.hpp"

using throng::core::CheckResult;
using throng::core::RunResult;
using throng::core::ScenarioResult;
using throng::core::StepResult;
using throng::core::Tags;
using throng::core::Threshold;
using throng::reports::evaluate_thresholds;
using throng::reports::format_observed;
using throng::reports::threshold_abort_reason;

using Metric = Threshold::Metric;
using Aggregate = Threshold::Aggregate;
using Op = Threshold::Op;

namespace {

StepResult step(std::string name, std::string scenario, Tags extra = {}) {
    StepResult s;
    s.name = name;
    s.scenario = scenario;
    s.flow = "default";
    s.tags = {{"step", name}, {"scenario", scenario}, {"flow", "default"}};
    if (extra.contains("group")) s.group = extra.at("group");
    s.tags.merge(extra);
    return s;
}

void record(StepResult& s, int requests, std::int64_t from_ns, std::int64_t step_ns) {
    for (int i = 1; i <= requests; ++i) s.latency.record(from_ns + (i - 1) * step_ns);
    s.requests += static_cast<std::uint64_t>(requests);
    s.responses += static_cast<std::uint64_t>(requests);
}

void add_errors(StepResult& s, std::uint64_t n) {
    s.errors[static_cast<std::size_t>(throng::core::ErrorClass::declare("http_5xx"))] += n;
}

RunResult sample_result() {
    RunResult r;
    r.duration_s = 10;
    r.steps = {step("fast", "default"), step("slow", "default")};
    record(r.steps[0], 100, 1'000'000, 1'000'000);    // 1..100 ms
    record(r.steps[1], 100, 10'000'000, 10'000'000);  // 10..1000 ms
    add_errors(r.steps[1], 3);
    for (const auto& s : r.steps) r.total.merge(s);
    return r;
}

Threshold make(Metric metric, Aggregate aggregate, Op op, double bound, Tags filter = {}) {
    Threshold t;
    t.metric = metric;
    t.aggregate = aggregate;
    t.op = op;
    t.bound = bound;
    t.filter = std::move(filter);
    return t;
}

Threshold latency(Tags filter, double pct, Op op, double bound_ms) {
    Threshold t = make(Metric::latency, Aggregate::percentile, op, bound_ms * 1e6, std::move(filter));
    t.percentile = pct;
    return t;
}

// Two scenarios: browse (home, and a checkout group with cart and pay, the
// latter tagged kind:api) and api (search, tagged kind:api), plus a login
// setup step that must never count.
RunResult tagged_result() {
    RunResult r;
    r.duration_s = 20;
    r.steps = {step("home", "browse"), step("cart", "browse", {{"group", "checkout"}}),
               step("pay", "browse", {{"group", "checkout"}, {"kind", "api"}}),
               step("search", "api", {{"kind", "api"}})};
    record(r.steps[0], 100, 1'000'000, 0);    // all 1 ms
    record(r.steps[1], 100, 10'000'000, 0);   // all 10 ms
    record(r.steps[2], 100, 100'000'000, 0);  // all 100 ms
    record(r.steps[3], 300, 2'000'000, 0);    // all 2 ms
    add_errors(r.steps[2], 10);
    for (const auto& s : r.steps) r.total.merge(s);
    r.setup = {step("login", "")};
    record(r.setup[0], 1, 5'000'000'000, 0);  // a 5 s setup request
    add_errors(r.setup[0], 1);
    return r;
}

}  // namespace

TEST_CASE("latency thresholds on a step and on all requests", "[reports][thresholds]") {
    const auto r = sample_result();
    const auto results =
        evaluate_thresholds({latency({{"step", "fast"}}, 95, Op::lt, 100), latency({{"step", "slow"}}, 95, Op::lt, 100),
                             latency({}, 50, Op::le, 100)},
                            r);
    REQUIRE(results.size() == 3);
    CHECK(results[0].passed);
    CHECK(results[0].observed == Approx(95e6).epsilon(1e-3));
    CHECK_FALSE(results[1].passed);
    CHECK(results[1].observed == Approx(950e6).epsilon(1e-3));
    CHECK(results[2].passed);  // the median of all 200 is 100 ms
    CHECK(format_observed(results[0]).find("ms") != std::string::npos);
}

TEST_CASE("error rate, request rate and counts", "[reports][thresholds]") {
    const auto r = sample_result();
    const Threshold errors = make(Metric::errors, Aggregate::rate, Op::lt, 0.01);
    const Threshold fast_errors = make(Metric::errors, Aggregate::rate, Op::lt, 0.01, {{"step", "fast"}});
    const Threshold rate = make(Metric::requests, Aggregate::rate, Op::ge, 20);
    const Threshold count = make(Metric::requests, Aggregate::count, Op::gt, 200);

    const auto results = evaluate_thresholds({errors, fast_errors, rate, count}, r);
    CHECK_FALSE(results[0].passed);  // 3 of 200 = 1.5%
    CHECK(results[0].observed == Approx(0.015));
    CHECK(format_observed(results[0]) == "1.50%");
    CHECK(results[1].passed);  // the fast step had none
    CHECK(results[2].passed);  // 200 requests in 10 s = 20/s
    CHECK(results[2].observed == Approx(20));
    CHECK_FALSE(results[3].passed);  // 200 is not > 200
}

TEST_CASE("a threshold without data fails rather than passes", "[reports][thresholds]") {
    RunResult empty;
    empty.steps = {step("never", "default")};
    const auto results = evaluate_thresholds(
        {latency({{"step", "never"}}, 99, Op::lt, 1000), latency({{"step", "missing"}}, 99, Op::lt, 1000),
         make(Metric::errors, Aggregate::count, Op::lt, 1, {{"step", "missing"}}),
         make(Metric::requests, Aggregate::rate, Op::lt, 1)},  // no duration
        empty);
    CHECK_FALSE(results[0].evaluated);
    CHECK_FALSE(results[0].passed);
    CHECK_FALSE(results[1].passed);
    CHECK_FALSE(results[2].evaluated);  // nothing matched, not "0 errors"
    CHECK_FALSE(results[3].evaluated);
    CHECK(format_observed(results[0]) == "no data");
}

TEST_CASE("tag filters merge every step that carries all their tags", "[reports][thresholds]") {
    const auto r = tagged_result();
    const auto results = evaluate_thresholds(
        {
            latency({{"kind", "api"}}, 100, Op::lt, 50),                               // pay 100 ms, search 2 ms
            latency({{"scenario", "browse"}, {"group", "checkout"}}, 50, Op::lt, 11),  // cart 10 ms, pay 100 ms
            latency({{"scenario", "api"}, {"kind", "api"}}, 100, Op::lt, 50),          // search only
            make(Metric::errors, Aggregate::rate, Op::lt, 0.05, {{"kind", "api"}}),    // 10 of 400
            make(Metric::errors, Aggregate::count, Op::eq, 0, {{"step", "home"}}),
            make(Metric::requests, Aggregate::rate, Op::eq, 15, {{"scenario", "browse"}}),  // 300 in 20 s
            make(Metric::requests, Aggregate::count, Op::eq, 200, {{"group", "checkout"}}),
            latency({{"scenario", "browse"}, {"kind", "web"}}, 50, Op::lt, 1000),  // no step has both
        },
        r);
    CHECK_FALSE(results[0].passed);
    CHECK(results[0].observed == Approx(100e6).epsilon(1e-2));
    CHECK(results[1].observed == Approx(10e6).epsilon(1e-2));
    CHECK(results[1].passed);
    CHECK(results[2].passed);
    CHECK(results[2].observed == Approx(2e6).epsilon(1e-2));
    CHECK(results[3].passed);
    CHECK(results[3].observed == Approx(0.025));
    CHECK(results[4].passed);
    CHECK(results[5].passed);
    CHECK(results[6].passed);
    CHECK_FALSE(results[7].evaluated);
}

TEST_CASE("setup and teardown never count", "[reports][thresholds]") {
    auto r = tagged_result();
    r.teardown = r.setup;
    const auto results = evaluate_thresholds(
        {latency({}, 100, Op::lt, 1000), make(Metric::errors, Aggregate::count, Op::eq, 10),
         make(Metric::requests, Aggregate::count, Op::eq, 600), latency({{"step", "login"}}, 50, Op::lt, 10'000)},
        r);
    CHECK(results[0].passed);  // the 5 s setup request is not in the total
    CHECK(results[1].passed);
    CHECK(results[2].passed);
    CHECK_FALSE(results[3].evaluated);  // a setup step is not a step of the load
}

TEST_CASE("checks thresholds judge the pass rate or count the failures", "[reports][thresholds]") {
    RunResult r;
    r.duration_s = 10;
    auto check = [](std::string name, std::string step_name, std::string scenario, std::uint64_t passes,
                    std::uint64_t fails) {
        CheckResult c;
        c.name = name;
        c.step = step_name;
        c.scenario = scenario;
        c.tags = {{"check", name}, {"step", step_name}, {"scenario", scenario}, {"flow", "default"}};
        c.passes = passes;
        c.fails = fails;
        return c;
    };
    r.checks = {check("status is 200", "home", "browse", 990, 10), check("status is 200", "search", "api", 500, 0),
                check("has token", "login", "browse", 0, 0)};
    const auto results = evaluate_thresholds(
        {
            make(Metric::checks, Aggregate::rate, Op::gt, 0.99),  // 1490 of 1500
            make(Metric::checks, Aggregate::count, Op::eq, 0),    // 10 failures
            make(Metric::checks, Aggregate::rate, Op::ge, 0.99, {{"check", "status is 200"}, {"step", "home"}}),
            make(Metric::checks, Aggregate::count, Op::eq, 0, {{"scenario", "api"}}),
            make(Metric::checks, Aggregate::rate, Op::gt, 0.5, {{"check", "has token"}}),  // never ran
            make(Metric::checks, Aggregate::count, Op::eq, 0, {{"check", "has token"}}),   // but never failed
            make(Metric::checks, Aggregate::rate, Op::gt, 0.5, {{"check", "missing"}}),
        },
        r);
    CHECK(results[0].passed);
    CHECK(results[0].observed == Approx(1490.0 / 1500));
    CHECK(format_observed(results[0]) == "99.33%");
    CHECK_FALSE(results[1].passed);
    CHECK(results[1].observed == 10);
    CHECK(format_observed(results[1]) == "10");
    CHECK(results[2].passed);
    CHECK(results[2].observed == Approx(0.99));
    CHECK(results[3].passed);
    CHECK_FALSE(results[4].evaluated);
    CHECK(results[5].passed);
    CHECK_FALSE(results[6].evaluated);
    CHECK(throng::reports::observed_unit(results[0].threshold) == "ratio");
}

TEST_CASE("iterations thresholds count completed iterations, overall or per scenario", "[reports][thresholds]") {
    RunResult r;
    r.duration_s = 20;
    r.iterations_completed = 600;
    ScenarioResult browse;
    browse.name = "browse";
    browse.iterations_completed = 400;
    browse.iterations_interrupted = 5;
    ScenarioResult api = browse;
    api.name = "api";
    api.iterations_completed = 200;
    r.scenarios = {browse, api};
    const auto results = evaluate_thresholds(
        {
            make(Metric::iterations, Aggregate::count, Op::ge, 600),
            make(Metric::iterations, Aggregate::rate, Op::eq, 30),  // 600 in 20 s
            make(Metric::iterations, Aggregate::count, Op::eq, 400, {{"scenario", "browse"}}),
            make(Metric::iterations, Aggregate::rate, Op::gt, 10, {{"scenario", "api"}}),  // 10/s is not > 10
            make(Metric::iterations, Aggregate::count, Op::ge, 0, {{"scenario", "other"}}),
        },
        r);
    CHECK(results[0].passed);
    CHECK(results[1].passed);
    CHECK(format_observed(results[1]) == "30.0/s");
    CHECK(results[2].passed);
    CHECK_FALSE(results[3].passed);
    CHECK(results[3].observed == Approx(10));
    CHECK_FALSE(results[4].evaluated);
    CHECK(throng::reports::observed_unit(results[1].threshold) == "1/s");
}

TEST_CASE("latency thresholds judge the corrected response time in open models", "[reports][thresholds]") {
    RunResult r;
    r.duration_s = 1;
    r.steps = {step("s", "default")};
    for (int i = 0; i < 100; ++i) {
        r.steps[0].latency.record(1'000'000);          // 1 ms on the wire
        r.steps[0].response_time.record(500'000'000);  // 500 ms from the intended start
    }
    r.total.merge(r.steps[0]);
    auto with_timing = [](Threshold::Timing timing) {
        Threshold t = latency({}, 99, Op::lt, 100);
        t.timing = timing;
        return t;
    };
    const std::vector<Threshold> all = {with_timing(Threshold::Timing::automatic),
                                        with_timing(Threshold::Timing::service_time),
                                        with_timing(Threshold::Timing::response_time)};
    r.open_model = true;
    auto open = evaluate_thresholds(all, r);
    CHECK_FALSE(open[0].passed);  // automatic = response time: 500 ms
    CHECK(open[1].passed);
    CHECK_FALSE(open[2].passed);
    r.open_model = false;
    auto closed = evaluate_thresholds(all, r);
    CHECK(closed[0].passed);  // automatic = service time: 1 ms
    CHECK(closed[1].passed);
    CHECK_FALSE(closed[2].passed);
}

TEST_CASE("an abort_on_fail threshold aborts once its delay has passed", "[reports][thresholds]") {
    const auto so_far = tagged_result();  // pay's latency is 100 ms
    Threshold pay = latency({{"step", "pay"}}, 95, Op::lt, 50);
    pay.source = "p(95)<50ms";
    pay.key = "latency{step:pay}";
    pay.abort_on_fail = true;
    pay.abort_delay = std::chrono::seconds(10);

    CHECK_FALSE(threshold_abort_reason({pay}, so_far, 9.9));  // too early to judge
    const auto reason = threshold_abort_reason({pay}, so_far, 10);
    REQUIRE(reason);
    CHECK(*reason == "threshold `p(95)<50ms` on `latency{step:pay}` failed (observed 100ms)");

    Threshold quiet = pay;
    quiet.abort_on_fail = false;  // fails as well, but only at the end
    CHECK_FALSE(threshold_abort_reason({quiet}, so_far, 60));
}

TEST_CASE("an abort reason names the first failing threshold, and never one without data", "[reports][thresholds]") {
    const auto so_far = tagged_result();
    Threshold missing = latency({{"step", "not yet"}}, 95, Op::lt, 50);
    missing.source = "p(95)<50ms";
    missing.abort_on_fail = true;
    Threshold passing = make(Metric::errors, Aggregate::rate, Op::lt, 0.05);
    passing.source = "rate<5%";
    passing.abort_on_fail = true;
    // Rates during the run are over the time elapsed, not over the result's 20 s.
    Threshold slow = make(Metric::requests, Aggregate::rate, Op::gt, 150, {{"kind", "api"}});
    slow.source = "rate>150/s";
    slow.abort_on_fail = true;
    Threshold errors = make(Metric::errors, Aggregate::count, Op::eq, 0);
    errors.source = "count==0";
    errors.abort_on_fail = true;

    CHECK_FALSE(threshold_abort_reason({missing, passing}, so_far, 5));
    // 400 api requests in 5 s = 80/s; the key is made from the filter when not written.
    CHECK(threshold_abort_reason({missing, passing, slow, errors}, so_far, 5) ==
          "threshold `rate>150/s` on `requests{kind:api}` failed (observed 80.0/s)");
    CHECK_FALSE(threshold_abort_reason({slow}, so_far, 2));  // 200/s so far
    CHECK(threshold_abort_reason({errors, slow}, so_far, 5) == "threshold `count==0` on `errors` failed (observed 10)");
}

TEST_CASE("a key is made from metric and filter for thresholds built in code", "[reports][thresholds]") {
    Threshold t = latency({{"step", "a b"}, {"scenario", "x"}}, 95, Op::lt, 1);
    CHECK(throng::reports::key_text(t) == "latency{scenario:x,step:a b}");
    t.timing = Threshold::Timing::response_time;
    t.filter.clear();
    CHECK(throng::reports::key_text(t) == "response_time");
    t.key = "response_time{ step : a }";
    CHECK(throng::reports::key_text(t) == "response_time{ step : a }");
}

TEST_CASE("with open and closed scenarios, latency judges each step by its own model", "[thresholds]") {
    RunResult r;
    r.duration_s = 10;
    r.open_model = true;
    ScenarioResult open, closed;
    open.name = "arrivals";
    open.open_model = true;
    closed.name = "users";
    r.scenarios = {open, closed};
    r.steps = {step("rate", "arrivals"), step("vu", "users")};
    record(r.steps[0], 100, 1'000'000, 1'000'000);  // service time 1..100 ms
    for (int i = 1; i <= 100; ++i)
        r.steps[0].response_time.record(i * 5'000'000);  // from the intended start: 5..500 ms
    record(r.steps[1], 100, 1'000'000, 1'000'000);       // closed: service time only, 1..100 ms
    for (const auto& s : r.steps) r.total.merge(s);

    // Unfiltered: 100 response times (5..500 ms) and 100 service times (1..100 ms) together.
    auto max = make(Metric::latency, Aggregate::max, Op::lt, 1e9);
    auto results = evaluate_thresholds({max}, r);
    REQUIRE(results[0].evaluated);
    CHECK(results[0].observed == Approx(500e6).epsilon(0.001));
    auto p50 = make(Metric::latency, Aggregate::percentile, Op::lt, 1e9);
    p50.percentile = 50;
    results = evaluate_thresholds({p50}, r);
    // The 100th of 200 values: 84 service times and 16 response times are <= 84 ms.
    CHECK(results[0].observed == Approx(84e6).margin(0.5e6));

    // The closed scenario alone is judged by its service time (it has no response time).
    results = evaluate_thresholds({make(Metric::latency, Aggregate::max, Op::lt, 1e9, {{"scenario", "users"}})}, r);
    REQUIRE(results[0].evaluated);
    CHECK(results[0].observed == Approx(100e6).epsilon(0.001));
}

TEST_CASE("a transaction's statements count once: through their transaction unless named", "[reports][thresholds]") {
    RunResult r;
    r.duration_s = 10;
    r.steps = {step("tpcb", "default"), step("tpcb.update", "default", {{"part_of", "tpcb"}})};
    r.steps[1].tags["step"] = "tpcb.update";
    record(r.steps[0], 100, 1'000'000, 0);    // the transactions: 1 ms each
    record(r.steps[1], 100, 500'000'000, 0);  // a statement of theirs, timed apart
    add_errors(r.steps[1], 100);
    r.total.merge(r.steps[0]);  // as the engine totals: parts left out
    CHECK(r.steps[1].is_part());
    const auto results = evaluate_thresholds(
        {latency({}, 99, Op::lt, 2), make(Metric::errors, Aggregate::count, Op::eq, 0, {{"scenario", "default"}}),
         latency({{"step", "tpcb.update"}}, 99, Op::lt, 2)},
        r);
    REQUIRE(results.size() == 3);
    CHECK(results[0].passed);        // unfiltered: only the transactions' 1 ms
    CHECK(results[1].passed);        // a filter that does not name the part leaves it out
    CHECK_FALSE(results[2].passed);  // named, it is judged
}
