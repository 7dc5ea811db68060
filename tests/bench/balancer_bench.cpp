// The balancer: pick() + finish() per strategy over 4 endpoints on the
// steady clock, in one thread and in two sharing one balancer; and the
// skewed-endpoint simulation (tests/support/balancer_simulation.hpp: one of 4
// endpoints 10x slower, 32 closed-loop clients, 60 simulated seconds), whose
// counters are the table: the slow endpoint's share and the p50/p99 latency.
#include "targets/components/balancer/balancer.hpp"

#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <vector>

#include "harness/core/clock.hpp"
#include "tests/support/balancer_simulation.hpp"

using throng::components::Balancer;
using throng::components::BalancerConfig;
using throng::components::Endpoint;
using throng::components::P2cLoad;
using throng::components::Role;
using throng::components::Route;
using throng::components::Strategy;

namespace {

const throng::core::SteadyClock steady;

// One strategy per benchmark argument; 6 is P2C comparing peak-EWMA costs.
BalancerConfig config_for(std::int64_t arg) {
    BalancerConfig config;
    config.seed = 1;
    if (arg == 6) {
        config.strategy = Strategy::power_of_two_choices;
        config.p2c_load = P2cLoad::peak_ewma;
    } else {
        config.strategy = static_cast<Strategy>(arg);
    }
    return config;
}

std::string label_for(std::int64_t arg) {
    return arg == 6 ? "p2c_peak_ewma" : std::string(throng::components::to_string(static_cast<Strategy>(arg)));
}

void BM_pick_finish(benchmark::State& state) {
    // Shared by the benchmark's threads: built by thread 0 before they start.
    static std::unique_ptr<Balancer> balancer;
    if (state.thread_index() == 0) {
        std::vector<Endpoint> endpoints;
        for (int i = 0; i < 4; ++i) endpoints.push_back({"replica-" + std::to_string(i), Role::replica, 1});
        balancer = std::make_unique<Balancer>(std::move(endpoints), config_for(state.range(0)), steady);
    }
    for (auto _ : state) {
        const auto ticket = balancer->pick(Route::read);
        benchmark::DoNotOptimize(ticket);
        balancer->finish(*ticket, {true, std::chrono::microseconds(300)});
    }
    state.SetItemsProcessed(state.iterations());
    state.SetLabel(label_for(state.range(0)));
}
BENCHMARK(BM_pick_finish)->DenseRange(0, 6)->Threads(1)->Threads(2)->UseRealTime();

void BM_skewed_endpoint(benchmark::State& state) {
    balancer_simulation::SkewConfig config;
    const BalancerConfig strategy = config_for(state.range(0));
    config.strategy = strategy.strategy;
    config.p2c_load = strategy.p2c_load;
    balancer_simulation::SkewResult result;
    for (auto _ : state) result = balancer_simulation::run_skew(config);
    state.counters["slow_share_pct"] = 100 * result.slow_share;
    state.counters["p50_ms"] = static_cast<double>(result.p50.count()) / 1e6;
    state.counters["p99_ms"] = static_cast<double>(result.p99.count()) / 1e6;
    state.counters["answered_per_s"] = result.throughput;
    state.SetLabel(label_for(state.range(0)));
}
BENCHMARK(BM_skewed_endpoint)->DenseRange(0, 6)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
