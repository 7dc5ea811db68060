// The cache's hit ratio on generated traces (Zipf 0.9 and 0.99 over 100k
// keys, and Zipf 0.9 with 20 % of the accesses in scans), at 1 % and 10 %
// of the keys, for W-TinyLFU, LRU and Bélády's optimum on the same trace.
// Each benchmark replays its trace once and reports `hit_ratio`; the time
// it shows is the replay's, not a figure of merit.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/core/clock.hpp"
#include "targets/components/cache/access_trace.hpp"
#include "targets/components/cache/cache.hpp"

namespace {

constexpr std::size_t keys = 100'000;
constexpr std::size_t accesses = 2'000'000;

enum class TraceKind { zipf_090, zipf_099, zipf_090_scans };

const std::vector<std::uint32_t>& trace_of(TraceKind kind) {
    static std::map<TraceKind, std::vector<std::uint32_t>> traces;
    auto& trace = traces[kind];
    if (trace.empty()) {
        using namespace throng::components;
        switch (kind) {
        case TraceKind::zipf_090: trace = zipf_trace(keys, 0.9, accesses, 1); break;
        case TraceKind::zipf_099: trace = zipf_trace(keys, 0.99, accesses, 2); break;
        case TraceKind::zipf_090_scans: trace = zipf_with_scans(keys, 0.9, accesses, 0.2, 5'000, 50'000, 3); break;
        }
    }
    return trace;
}

const std::vector<std::string>& key_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (std::size_t i = 0; i < keys + 50'000; ++i) v.push_back("k" + std::to_string(i));
        return v;
    }();
    return names;
}

void replay(benchmark::State& state, TraceKind kind, throng::components::EvictionKind eviction) {
    const auto& trace = trace_of(kind);
    const auto& names = key_names();
    const auto capacity = static_cast<std::uint64_t>(state.range(0)) * keys / 100;
    double ratio = 0;
    for (auto _ : state) {
        throng::core::FakeClock clock;
        throng::components::Cache<std::uint32_t> cache({.capacity = capacity, .eviction = eviction, .shards = 1},
                                                       clock);
        for (const std::uint32_t key : trace)
            if (!cache.get(names[key])) cache.put(names[key], key);
        ratio = cache.stats().hit_ratio();
    }
    state.counters["hit_ratio"] = ratio;
}

void optimum(benchmark::State& state, TraceKind kind) {
    const auto& trace = trace_of(kind);
    const auto capacity = static_cast<std::size_t>(state.range(0)) * keys / 100;
    double ratio = 0;
    for (auto _ : state) ratio = throng::components::belady_hit_ratio(trace, capacity);
    state.counters["hit_ratio"] = ratio;
}

using throng::components::EvictionKind;
void BM_hit_ratio_zipf_090_tiny_lfu(benchmark::State& s) { replay(s, TraceKind::zipf_090, EvictionKind::tiny_lfu); }
void BM_hit_ratio_zipf_090_lru(benchmark::State& s) { replay(s, TraceKind::zipf_090, EvictionKind::lru); }
void BM_hit_ratio_zipf_090_belady(benchmark::State& s) { optimum(s, TraceKind::zipf_090); }
void BM_hit_ratio_zipf_099_tiny_lfu(benchmark::State& s) { replay(s, TraceKind::zipf_099, EvictionKind::tiny_lfu); }
void BM_hit_ratio_zipf_099_lru(benchmark::State& s) { replay(s, TraceKind::zipf_099, EvictionKind::lru); }
void BM_hit_ratio_zipf_099_belady(benchmark::State& s) { optimum(s, TraceKind::zipf_099); }
void BM_hit_ratio_scans_tiny_lfu(benchmark::State& s) { replay(s, TraceKind::zipf_090_scans, EvictionKind::tiny_lfu); }
void BM_hit_ratio_scans_lru(benchmark::State& s) { replay(s, TraceKind::zipf_090_scans, EvictionKind::lru); }
void BM_hit_ratio_scans_belady(benchmark::State& s) { optimum(s, TraceKind::zipf_090_scans); }

// Argument: the cache's size in percent of the 100k keys.
#define HIT_RATIO(name) BENCHMARK(name)->Arg(1)->Arg(10)->Iterations(1)->Unit(benchmark::kMillisecond)
HIT_RATIO(BM_hit_ratio_zipf_090_tiny_lfu);
HIT_RATIO(BM_hit_ratio_zipf_090_lru);
HIT_RATIO(BM_hit_ratio_zipf_090_belady);
HIT_RATIO(BM_hit_ratio_zipf_099_tiny_lfu);
HIT_RATIO(BM_hit_ratio_zipf_099_lru);
HIT_RATIO(BM_hit_ratio_zipf_099_belady);
HIT_RATIO(BM_hit_ratio_scans_tiny_lfu);
HIT_RATIO(BM_hit_ratio_scans_lru);
HIT_RATIO(BM_hit_ratio_scans_belady);

}  // namespace
