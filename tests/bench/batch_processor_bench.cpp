// The batch processor's own cost per item: 10,000 items in batches of 20
// through a work that reports at once (so what is measured is the batching,
// the accounting and the result), on the fake-clock timers; then with a
// quarter of the items failing once and retried after a backoff; and the
// same items streamed with submit().
#include "targets/components/batch/batch_processor.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

#include "harness/core/clock.hpp"
#include "targets/components/timers/timers.hpp"

using throng::components::BatchConfig;
using throng::components::BatchDone;
using throng::components::BatchProcessor;
using throng::components::BatchRunResult;
using throng::components::ItemOutcome;
using throng::components::ManualTimers;

namespace {

constexpr int items_per_run = 10'000;

std::vector<std::uint64_t> items() {
    std::vector<std::uint64_t> v(items_per_run);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = i;
    return v;
}

void drain(ManualTimers& timers) {
    while (timers.pending() > 0)
        timers.advance(std::chrono::nanoseconds(std::max<throng::core::Nanos>(0, timers.next_due() - timers.now())));
}

void BM_batch_run_at_once(benchmark::State& state) {
    throng::core::FakeClock clock;
    ManualTimers timers(clock);
    BatchProcessor<std::uint64_t> processor(
        {.batch_size = 20, .max_concurrency = 4}, timers,
        [](std::span<const std::uint64_t>, BatchDone done) { done.all(ItemOutcome::ok()); });
    const auto list = items();
    std::size_t succeeded = 0;
    for (auto _ : state) {
        processor.run(list, [&](BatchRunResult result) { succeeded += result.succeeded; });
        timers.run_due();
    }
    if (succeeded != list.size() * state.iterations()) state.SkipWithError("items lost");
    state.SetItemsProcessed(state.iterations() * items_per_run);
}
BENCHMARK(BM_batch_run_at_once)->Unit(benchmark::kMicrosecond);

// Per-item outcomes (a vector a batch), every 4th item failing once.
void BM_batch_run_with_retries(benchmark::State& state) {
    throng::core::FakeClock clock;
    ManualTimers timers(clock);
    BatchConfig config{.batch_size = 20, .max_concurrency = 4};
    config.retry = {.max_attempts = 3, .base = std::chrono::milliseconds(1), .cap = std::chrono::milliseconds(10)};
    config.abort.failure_share = 1;
    std::vector<std::uint8_t> tried(items_per_run);
    BatchProcessor<std::uint64_t> processor(
        config, timers,
        [&](std::span<const std::uint64_t> batch, BatchDone done) {
            std::vector<ItemOutcome> outcomes(batch.size());
            for (std::size_t i = 0; i < batch.size(); ++i)
                if (batch[i] % 4 == 0 && tried[batch[i]]++ == 0) outcomes[i] = ItemOutcome::failed("busy", true);
            done(std::move(outcomes));
        },
        1);
    const auto list = items();
    std::size_t succeeded = 0;
    for (auto _ : state) {
        std::fill(tried.begin(), tried.end(), 0);
        processor.run(list, [&](BatchRunResult result) { succeeded += result.succeeded; });
        drain(timers);
    }
    if (succeeded != list.size() * state.iterations()) state.SkipWithError("items lost");
    state.SetItemsProcessed(state.iterations() * items_per_run);
}
BENCHMARK(BM_batch_run_with_retries)->Unit(benchmark::kMicrosecond);

// submit() one by one: each batch sets, then cancels, its max_delay timer.
void BM_batch_submit_streamed(benchmark::State& state) {
    throng::core::FakeClock clock;
    ManualTimers timers(clock);
    BatchProcessor<std::uint64_t> processor(
        {.batch_size = 20, .max_concurrency = 4}, timers,
        [](std::span<const std::uint64_t>, BatchDone done) { done.all(ItemOutcome::ok()); });
    std::size_t succeeded = 0;
    for (auto _ : state) {
        for (std::uint64_t i = 0; i < items_per_run; ++i) processor.submit(i);
        processor.close([&](BatchRunResult result) { succeeded += result.succeeded; });
        timers.run_due();
    }
    if (succeeded != std::size_t{items_per_run} * state.iterations()) state.SkipWithError("items lost");
    state.SetItemsProcessed(state.iterations() * items_per_run);
}
BENCHMARK(BM_batch_submit_streamed)->Unit(benchmark::kMicrosecond);

}  // namespace
