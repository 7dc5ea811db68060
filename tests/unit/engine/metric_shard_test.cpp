#include <catch2/catch.hpp>

#include "harness/engine/metric_shard.hpp"

using throng::core::ErrorClass;
using throng::core::Outcome;
using throng::engine::MetricShard;

TEST_CASE("a metric shard counts outcomes per step and merges into results", "[engine][metrics]") {
    MetricShard shard(2);
    Outcome ok;
    ok.start = 1000;
    ok.end = 1000 + 2'000'000;
    ok.responded = true;
    ok.status = 200;
    ok.bytes_sent = 100;
    ok.bytes_received = 300;
    Outcome server_error = ok;
    server_error.status = 503;
    server_error.error = ErrorClass::declare("http_5xx");
    Outcome refused;
    refused.error = ErrorClass::connect_refused;

    shard.record(0, ok);
    shard.record(0, ok);
    shard.record(0, server_error);
    shard.record(1, refused);
    shard.iteration_completed();
    shard.iteration_interrupted();

    std::vector<throng::core::StepResult> steps(2);
    shard.merge_into(steps);
    shard.merge_into(steps);  // merging twice doubles: shards are additive
    CHECK(steps[0].requests == 6);
    CHECK(steps[0].responses == 6);
    CHECK(steps[0].statuses.at(200) == 4);
    CHECK(steps[0].statuses.at(503) == 2);
    CHECK(steps[0].errors[static_cast<std::size_t>(ErrorClass::declare("http_5xx"))] == 2);
    CHECK(steps[0].error_count() == 2);
    CHECK(steps[0].latency.count() == 6);
    CHECK(steps[0].latency.value_at_percentile(50) == Approx(2'000'000).epsilon(1e-3));
    CHECK(steps[0].bytes_received == 1800);
    CHECK(steps[1].requests == 2);
    CHECK(steps[1].responses == 0);  // no latency for a request that got no response
    CHECK(steps[1].latency.count() == 0);
    CHECK(steps[1].errors[static_cast<std::size_t>(ErrorClass::connect_refused)] == 2);
    CHECK(shard.iterations_completed() == 1);
    CHECK(shard.iterations_interrupted() == 1);
}

TEST_CASE("protocol error codes are counted per step, and SQL/Redis replies have no status", "[engine][metrics]") {
    MetricShard shard(1);
    Outcome serialization;
    serialization.responded = true;
    serialization.error = ErrorClass::declare("sql_serialization");
    serialization.code.assign("40001");
    Outcome wrongtype = serialization;
    wrongtype.error = ErrorClass::declare("redis_error");
    wrongtype.code.assign("WRONGTYPE");
    Outcome ok;
    ok.responded = true;  // status 0: not an HTTP response

    shard.record(0, serialization);
    shard.record(0, serialization);
    shard.record(0, wrongtype);
    shard.record(0, ok);
    std::vector<throng::core::StepResult> steps(1);
    shard.merge_into(steps);
    CHECK(steps[0].error_codes == std::map<std::string, std::uint64_t>{{"40001", 2}, {"WRONGTYPE", 1}});
    CHECK(steps[0].errors[static_cast<std::size_t>(ErrorClass::declare("sql_serialization"))] == 2);
    CHECK(steps[0].statuses.empty());
    CHECK(steps[0].responses == 4);

    throng::core::StepResult total;
    total.merge(steps[0]);
    total.merge(steps[0]);
    CHECK(total.error_codes.at("40001") == 4);
}

TEST_CASE("an error code longer than its capacity is cut, not overflowed", "[engine][metrics]") {
    throng::core::ErrorCode code("A_VERY_LONG_ERROR_PREFIX");
    CHECK(code.view() == "A_VERY_LONG_ERR");
    CHECK(code.view().size() == throng::core::ErrorCode::capacity);
}

TEST_CASE("a reset shard is as good as a new one", "[engine][metrics]") {
    MetricShard used(2, 0, 1);
    Outcome slow;
    slow.start = 0;
    slow.end = 3'000'000'000;
    slow.intended = 1;
    slow.responded = true;
    slow.status = 201;
    slow.bytes_sent = 7;
    slow.error = ErrorClass::declare("http_5xx");
    slow.code.assign("X");
    used.record(0, slow);
    used.record(1, slow);
    used.record_check(0, true);
    used.record_check(0, false);
    used.record_rules_time(0, 5'000);
    used.record_send_lag(1'000'000);
    used.record_loop_lag(2'000'000);
    used.iteration_started();
    used.iteration_completed();
    used.iteration_interrupted();
    used.iteration_dropped();
    used.active_vus = 4;
    used.reset();

    std::vector<throng::core::StepResult> steps(2);
    std::vector<throng::core::CheckResult> checks(1);
    used.merge_into(steps);
    used.merge_checks_into(checks);
    for (const auto& step : steps) {
        CHECK(step.requests == 0);
        CHECK(step.responses == 0);
        CHECK(step.error_count() == 0);
        CHECK(step.bytes_sent == 0);
        CHECK(step.statuses.empty());
        CHECK(step.error_codes.empty());
        CHECK(step.latency.count() == 0);
        CHECK(step.response_time.count() == 0);
        CHECK(step.rules_time.count() == 0);
    }
    CHECK(checks[0].passes + checks[0].fails == 0);
    CHECK(used.send_lag().count() == 0);
    CHECK(used.loop_lag().count() == 0);
    CHECK(used.iterations_started() + used.iterations_completed() + used.iterations_interrupted() +
              used.iterations_dropped() ==
          0);
    CHECK(used.active_vus == 0);

    Outcome fast;
    fast.start = 0;
    fast.end = 1'000'000;
    fast.responded = true;
    fast.status = 200;
    used.record(0, fast);
    used.merge_into(steps);
    CHECK(steps[0].requests == 1);
    CHECK(steps[0].latency.max() == 1'000'000);  // not the 3 s recorded before the reset
    CHECK(steps[0].statuses.at(200) == 1);
}

TEST_CASE("request phases are kept only for outcomes whose driver tells them", "[engine][metrics]") {
    MetricShard shard(2);
    Outcome told;
    told.responded = true;
    told.phases.told = true;
    told.phases[throng::core::Phase::connect] = 100'000;
    told.phases[throng::core::Phase::waiting] = 1'000'000;
    Outcome silent;
    silent.responded = true;
    shard.record(0, told);
    told.phases[throng::core::Phase::connect] = 0;  // a kept-alive connection
    shard.record(0, told);
    shard.record(1, silent);
    std::vector<throng::core::StepResult> steps(2);
    shard.merge_into(steps);
    REQUIRE(steps[0].phases);
    CHECK((*steps[0].phases)[throng::core::Phase::connect].count() == 1);
    CHECK((*steps[0].phases)[throng::core::Phase::waiting].count() == 2);
    CHECK((*steps[0].phases)[throng::core::Phase::tls_handshake].count() == 0);
    CHECK_FALSE(steps[1].phases);  // no allocation for protocols that do not tell
    shard.reset();
    std::vector<throng::core::StepResult> after_reset(2);
    shard.merge_into(after_reset);
    CHECK((*after_reset[0].phases)[throng::core::Phase::waiting].count() == 0);
}
