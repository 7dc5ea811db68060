// throng merge: shards of one run add up exactly, bucket by bucket and
// second by second; runs one after another stay separate runs.
#include <catch2/catch.hpp>

#include "harness/core/histogram_codec.hpp"
#include "reports/result_merge.hpp"
#include "support/synthetic_runs.hpp"

using throng::core::RunResult;
using throng::test::synthetic_run;
using throng::test::SyntheticRun;

namespace {

SyntheticRun spec(std::uint64_t seed, double start, int intervals = 10) {
    SyntheticRun s;
    s.seed = seed;
    s.started_at_epoch_s = start;
    s.intervals = intervals;
    return s;
}

}  // namespace

TEST_CASE("merge: shards of one run add up bucket by bucket and second by second", "[merge][heavy]") {
    const RunResult a = synthetic_run(spec(1, 1000.0));
    const RunResult b = synthetic_run(spec(2, 1000.02));  // started 20 ms later
    const RunResult merged = throng::reports::merge_results({a, b});
    CHECK(merged.runs.empty());  // one run
    CHECK(merged.total.requests == a.total.requests + b.total.requests);
    throng::core::Histogram both = a.steps[0].latency;
    both.merge(b.steps[0].latency);
    CHECK(merged.steps[0].latency.value_at_percentile(99) == both.value_at_percentile(99));
    CHECK(merged.steps[0].latency.count() == both.count());
    REQUIRE(merged.intervals.size() == 10);
    for (std::size_t i = 0; i < 10; ++i) {
        CHECK(merged.intervals[i].requests == a.intervals[i].requests + b.intervals[i].requests);
        CHECK(merged.intervals[i].histograms[0].requests ==
              a.intervals[i].histograms[0].requests + b.intervals[i].histograms[0].requests);
        throng::core::Histogram second = throng::core::decode_compressed(a.intervals[i].histograms[0].service_time);
        second.merge(throng::core::decode_compressed(b.intervals[i].histograms[0].service_time));
        CHECK(throng::core::decode_compressed(merged.intervals[i].histograms[0].service_time).count() ==
              second.count());
        CHECK(merged.intervals[i].p99 == second.value_at_percentile(99));
    }
    CHECK(merged.threads == a.threads + b.threads);
    CHECK(merged.duration_s == Approx(10.02));
}

TEST_CASE("merge: runs one after another are kept apart, their rates over the time they ran", "[merge][heavy]") {
    const RunResult first = synthetic_run(spec(1, 1000.0, 10));
    const RunResult second = synthetic_run(spec(2, 2000.0, 5));
    // Given in any order, they come out in time order.
    const RunResult merged = throng::reports::merge_results({second, first});
    REQUIRE(merged.runs.size() == 2);
    CHECK(merged.runs[0].first_interval == 0);
    CHECK(merged.runs[0].interval_count == 10);
    CHECK(merged.runs[1].first_interval == 10);
    CHECK(merged.runs[1].interval_count == 5);
    CHECK(merged.runs[1].started_at_epoch_s == 2000.0);
    CHECK(merged.intervals.size() == 15);
    CHECK(merged.intervals[10].start_s == Approx(1000.0));
    CHECK(merged.duration_s == Approx(15.0));
    CHECK(merged.total.requests == first.total.requests + second.total.requests);

    // A third run merged into that keeps all three.
    const RunResult third = synthetic_run(spec(3, 3000.0, 4));
    const RunResult all = throng::reports::merge_results({merged, third});
    REQUIRE(all.runs.size() == 3);
    CHECK(all.runs[2].first_interval == 15);
}

TEST_CASE("merge: results of different scenarios are refused, saying how they differ", "[merge][heavy]") {
    RunResult a = synthetic_run(spec(1, 1000.0));
    RunResult b = synthetic_run(spec(2, 1000.0));
    b.scenario_name = "other";
    CHECK_THROWS_WITH(throng::reports::merge_results({a, b}), Catch::Contains("different scenarios"));
    b = synthetic_run(spec(2, 1000.0));
    b.scenario_hash = "changed";
    CHECK_THROWS_WITH(throng::reports::merge_results({a, b}), Catch::Contains("scenario hash"));
    b = synthetic_run(spec(2, 1000.0));
    b.steps[0].name = "renamed";
    CHECK_THROWS_WITH(throng::reports::merge_results({a, b}), Catch::Contains("renamed"));
    CHECK_THROWS(throng::reports::merge_results({}));
}

TEST_CASE("merge: one result alone comes out unchanged, however short its last interval", "[merge]") {
    RunResult r = synthetic_run(spec(1, 1000.0, 3));
    r.intervals.back().length_s = 0.3;
    r.intervals.push_back(r.intervals.back());
    r.intervals.back().start_s = 2.3;  // a final interval that starts within the same second
    r.intervals.back().length_s = 0.01;
    const RunResult merged = throng::reports::merge_results({r});
    REQUIRE(merged.intervals.size() == 4);
    CHECK(merged.intervals[3].start_s == 2.3);
    CHECK(merged.intervals[3].requests == r.intervals[3].requests);
}

TEST_CASE("merge: shards' intervals meet on their second even when one ticked late", "[merge]") {
    RunResult a = synthetic_run(spec(1, 1000.0, 3));
    RunResult b = synthetic_run(spec(2, 1000.4, 3));  // started 0.4 s later: the same seconds
    b.intervals[1].start_s = 1.6;                     // its tick at 1 s came 0.6 s late
    b.intervals[0].length_s = 1.6;
    const RunResult merged = throng::reports::merge_results({a, b});
    REQUIRE(merged.intervals.size() == 3);
    for (std::size_t i = 0; i < 3; ++i)
        CHECK(merged.intervals[i].requests == a.intervals[i].requests + b.intervals[i].requests);
}
