// The connection pool: an uncontended acquire + release through try_acquire
// (goal: at most 100 ns) and through the asynchronous acquire of an idle
// connection (on the fake-clock timers: the pool's own cost; on Asio: with a
// steady_timer per hand-over); and fairness, 8 waiters looping acquire ->
// hold 100 us -> release on 2 connections on a real io_context, reporting
// each waiter's share against the mean and the p50/p99 wait.
#include "targets/components/pool/connection_pool.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "harness/core/clock.hpp"
#include "targets/components/timers/timers.hpp"

using throng::components::AsioTimers;
using throng::components::ConnectionPool;
using throng::components::Creation;
using throng::components::Lease;
using throng::components::ManualTimers;
using throng::components::PoolConfig;
using throng::components::PoolFactory;
using namespace std::chrono_literals;

namespace {

struct BenchConnection {
    int id = 0;
};

PoolFactory<BenchConnection> bench_factory() {
    PoolFactory<BenchConnection> factory;
    factory.create = [n = 0](Creation<BenchConnection> creation) mutable { creation.succeeded(BenchConnection{++n}); };
    return factory;
}

// Defaults (idle timeout, jittered lifetime) on; leak watch as asked.
PoolConfig bench_config(std::size_t size, std::chrono::nanoseconds leak_after) {
    PoolConfig config;
    config.min_size = size;
    config.max_size = size;
    config.leak_after = leak_after;
    return config;
}

void BM_pool_try_acquire_release(benchmark::State& state) {
    boost::asio::io_context io;
    AsioTimers timers(io.get_executor());
    ConnectionPool<BenchConnection> pool(bench_config(1, state.range(0) != 0 ? 30s : 0s), bench_factory(), timers);
    for (auto _ : state) {
        Lease<BenchConnection> lease = pool.try_acquire("bench");
        benchmark::DoNotOptimize(lease->id);
        lease.release();
    }
    if (pool.stats().acquired != static_cast<std::uint64_t>(state.iterations())) state.SkipWithError("missed");
    state.SetItemsProcessed(state.iterations());
}
// Argument: leak detection off (0) or on (1).
BENCHMARK(BM_pool_try_acquire_release)->Arg(0)->Arg(1);

void BM_pool_acquire_async_idle_manual_timers(benchmark::State& state) {
    throng::core::FakeClock clock;
    ManualTimers timers(clock);
    ConnectionPool<BenchConnection> pool(bench_config(1, 0s), bench_factory(), timers);
    for (auto _ : state) {
        pool.acquire("bench", 1s,
                     [](std::error_code, Lease<BenchConnection> lease) { benchmark::DoNotOptimize(lease->id); });
        timers.run_due();
    }
    if (pool.stats().acquired != static_cast<std::uint64_t>(state.iterations())) state.SkipWithError("missed");
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_pool_acquire_async_idle_manual_timers);

void BM_pool_acquire_async_idle_asio(benchmark::State& state) {
    boost::asio::io_context io;
    AsioTimers timers(io.get_executor());
    ConnectionPool<BenchConnection> pool(bench_config(1, 0s), bench_factory(), timers);
    // Argument: with a deadline (1 s: a timer per wait) or none.
    const auto timeout = state.range(0) != 0 ? std::chrono::nanoseconds(1s) : std::chrono::nanoseconds::max();
    for (auto _ : state) {
        bool done = false;
        pool.acquire("bench", timeout, [&done](std::error_code, Lease<BenchConnection> lease) {
            benchmark::DoNotOptimize(lease->id);
            done = true;
        });
        while (!done) io.run_one();
    }
    if (pool.stats().acquired != static_cast<std::uint64_t>(state.iterations())) state.SkipWithError("missed");
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_pool_acquire_async_idle_asio)->Arg(1)->Arg(0);

// 8 waiters, 2 connections, each loop: acquire (FIFO), hold 100 us on an
// Asio timer, release. One iteration is a run of 20,000 acquisitions.
void BM_pool_fairness_8_waiters_2_connections(benchmark::State& state) {
    constexpr int waiters = 8;
    constexpr int total = 20'000;
    const auto hold = std::chrono::nanoseconds(100us).count();
    double worst_share = 0, p50 = 0, p99 = 0;
    for (auto _ : state) {
        boost::asio::io_context io;
        AsioTimers timers(io.get_executor());
        ConnectionPool<BenchConnection> pool(bench_config(2, 0s), bench_factory(), timers);
        std::vector<int> served(waiters, 0);
        std::vector<std::int64_t> waits;
        waits.reserve(total);
        std::vector<Lease<BenchConnection>> leases(waiters);
        int started = 0, finished = 0;
        std::function<void(int)> loop = [&](int w) {
            if (started == total) return;
            ++started;
            const auto asked = timers.now();
            pool.acquire("fair", 10s, [&, w, asked](std::error_code error, Lease<BenchConnection> lease) {
                if (error) return state.SkipWithError("acquire failed");
                waits.push_back(timers.now() - asked);
                ++served[static_cast<std::size_t>(w)];
                leases[static_cast<std::size_t>(w)] = std::move(lease);
                timers.call_at(timers.now() + hold, [&, w] {
                    leases[static_cast<std::size_t>(w)].release();
                    // The pool's expiry timer would keep run() going: closed, it ends.
                    if (++finished == total) pool.close();
                    loop(w);
                });
            });
        };
        for (int w = 0; w < waiters; ++w) loop(w);
        io.run();
        const double mean = static_cast<double>(total) / waiters;
        worst_share = 0;
        for (const int n : served) worst_share = std::max(worst_share, std::abs(n - mean) / mean * 100);
        std::sort(waits.begin(), waits.end());
        p50 = static_cast<double>(waits[waits.size() / 2]) / 1000;
        p99 = static_cast<double>(waits[waits.size() * 99 / 100]) / 1000;
    }
    state.counters["worst_share_off_mean_pct"] = worst_share;
    state.counters["wait_p50_us"] = p50;
    state.counters["wait_p99_us"] = p99;
}
BENCHMARK(BM_pool_fairness_8_waiters_2_connections)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
