// The circuit breaker's cost around a call: try_acquire() and record(), on
// the steady clock, in one thread and in two sharing one breaker.
#include "targets/components/breaker/circuit_breaker.hpp"

#include <benchmark/benchmark.h>

#include <chrono>

#include "harness/core/clock.hpp"

using throng::components::BreakerConfig;
using throng::components::CircuitBreaker;

namespace {

const throng::core::SteadyClock steady;

void BM_breaker_call(benchmark::State& state) {
    static CircuitBreaker breaker(BreakerConfig{}, steady);  // count window of 100; every call succeeds
    for (auto _ : state) {
        const bool permitted = breaker.try_acquire();
        benchmark::DoNotOptimize(permitted);
        breaker.record(true, std::chrono::microseconds(300));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_breaker_call)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace
