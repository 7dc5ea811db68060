#pragma once
// What a Cache<V> is told at construction, and what it reports.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/histogram.hpp"
#include "targets/components/cache/eviction_policy.hpp"

namespace throng::components {

template <class V>
struct CacheConfig {
    // The bound, in cost units: entries if every cost is 1, or bytes.
    std::uint64_t capacity = 10'000;
    // An entry's cost (e.g. its size in bytes); by default 1 each.
    std::function<std::uint64_t(std::string_view key, const V& value)> cost{};
    // How many entries the capacity holds, about: it sizes the frequency
    // sketch (16 counters an entry) and the shards. 0: the capacity itself
    // (a cost of 1 each). With a cost in bytes, give it: a 64 MB cache
    // taken as 64 M entries would make a 512 MB sketch.
    std::uint64_t expected_entries = 0;
    EvictionKind eviction = EvictionKind::tiny_lfu;
    // How long an entry stays fresh: `ttl_of(value)` if given (e.g. 30 s for
    // a healthy result, 10 s for an error), else `ttl`.
    std::chrono::nanoseconds ttl = std::chrono::minutes(5);
    std::function<std::chrono::nanoseconds(const V& value)> ttl_of{};
    // Tags of a loaded value, for invalidate_tag (put() takes them directly).
    std::function<std::vector<std::string>(std::string_view key, const V& value)> tags_of{};
    // Refresh-ahead: a get_or_load hit on an entry older than this (and not
    // yet expired) returns it and reloads it in the background through
    // `refresh_executor`, which runs the task it is given somewhere else (a
    // thread pool, an io_context). 0, or no executor: off. A task refers to
    // the cache: the cache must outlive the tasks it gave the executor.
    std::chrono::nanoseconds refresh_after{0};
    std::function<void(std::function<void()> task)> refresh_executor{};
    // A failed load is not cached, unless this is above 0: its error is then
    // given to the gets of the key for that long.
    std::chrono::nanoseconds failure_ttl{0};
    // Shards (each with its own lock); 0: from the capacity and the cores.
    std::size_t shards = 0;
    // The expiry wheel's tick: an expired entry's memory goes within one.
    std::chrono::nanoseconds expiry_tick = std::chrono::seconds(1);
};

// Load times: 1 µs to 1 h at 2 significant digits (a 40 KB histogram).
inline constexpr core::HistogramLayout load_time_layout{1000, 3'600'000'000'000, 2};

struct CacheStats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::uint64_t loads = 0;  // successful (get_or_load and refreshes)
    std::uint64_t load_failures = 0;
    std::uint64_t refreshes = 0;  // background reloads started
    std::uint64_t evicted_for_size = 0;
    std::uint64_t evicted_expired = 0;
    std::uint64_t invalidated = 0;  // by key, prefix or tag
    std::uint64_t entries = 0;
    std::uint64_t weight = 0;                     // the sum of the entries' costs (bytes, if cost is bytes)
    core::Histogram load_time{load_time_layout};  // ns, every load (success or failure)

    double hit_ratio() const {
        const std::uint64_t total = hits + misses;
        return total == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(total);
    }
};

}  // namespace throng::components
