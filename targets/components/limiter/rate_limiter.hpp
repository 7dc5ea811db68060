#pragma once
// A rate limiter per key with GCRA semantics (the generic cell rate
// algorithm): a key may make `rate` requests per `period`, and `burst` more
// at once. In any window of one period a key is admitted at most
// rate + burst requests; a refusal says how long until the request would be
// admitted. Each key costs one timestamp (its theoretical arrival time, TAT)
// and a key idle long enough to have regained its whole burst is forgotten:
// its state would change no decision. Thread-safe, sharded by key.
//
//   RateLimiter per_user({.rate = 30, .period = std::chrono::minutes(1)}, clock);
//   if (auto d = per_user.check(user); !d.allowed) reply_429(d.retry_after);
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "harness/core/clock.hpp"

namespace throng::components {

struct RateLimit {
    std::uint64_t rate = 1;                                     // requests per period, at least 1
    std::chrono::nanoseconds period = std::chrono::seconds(1);  // longer than 0
    std::uint64_t burst = 0;                                    // admitted at once beyond the steady rate
};

struct RateDecision {
    bool allowed = false;
    core::Nanos retry_after = 0;  // refused: how long until it would be admitted (0 when allowed)
    std::uint64_t remaining = 0;  // requests of cost 1 that would be admitted right now, after this one
};

// The time between two requests at the limit's steady rate: period / rate,
// rounded up so that no window ever admits more than the limit. Throws
// std::invalid_argument for a rate of 0 or a period of 0 or less.
core::Nanos emission_interval_of(const RateLimit& limit);

class RateLimiter {
public:
    // Throws std::invalid_argument for a rate of 0 or a period of 0 or less.
    RateLimiter(RateLimit limit, const core::Clock& clock);

    // Admits (and counts) `cost` requests of `key`, or refuses them all. At
    // most burst + 1 are admitted at once: a larger cost never is
    // (retry_after: INT64_MAX).
    RateDecision check(std::string_view key, std::uint64_t cost = 1) { return check_at(key, clock_.now(), cost); }
    // The same at `now` (the clock's time, read by the caller: a request's
    // arrival). Times given to one key must not go back.
    RateDecision check_at(std::string_view key, core::Nanos now, std::uint64_t cost = 1);

    // Forgets the key: its next request starts with its whole burst.
    void reset(std::string_view key);

    // Keys held now (idle ones go within two idle horizons of their last request).
    std::size_t keys() const;

    core::Nanos emission_interval() const { return interval_; }  // emission_interval_of(limit)

private:
    struct TransparentHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    using Map = std::unordered_map<std::string, core::Nanos, TransparentHash, std::equal_to<>>;

    // Keys in two generations: a key untouched through a whole generation
    // (longer than the idle horizon) is dropped with the older one, in
    // O(1) per request instead of a scan.
    struct alignas(64) Shard {  // a cache line of its own: threads on other shards do not bounce it
        mutable std::mutex mutex;
        Map current, previous;
        core::Nanos generation_began = 0;
    };

    Shard& shard_of(std::string_view key);
    core::Nanos* find_or_add(Shard& shard, std::string_view key, core::Nanos now) const;

    static constexpr std::size_t shard_count = 64;
    core::Nanos interval_;   // T = period / rate, rounded up
    core::Nanos tolerance_;  // tau = burst * T
    core::Nanos horizon_;    // tau + T: a key this long unseen has its whole burst again
    const core::Clock& clock_;
    std::array<Shard, shard_count> shards_;
};

}  // namespace throng::components
