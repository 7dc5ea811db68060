// The cache's speed: hits per second (one thread, two threads on one
// cache), on a coarse clock as a service would use; and the cost of a
// get_or_load miss (a load that returns at once, then an eviction).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "targets/components/cache/access_trace.hpp"
#include "targets/components/cache/cache.hpp"
#include "targets/components/cache/coarse_clock.hpp"

namespace {

using throng::components::Cache;
using throng::components::EvictionKind;

constexpr std::size_t cached_keys = 1 << 16;

const throng::components::CoarseClock coarse;

const std::vector<std::string>& names() {
    static const std::vector<std::string> v = [] {
        std::vector<std::string> n;
        for (std::size_t i = 0; i < 2 * cached_keys; ++i) n.push_back("user:" + std::to_string(i));
        return n;
    }();
    return v;
}

Cache<std::uint64_t>& full_cache(EvictionKind kind) {
    static Cache<std::uint64_t> tiny_lfu({.capacity = 2 * cached_keys, .eviction = EvictionKind::tiny_lfu}, coarse);
    static Cache<std::uint64_t> lru({.capacity = 2 * cached_keys, .eviction = EvictionKind::lru}, coarse);
    static const bool filled = [] {
        for (std::size_t i = 0; i < cached_keys; ++i) {
            tiny_lfu.put(names()[i], i);
            lru.put(names()[i], i);
        }
        return true;
    }();
    (void)filled;
    return kind == EvictionKind::lru ? lru : tiny_lfu;
}

// Every read a hit, on 64k cached keys: read as a Zipf 0.99 trace (a few
// keys hot, as in the hit ratio traces) or uniformly (every read a likely
// cache miss of the CPU: the worst case). Each thread its own sequence.
void hits(benchmark::State& state, EvictionKind kind) {
    auto& cache = full_cache(kind);
    const bool zipf = state.range(0) == 1;
    std::vector<std::uint32_t> order = throng::components::zipf_trace(
        cached_keys, 0.99, 1 << 16, static_cast<std::uint64_t>(state.thread_index()) + 1);
    if (!zipf) {
        std::mt19937 random(static_cast<unsigned>(state.thread_index()) + 1);
        for (auto& k : order) k = random() % cached_keys;
    }
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(cache.get(names()[order[i]]));
        i = (i + 1) & (order.size() - 1);
    }
    state.SetItemsProcessed(state.iterations());
}
void BM_cache_hit_tiny_lfu(benchmark::State& state) { hits(state, EvictionKind::tiny_lfu); }
void BM_cache_hit_lru(benchmark::State& state) { hits(state, EvictionKind::lru); }
// Argument: 1 for Zipf reads, 0 for uniform ones.
BENCHMARK(BM_cache_hit_tiny_lfu)->ArgName("zipf")->Arg(1)->Arg(0)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_cache_hit_lru)->ArgName("zipf")->Arg(1)->Arg(0)->Threads(1)->Threads(2)->UseRealTime();

// A miss that loads (at once) and stores, the cache full: the bookkeeping of a miss.
void BM_cache_get_or_load_miss(benchmark::State& state) {
    Cache<std::uint64_t> cache({.capacity = 1024}, coarse);
    std::uint64_t next = 0;
    for (auto _ : state) {
        const std::string& key = names()[next++ % names().size()];
        benchmark::DoNotOptimize(cache.get_or_load(key, [&] { return next; }));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_cache_get_or_load_miss);

}  // namespace
