#include "harness/core/histogram.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

using throng::core::Histogram;

namespace {

// 64k latencies in ns, lognormal around 2 ms, clamped to 50 us .. 10 s, so
// recording touches many buckets as a real run would.
const std::vector<std::int64_t>& latencies() {
    static const std::vector<std::int64_t> values = [] {
        std::mt19937_64 rng(42);
        std::lognormal_distribution<double> dist(std::log(2e6), 1.5);
        std::vector<std::int64_t> v(64 * 1024);
        for (auto& x : v) {
            x = std::clamp(static_cast<std::int64_t>(dist(rng)), std::int64_t{50'000}, std::int64_t{10'000'000'000});
        }
        return v;
    }();
    return values;
}

void BM_record(benchmark::State& state) {
    const auto& values = latencies();
    Histogram h;
    for (auto _ : state) {
        for (const auto v : values) h.record(v);
        benchmark::ClobberMemory();
    }
    benchmark::DoNotOptimize(h.count());
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(values.size()));
}
BENCHMARK(BM_record);

void BM_record_same_value(benchmark::State& state) {
    Histogram h;
    std::int64_t value = 1'234'567;
    for (auto _ : state) {
        benchmark::DoNotOptimize(value);
        h.record(value);
    }
    benchmark::DoNotOptimize(h.count());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_record_same_value);

void BM_merge(benchmark::State& state) {
    Histogram a;
    Histogram b;
    const auto& values = latencies();
    for (std::size_t i = 0; i < values.size(); ++i) (i % 2 == 0 ? a : b).record(values[i]);
    for (auto _ : state) {
        a.merge(b);
        benchmark::ClobberMemory();
    }
    benchmark::DoNotOptimize(a.count());
    state.counters["counts"] = static_cast<double>(a.counts_length());
}
BENCHMARK(BM_merge);

void BM_value_at_percentile(benchmark::State& state) {
    Histogram h;
    for (const auto v : latencies()) h.record(v);
    const double p = static_cast<double>(state.range(0));
    for (auto _ : state) {
        benchmark::DoNotOptimize(h.value_at_percentile(p));
    }
}
BENCHMARK(BM_value_at_percentile)->Arg(99);

}  // namespace
