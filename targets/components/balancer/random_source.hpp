#pragma once
// The balancer's random numbers: splitmix64, a tiny generator with good
// statistical quality for this use, and the same sequence for a seed on every
// standard library (std::uniform_int_distribution is not), so tests and the
// skew simulation are reproducible. Not thread-safe: the balancer uses it
// under its lock.
#include <cstdint>

namespace throng::components {

class RandomSource {
public:
    explicit RandomSource(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

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
