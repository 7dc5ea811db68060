#include "targets/components/limiter/rate_limiter.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace throng::components {

namespace {

constexpr core::Nanos never = std::numeric_limits<core::Nanos>::max();

// a * b, or `never` when it does not fit: a cost too large for the limit.
core::Nanos times(core::Nanos a, std::uint64_t b) {
    core::Nanos product = 0;
    if (b > static_cast<std::uint64_t>(never) || __builtin_mul_overflow(a, static_cast<core::Nanos>(b), &product))
        return never;
    return product;
}

}  // namespace

core::Nanos emission_interval_of(const RateLimit& limit) {
    if (limit.rate == 0) throw std::invalid_argument("rate limiter: the rate must be at least 1 per period");
    if (limit.period.count() <= 0) throw std::invalid_argument("rate limiter: the period must be longer than 0");
    const auto period = static_cast<std::uint64_t>(limit.period.count());
    return static_cast<core::Nanos>((period + limit.rate - 1) / limit.rate);
}

RateLimiter::RateLimiter(RateLimit limit, const core::Clock& clock)
    : interval_(emission_interval_of(limit)), clock_(clock) {
    tolerance_ = times(interval_, limit.burst);
    horizon_ = core::saturating_add(tolerance_, interval_);
}

RateLimiter::Shard& RateLimiter::shard_of(std::string_view key) {
    return shards_[TransparentHash{}(key) % shard_count];
}

core::Nanos* RateLimiter::find_or_add(Shard& shard, std::string_view key, core::Nanos now) const {
    if (now - shard.generation_began > horizon_) {
        // Every key of the older generation has been idle past the horizon.
        shard.previous.clear();
        std::swap(shard.current, shard.previous);
        shard.generation_began = now;
    }
    if (auto found = shard.current.find(key); found != shard.current.end()) return &found->second;
    if (auto old = shard.previous.find(key); old != shard.previous.end()) {
        auto moved = shard.previous.extract(old);  // keeps its allocation
        return &shard.current.insert(std::move(moved)).position->second;
    }
    return &shard.current.emplace(std::string(key), now).first->second;
}

RateDecision RateLimiter::check_at(std::string_view key, core::Nanos now, std::uint64_t cost) {
    Shard& shard = shard_of(key);
    const std::lock_guard lock(shard.mutex);
    core::Nanos& tat = *find_or_add(shard, key, now);
    const core::Nanos start = std::max(tat, now);
    const core::Nanos increment = times(interval_, cost);
    // Admitted when the last of its cells is due no later than the
    // tolerance allows: new TAT - now <= tau + T.
    const core::Nanos due = core::saturating_add(start, increment);
    const core::Nanos allowed_until = core::saturating_add(now, horizon_);
    RateDecision decision;
    if (due > allowed_until) {
        decision.retry_after = increment > horizon_ ? never : due - allowed_until;
        return decision;
    }
    tat = due;
    decision.allowed = true;
    decision.remaining = static_cast<std::uint64_t>((allowed_until - due) / interval_);
    return decision;
}

void RateLimiter::reset(std::string_view key) {
    Shard& shard = shard_of(key);
    const std::lock_guard lock(shard.mutex);
    if (auto found = shard.current.find(key); found != shard.current.end()) shard.current.erase(found);
    if (auto old = shard.previous.find(key); old != shard.previous.end()) shard.previous.erase(old);
}

std::size_t RateLimiter::keys() const {
    std::size_t total = 0;
    for (const Shard& shard : shards_) {
        const std::lock_guard lock(shard.mutex);
        total += shard.current.size() + shard.previous.size();
    }
    return total;
}

}  // namespace throng::components
