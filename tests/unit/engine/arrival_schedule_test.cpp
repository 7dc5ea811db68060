#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "harness/core/clock.hpp"
#include "harness/engine/arrival_schedule.hpp"

using namespace std::chrono_literals;
using throng::core::ExecutorSpec;
using throng::core::FakeClock;
using throng::core::Nanos;
using throng::core::to_nanos;
using throng::engine::ArrivalSchedule;
using throng::engine::ArrivalStream;

namespace {

ExecutorSpec constant_rate(double rate, std::chrono::nanoseconds duration) {
    ExecutorSpec spec;
    spec.kind = ExecutorSpec::Kind::constant_arrival_rate;
    spec.rate = rate;
    spec.duration = duration;
    return spec;
}
std::vector<Nanos> drain(ArrivalStream stream) {
    std::vector<Nanos> out;
    while (auto t = stream.next()) out.push_back(*t);
    return out;
}
}  // namespace

TEST_CASE("a constant rate is due evenly, and split exactly over workers", "[engine][arrival]") {
    const auto spec = constant_rate(500, 10s);
    const ArrivalSchedule schedule(spec);
    CHECK(schedule.count_at(to_nanos(10s)) == Approx(5000));
    CHECK(*schedule.time_of(0) == 0);
    CHECK(*schedule.time_of(1) == 2'000'000);  // every 2 ms
    CHECK(*schedule.time_of(4999) == 9'998'000'000);
    CHECK_FALSE(schedule.time_of(5000));  // due exactly at the end: not in the run

    for (int threads : {1, 2, 3, 7}) {
        std::size_t total = 0;
        std::size_t lo = SIZE_MAX, hi = 0;
        for (int t = 0; t < threads; ++t) {
            const auto times = drain(ArrivalStream(schedule, t, threads, threads, false, 1));
            total += times.size();
            lo = std::min(lo, times.size());
            hi = std::max(hi, times.size());
            for (std::size_t i = 1; i < times.size(); ++i) CHECK(times[i] > times[i - 1]);
        }
        CHECK(total == 5000);
        CHECK(hi - lo <= 1);
    }
}

TEST_CASE("a ramping rate integrates linearly", "[engine][arrival]") {
    ExecutorSpec spec;
    spec.kind = ExecutorSpec::Kind::ramping_arrival_rate;
    spec.start_rate = 0;
    spec.rate_stages = {{10s, 1000}, {5s, 1000}, {10s, 0}};
    const ArrivalSchedule schedule(spec);
    FakeClock clock;
    clock.set(to_nanos(5s));
    CHECK(schedule.rate_at(clock.now()) == Approx(500));
    CHECK(schedule.count_at(clock.now()) == Approx(1250));  // area of the triangle so far
    clock.set(to_nanos(10s));
    CHECK(schedule.count_at(clock.now()) == Approx(5000));
    clock.set(to_nanos(15s));
    CHECK(schedule.count_at(clock.now()) == Approx(10000));
    CHECK(schedule.count_at(to_nanos(25s)) == Approx(15000));
    // time_of inverts count_at, on the way up and on the way down.
    for (double n : {1.0, 100.0, 1250.0, 4999.0, 7000.0, 12000.0, 14990.0}) {
        const auto t = schedule.time_of(n);
        REQUIRE(t);
        CHECK(schedule.count_at(*t) == Approx(n).margin(1e-3));
    }
    const auto all = drain(ArrivalStream(schedule, 0, 1, 1, false, 1));
    CHECK(all.size() == 15000);
    // Arrivals are denser where the rate is higher.
    const auto in = [&](Nanos a, Nanos b) {
        return std::count_if(all.begin(), all.end(), [&](Nanos t) { return t >= a && t < b; });
    };
    CHECK(in(0, to_nanos(1s)) == Approx(50).margin(1));
    CHECK(in(to_nanos(11s), to_nanos(12s)) == Approx(1000).margin(1));
}

TEST_CASE("Poisson arrivals keep the mean rate with exponential gaps", "[engine][arrival]") {
    const auto spec = constant_rate(2000, 20s);
    const ArrivalSchedule schedule(spec);
    std::size_t total = 0;
    std::vector<double> gaps;
    for (int t = 0; t < 2; ++t) {
        const auto times = drain(ArrivalStream(schedule, t, 2, 2, true, 99 + t));
        total += times.size();
        for (std::size_t i = 1; i < times.size(); ++i) gaps.push_back(static_cast<double>(times[i] - times[i - 1]));
    }
    // 40,000 expected; Poisson standard deviation 200: allow 5 of them.
    CHECK(static_cast<double>(total) == Approx(40000).margin(1000));
    double mean = 0;
    for (double g : gaps) mean += g;
    mean /= static_cast<double>(gaps.size());
    CHECK(mean == Approx(1e6).epsilon(0.02));  // per worker: 1000/s, 1 ms apart on average
    // Exponential: the standard deviation equals the mean, and P(gap > mean) = 1/e.
    double var = 0;
    std::size_t over = 0;
    for (double g : gaps) {
        var += (g - mean) * (g - mean);
        if (g > mean) ++over;
    }
    CHECK(std::sqrt(var / static_cast<double>(gaps.size())) == Approx(mean).epsilon(0.03));
    CHECK(static_cast<double>(over) / static_cast<double>(gaps.size()) == Approx(std::exp(-1.0)).margin(0.01));
}

TEST_CASE("arrivals follow the VU pool: a worker with more VUs gets more iterations", "[engine][arrival]") {
    // 6 VU slots on 4 workers: VUs 0..5 live on workers 0,1,2,3,0,1.
    const auto spec = constant_rate(600, 10s);
    const ArrivalSchedule schedule(spec);
    std::vector<std::size_t> counts;
    std::size_t total = 0;
    for (int t = 0; t < 4; ++t) {
        counts.push_back(drain(ArrivalStream(schedule, t, 4, 6, false, 1)).size());
        total += counts.back();
    }
    CHECK(total == 6000);
    CHECK(counts == std::vector<std::size_t>{2000, 2000, 1000, 1000});
    // The same shares with Poisson arrivals, within 5 standard deviations.
    const auto poisson0 = drain(ArrivalStream(schedule, 0, 4, 6, true, 5)).size();
    const auto poisson3 = drain(ArrivalStream(schedule, 3, 4, 6, true, 6)).size();
    CHECK(static_cast<double>(poisson0) == Approx(2000).margin(5 * std::sqrt(2000.0)));
    CHECK(static_cast<double>(poisson3) == Approx(1000).margin(5 * std::sqrt(1000.0)));
}

TEST_CASE("rounding at the end of a schedule adds no iteration", "[engine][arrival]") {
    ExecutorSpec spec = constant_rate(1000.0 / 60.0, 60s);  // "1000/m" for 1 m
    const ArrivalSchedule schedule(spec);
    CHECK(drain(ArrivalStream(schedule, 0, 1, 1, false, 1)).size() == 1000);
    // A very slow ramp from zero stays finite and ordered.
    ExecutorSpec slow;
    slow.kind = ExecutorSpec::Kind::ramping_arrival_rate;
    slow.start_rate = 0;
    slow.rate_stages = {{100s, 1e-9}, {10s, 10}};
    const ArrivalSchedule ramp(slow);
    const auto times = drain(ArrivalStream(ramp, 0, 1, 1, true, 3));
    for (std::size_t i = 1; i < times.size(); ++i) CHECK(times[i] >= times[i - 1]);
    for (const auto t : times) CHECK(t <= to_nanos(110s));
}
