// The GCRA rate limiter on a fake clock: the steady rate and the burst, the
// time to retry, costs, the bound on any window (checked on every window of
// a long random trace), idle keys forgotten, and threads sharing a key.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "harness/core/clock.hpp"
#include "targets/components/limiter/rate_limiter.hpp"

using throng::components::RateDecision;
using throng::components::RateLimit;
using throng::components::RateLimiter;
using throng::core::FakeClock;
using namespace std::chrono_literals;

namespace rate_limiter_test {
constexpr std::int64_t ns_of_seconds(std::int64_t n) { return n * 1'000'000'000; }
}  // namespace rate_limiter_test
using rate_limiter_test::ns_of_seconds;

TEST_CASE("rate limiter: 30 a minute is one every 2 s, and a refusal says when to retry", "[components][limiter]") {
    FakeClock clock(ns_of_seconds(1000));
    RateLimiter limiter({.rate = 30, .period = 1min}, clock);
    CHECK(limiter.emission_interval() == ns_of_seconds(2));
    const RateDecision first = limiter.check("alice");
    CHECK(first.allowed);
    CHECK(first.retry_after == 0);
    CHECK(first.remaining == 0);
    const RateDecision second = limiter.check("alice");
    CHECK_FALSE(second.allowed);
    CHECK(second.retry_after == ns_of_seconds(2));
    CHECK(limiter.check("bob").allowed);  // keys are apart
    clock.advance(1500ms);
    CHECK(limiter.check("alice").retry_after == ns_of_seconds(2) - ns_of_seconds(3) / 2);
    clock.advance(500ms);
    CHECK(limiter.check("alice").allowed);
    CHECK_FALSE(limiter.check("alice").allowed);  // a refusal cost nothing: still 2 s from the last admission
}

TEST_CASE("rate limiter: a burst is admitted at once, then the steady rate", "[components][limiter]") {
    FakeClock clock;
    RateLimiter limiter({.rate = 10, .period = 1s, .burst = 4}, clock);
    for (std::uint64_t left = 4; left + 1 > 0; --left) {
        const RateDecision d = limiter.check("k");
        REQUIRE(d.allowed);
        CHECK(d.remaining == left);
    }
    const RateDecision refused = limiter.check("k");
    CHECK_FALSE(refused.allowed);
    CHECK(refused.retry_after == 100'000'000);
    clock.advance(100ms);
    CHECK(limiter.check("k").allowed);
    CHECK_FALSE(limiter.check("k").allowed);
    // Idle for a whole burst's time: the burst is back.
    clock.advance(500ms);
    for (int i = 0; i < 5; ++i) CHECK(limiter.check("k").allowed);
    CHECK_FALSE(limiter.check("k").allowed);
}

TEST_CASE("rate limiter: a cost takes that many, all or none, and more than the burst allows never passes",
          "[components][limiter]") {
    FakeClock clock;
    RateLimiter limiter({.rate = 10, .period = 1s, .burst = 4}, clock);
    CHECK(limiter.check("k", 3).remaining == 2);
    const RateDecision too_many = limiter.check("k", 3);
    CHECK_FALSE(too_many.allowed);
    CHECK(too_many.retry_after == 100'000'000);  // one more cell must drain first
    CHECK(limiter.check("k", 2).allowed);
    const RateDecision impossible = limiter.check("other", 6);
    CHECK_FALSE(impossible.allowed);
    CHECK(impossible.retry_after == std::numeric_limits<std::int64_t>::max());
    CHECK(limiter.check("other", 5).allowed);  // and the refusal took nothing
    CHECK(limiter.check("huge", std::numeric_limits<std::uint64_t>::max()).retry_after ==
          std::numeric_limits<std::int64_t>::max());
}

TEST_CASE("rate limiter: no window of a period ever admits more than rate + burst", "[components][limiter]") {
    // 30 a minute with a burst of 5, for 20 keys over 2 hours of random
    // arrivals (bursts, lulls, and lulls long enough to forget keys): every
    // window that starts at an admission holds at most 35 of its key's.
    FakeClock clock(ns_of_seconds(50));
    const std::uint64_t rate = 30, burst = 5;
    RateLimiter limiter({.rate = rate, .period = 60s, .burst = burst}, clock);
    std::mt19937_64 rng(7);
    // A request every 20 ms on average: each key asks 2.5 times a second,
    // five times its rate; now and then all pause for 3 minutes.
    std::exponential_distribution<double> gap_ms(1.0 / 20);
    std::uniform_int_distribution<int> key_of(0, 19), lull(0, 4999);
    std::map<int, std::vector<std::int64_t>> admitted;
    std::uint64_t refused = 0;
    while (clock.now() < ns_of_seconds(50) + ns_of_seconds(7200)) {
        clock.advance(std::chrono::milliseconds(static_cast<std::int64_t>(gap_ms(rng))));
        if (lull(rng) == 0) clock.advance(3min);
        const int key = key_of(rng);
        if (limiter.check("user" + std::to_string(key)).allowed)
            admitted[key].push_back(clock.now());
        else
            ++refused;
    }
    CHECK(refused > 1000);  // the limit was pressed
    std::size_t fullest = 0;
    for (const auto& [key, times] : admitted) {
        for (std::size_t i = 0; i < times.size(); ++i) {
            const auto end = std::lower_bound(times.begin() + static_cast<std::ptrdiff_t>(i), times.end(),
                                              times[i] + ns_of_seconds(60));
            const auto in_window = static_cast<std::size_t>(end - times.begin()) - i;
            fullest = std::max(fullest, in_window);
        }
    }
    CHECK(fullest <= rate + burst);
    CHECK(fullest == rate + burst);  // and the bound is reached: the limit is the one asked for
}

TEST_CASE("rate limiter: idle keys are forgotten, busy ones are not", "[components][limiter]") {
    FakeClock clock;
    RateLimiter limiter({.rate = 1, .period = 1s}, clock);  // idle after 1 s
    for (int i = 0; i < 1000; ++i) limiter.check("old" + std::to_string(i));
    CHECK(limiter.keys() == 1000);
    // Two generations later, with other keys touching every shard (2000
    // of them over 64), the old ones are gone; the new ones stay while they
    // are used.
    for (int round = 0; round < 3; ++round) {
        clock.advance(1100ms);
        for (int i = 0; i < 2000; ++i) REQUIRE(limiter.check("new" + std::to_string(i)).allowed);
    }
    CHECK(limiter.keys() == 2000);
    // reset() forgets a key at once.
    CHECK_FALSE(limiter.check("new0").allowed);
    limiter.reset("new0");
    CHECK(limiter.check("new0").allowed);
}

TEST_CASE("rate limiter: threads sharing a key get exactly the burst between them", "[components][limiter]") {
    const FakeClock clock(ns_of_seconds(10));  // read only: the threads see one instant
    RateLimiter limiter({.rate = 1, .period = 1h, .burst = 99}, clock);
    std::vector<std::thread> threads;
    std::vector<int> admitted(4, 0);
    for (std::size_t t = 0; t < admitted.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 1000; ++i) {
                if (limiter.check("shared").allowed) ++admitted[t];
                limiter.check("mine" + std::to_string(t));
            }
        });
    }
    for (auto& thread : threads) thread.join();
    int total = 0;
    for (const int n : admitted) total += n;
    CHECK(total == 100);
    CHECK(limiter.keys() == 5);
}

TEST_CASE("rate limiter: a rate or period of zero is refused", "[components][limiter]") {
    FakeClock clock;
    CHECK_THROWS_AS(RateLimiter({.rate = 0, .period = 1s}, clock), std::invalid_argument);
    CHECK_THROWS_AS(RateLimiter({.rate = 1, .period = 0s}, clock), std::invalid_argument);
    // A period that does not divide: the interval is rounded up, never down.
    CHECK(RateLimiter({.rate = 3, .period = 1s}, clock).emission_interval() == 333'333'334);
}
