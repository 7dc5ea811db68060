#pragma once
// A small, fast, seedable generator (xoshiro256**) for the per-VU hot path:
// flow choice and think time. Satisfies UniformRandomBitGenerator.
#include <cstdint>
#include <limits>

namespace throng::core {

// SplitMix64's finalizer: every output bit depends on every input bit (a
// seed spreader, a hash mixer).
constexpr std::uint64_t splitmix64_mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

class Rng {
public:
    using result_type = std::uint64_t;

    explicit Rng(std::uint64_t seed = 0x9e3779b97f4a7c15ULL) {
        // splitmix64 spreads any seed (even 0) over the whole state.
        for (auto& word : s_) {
            seed += 0x9e3779b97f4a7c15ULL;
            word = splitmix64_mix(seed);
        }
    }

    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

    result_type operator()() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, 1).
    double uniform01() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4];
};

// Uniform in [0, n) for n >= 1, without modulo bias: draws below 2^64 mod n
// (the rejection threshold) are rejected so that every remainder is equally
// likely.
constexpr std::uint64_t rejection_threshold(std::uint64_t n) { return (0 - n) % n; }

// The same, with the threshold for n worked out beforehand (n fixed, drawn often).
inline std::uint64_t uniform_below(Rng& rng, std::uint64_t n, std::uint64_t threshold) {
    std::uint64_t r = rng();
    while (r < threshold) r = rng();
    return r % n;
}

inline std::uint64_t uniform_below(Rng& rng, std::uint64_t n) { return uniform_below(rng, n, rejection_threshold(n)); }

}  // namespace throng::core
