#pragma once
// Pauses a virtual user takes between steps or iterations, like a person
// reading a page: constant, uniform, or exponential (which makes iteration
// starts of one user a Poisson process).
#include <chrono>

#include "harness/core/clock.hpp"
#include "harness/core/random.hpp"

namespace throng::core {

struct ThinkTime {
    enum class Kind { none, constant, uniform, exponential };
    Kind kind = Kind::none;
    std::chrono::nanoseconds value{0};  // constant: the pause; uniform: min; exponential: mean
    std::chrono::nanoseconds max{0};    // uniform: max; exponential: cap (0 = no cap)

    bool is_none() const { return kind == Kind::none; }
    static ThinkTime constant(std::chrono::nanoseconds d) { return {Kind::constant, d, d}; }
    static ThinkTime uniform(std::chrono::nanoseconds lo, std::chrono::nanoseconds hi) {
        return {Kind::uniform, lo, hi};
    }
    static ThinkTime exponential(std::chrono::nanoseconds mean, std::chrono::nanoseconds cap = {}) {
        return {Kind::exponential, mean, cap};
    }
};

// One draw, in nanoseconds (never negative).
Nanos sample(const ThinkTime& think, Rng& rng);

}  // namespace throng::core
