#pragma once
// Pauses a virtual user takes between steps or iterations, like a person
// reading a page: constant, uniform, exponential (which makes iteration
// starts of one user a Poisson process), or normal clamped to a range.
#include <chrono>

#include "harness/core/clock.hpp"
#include "harness/core/random.hpp"

namespace throng::core {

struct ThinkTime {
    enum class Kind { none, constant, uniform, exponential, normal };
    Kind kind = Kind::none;
    std::chrono::nanoseconds value{0};   // constant: the pause; uniform: min; exponential: mean
    std::chrono::nanoseconds max{0};     // uniform: max; exponential, normal: cap (0 = no cap)
    std::chrono::nanoseconds stddev{0};  // normal
    std::chrono::nanoseconds min{0};     // normal: floor

    bool is_none() const { return kind == Kind::none; }
    static ThinkTime constant(std::chrono::nanoseconds d) { return {Kind::constant, d, d}; }
    static ThinkTime uniform(std::chrono::nanoseconds lo, std::chrono::nanoseconds hi) {
        return {Kind::uniform, lo, hi};
    }
    static ThinkTime exponential(std::chrono::nanoseconds mean, std::chrono::nanoseconds cap = {}) {
        return {Kind::exponential, mean, cap};
    }
    static ThinkTime normal(std::chrono::nanoseconds mean, std::chrono::nanoseconds stddev,
                            std::chrono::nanoseconds lo = {}, std::chrono::nanoseconds hi = {}) {
        return {Kind::normal, mean, hi, stddev, lo};
    }
};

// One draw, in nanoseconds (never negative).
Nanos sample(const ThinkTime& think, Rng& rng);

}  // namespace throng::core
