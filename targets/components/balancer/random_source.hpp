#pragma once
// The balancer's random numbers: splitmix64, a tiny generator with good
// statistical quality for this use, and the same sequence for a seed on every
// standard library (std::uniform_int_distribution is not), so tests and the
// skew simulation are reproducible. Not thread-safe: the balancer uses it
// under its lock.
#include <cstdint>

#include "harness/core/random.hpp"

namespace throng::components {

class RandomSource {
public:
    explicit RandomSource(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() { return core::splitmix64_mix(state_ += 0x9e3779b97f4a7c15ULL); }

    // Uniform in [0, bound), bound > 0: the high half of a 64x64 product
    // (bias below bound / 2^64, nothing a balancer can notice).
    std::uint64_t below(std::uint64_t bound) {
        __extension__ using Wide = unsigned __int128;
        return static_cast<std::uint64_t>((static_cast<Wide>(next()) * bound) >> 64);
    }

private:
    std::uint64_t state_;
};

}  // namespace throng::components
