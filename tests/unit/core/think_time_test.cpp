#include <catch2/catch.hpp>

#include <cmath>

#include "harness/core/think_time.hpp"

using namespace std::chrono_literals;
using throng::core::Nanos;
using throng::core::Rng;
using throng::core::sample;
using throng::core::ThinkTime;

namespace {
struct Stats {
    double mean = 0, min = 1e300, max = 0;
};
Stats draw(const ThinkTime& think, int n, std::uint64_t seed = 7) {
    Rng rng(seed);
    Stats s;
    double sum = 0;
    for (int i = 0; i < n; ++i) {
        const auto v = static_cast<double>(sample(think, rng));
        sum += v;
        s.min = std::min(s.min, v);
        s.max = std::max(s.max, v);
    }
    s.mean = sum / n;
    return s;
}
}  // namespace

TEST_CASE("no think time and constant think time", "[core][think]") {
    Rng rng(1);
    CHECK(sample(ThinkTime{}, rng) == 0);
    const auto s = draw(ThinkTime::constant(150ms), 1000);
    CHECK(s.min == 150e6);
    CHECK(s.max == 150e6);
}

TEST_CASE("uniform think time stays in bounds with the middle as mean", "[core][think]") {
    const int n = 200'000;
    const auto s = draw(ThinkTime::uniform(100ms, 300ms), n);
    CHECK(s.min >= 100e6);
    CHECK(s.max <= 300e6);
    // Standard error of the mean: (200ms / sqrt(12)) / sqrt(n) ~ 0.13 ms; allow 5 of them.
    CHECK(s.mean == Approx(200e6).margin(0.65e6));
    CHECK(s.min < 101e6);  // the whole range is used
    CHECK(s.max > 299e6);
}

TEST_CASE("exponential think time has the asked mean and respects its cap", "[core][think]") {
    const int n = 200'000;
    const auto s = draw(ThinkTime::exponential(50ms), n);
    CHECK(s.min >= 0);
    // Standard error: 50ms / sqrt(n) ~ 0.11 ms; allow 5 of them.
    CHECK(s.mean == Approx(50e6).margin(0.56e6));
    CHECK(s.max > 400e6);  // a long tail: P(X > 8 * mean) = e^-8, ~67 expected draws

    // Memorylessness, the property that makes arrivals Poisson: P(X > 2m | X > m) = P(X > m) = e^-1.
    Rng rng(11);
    int over_m = 0, over_2m = 0;
    for (int i = 0; i < n; ++i) {
        const Nanos v = sample(ThinkTime::exponential(50ms), rng);
        if (v > 50'000'000) ++over_m;
        if (v > 100'000'000) ++over_2m;
    }
    CHECK(static_cast<double>(over_m) / n == Approx(std::exp(-1.0)).margin(0.005));
    CHECK(static_cast<double>(over_2m) / over_m == Approx(std::exp(-1.0)).margin(0.01));

    const auto capped = draw(ThinkTime::exponential(50ms, 80ms), n);
    CHECK(capped.max == 80e6);
    CHECK(capped.mean < 50e6);
}

TEST_CASE("the same seed gives the same think times", "[core][think]") {
    Rng a(42), b(42), c(43);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        const auto x = sample(ThinkTime::exponential(10ms), a);
        CHECK(x == sample(ThinkTime::exponential(10ms), b));
        differs = differs || x != sample(ThinkTime::exponential(10ms), c);
    }
    CHECK(differs);
}
