#pragma once
// The GCRA rate limiter of rate_limiter.hpp for a fleet of processes that
// share one limit: each key's arrival time lives in Redis, and one Lua
// script reads, decides and writes it atomically on Redis's own clock
// (TIME), so that the processes' clocks need not agree. An idle key
// expires in Redis when it would have its whole burst again. Blocking
// (hiredis' synchronous API, one round trip a check, bounded by
// `timeout`); thread-safe, one connection, reconnected after a failure.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "targets/components/limiter/rate_limiter.hpp"

struct redisContext;

namespace throng::components {

class RedisRateLimiter {
public:
    // `prefix` goes before each key in Redis ("ratelimit:"). Throws
    // std::invalid_argument as RateLimiter does; connects on first use.
    RedisRateLimiter(RateLimit limit, std::string host, int port, std::string prefix,
                     std::chrono::milliseconds timeout = std::chrono::milliseconds(200));
    ~RedisRateLimiter();
    RedisRateLimiter(const RedisRateLimiter&) = delete;
    RedisRateLimiter& operator=(const RedisRateLimiter&) = delete;

    // As RateLimiter::check (times in microseconds on Redis's clock, as
    // nanoseconds); nullopt when Redis could not be asked (down, slow past
    // the timeout, an error): failing open or closed is the caller's call.
    std::optional<RateDecision> check(std::string_view key, std::uint64_t cost = 1);
    // What the last nullopt was about.
    std::string last_error() const;

private:
    bool connect();  // under the lock
    struct ContextFree {
        void operator()(redisContext* context) const;
    };

    std::int64_t interval_us_, tolerance_us_;
    std::string host_;
    int port_;
    std::string prefix_;
    std::chrono::milliseconds timeout_;
    mutable std::mutex mutex_;
    std::unique_ptr<redisContext, ContextFree> context_;
    std::string script_sha_;
    std::string error_;
};

}  // namespace throng::components
