// The GCRA rate limiter's checks per second: one key, and 10k keys (a
// user per request), on the steady clock or at a time the caller read;
// with threads, each on keys of its own and all on one key (one lock).
#include "targets/components/limiter/rate_limiter.hpp"

#include <benchmark/benchmark.h>

#include <chrono>
#include <string>
#include <vector>

#include "harness/core/clock.hpp"

using throng::components::RateLimiter;

namespace {

const throng::core::SteadyClock steady;

RateLimiter& shared_limiter() {
    // Generous: most checks are admissions, as in a service under its limit.
    static RateLimiter limiter({.rate = 1'000'000'000, .period = std::chrono::seconds(1), .burst = 1000}, steady);
    return limiter;
}

const std::vector<std::string>& user_keys() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> v;
        for (int i = 0; i < 10'000; ++i) v.push_back("user:" + std::to_string(i));
        return v;
    }();
    return keys;
}

void BM_check_one_key(benchmark::State& state) {
    RateLimiter& limiter = shared_limiter();
    const std::string key = "user:" + std::to_string(state.thread_index());
    for (auto _ : state) benchmark::DoNotOptimize(limiter.check(key));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_check_one_key)->Threads(1)->Threads(2)->UseRealTime();

void BM_check_same_key(benchmark::State& state) {
    RateLimiter& limiter = shared_limiter();
    for (auto _ : state) benchmark::DoNotOptimize(limiter.check("everyone"));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_check_same_key)->Threads(1)->Threads(2)->UseRealTime();

// Each thread checks its own users (every n-th of 10k), as a server's threads
// serve different users.
void BM_check_10k_keys(benchmark::State& state) {
    RateLimiter& limiter = shared_limiter();
    const auto& keys = user_keys();
    const auto step = static_cast<std::size_t>(state.threads());
    std::size_t i = static_cast<std::size_t>(state.thread_index());
    for (auto _ : state) {
        benchmark::DoNotOptimize(limiter.check(keys[i]));
        i += step;
        if (i >= keys.size()) i = static_cast<std::size_t>(state.thread_index());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_check_10k_keys)->Threads(1)->Threads(2)->UseRealTime();

// The same with the caller's clock reading (a request's arrival time).
void BM_check_10k_keys_given_time(benchmark::State& state) {
    RateLimiter& limiter = shared_limiter();
    const auto& keys = user_keys();
    std::size_t i = 0;
    throng::core::Nanos now = throng::core::SteadyClock::read();
    for (auto _ : state) {
        benchmark::DoNotOptimize(limiter.check_at(keys[i], now));
        if (++i == keys.size()) {
            i = 0;
            now = throng::core::SteadyClock::read();
        }
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_check_10k_keys_given_time);

}  // namespace
