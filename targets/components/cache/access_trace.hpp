#pragma once
// Key access traces for judging a cache's policy, and the best any policy
// could do on them: Bélády's optimum (evict the entry next used farthest in
// the future, or don't keep the newcomer if it is that one), computed
// offline. Traces are key numbers; the same seed gives the same trace.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace throng::components {

// `length` accesses to keys 0..keys-1, key k with probability ∝ 1/(k+1)^exponent.
std::vector<std::uint32_t> zipf_trace(std::size_t keys, double exponent, std::size_t length, std::uint64_t seed);

// A Zipf trace with scans mixed in: `scan_share` of the accesses are runs
// of `scan_run` consecutive keys walking through `scan_keys` keys of their
// own (numbered from `keys`), as a periodic report or a batch job reads a table.
std::vector<std::uint32_t> zipf_with_scans(std::size_t keys, double exponent, std::size_t length, double scan_share,
                                           std::size_t scan_run, std::size_t scan_keys, std::uint64_t seed);

// Bélády's hit ratio for a cache of `capacity` entries.
double belady_hit_ratio(const std::vector<std::uint32_t>& trace, std::size_t capacity);

}  // namespace throng::components
