// What recording a request costs the worker thread: one outcome into the
// metric shard, closed model (service time) and open model (service time and
// response time from the intended start).
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "harness/engine/metric_shard.hpp"

namespace {

std::vector<throng::core::Outcome> outcomes(bool open_model) {
    std::mt19937_64 rng(7);
    std::lognormal_distribution<double> latency(std::log(2e6), 0.8);  // ~2 ms median
    std::exponential_distribution<double> lag(1.0 / 50e3);            // ~50 us of lag
    std::vector<throng::core::Outcome> out(1 << 14);
    for (auto& o : out) {
        o.start = 1'000'000'000;
        o.end = o.start + static_cast<std::int64_t>(latency(rng));
        o.intended = open_model ? o.start - static_cast<std::int64_t>(lag(rng)) : 0;
        o.responded = true;
        o.status = 200;
        o.bytes_sent = 80;
        o.bytes_received = 200;
    }
    return out;
}

void record(benchmark::State& state, bool open_model) {
    const auto data = outcomes(open_model);
    throng::engine::MetricShard shard(4);
    std::size_t i = 0;
    for (auto _ : state) {
        shard.record(i & 3, data[i & (data.size() - 1)]);
        ++i;
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_record_closed_model(benchmark::State& state) { record(state, false); }
void BM_record_open_model(benchmark::State& state) { record(state, true); }

}  // namespace

BENCHMARK(BM_record_closed_model);
BENCHMARK(BM_record_open_model);
