// The batch processor on a fake clock (ManualTimers): batches by size and by
// time, never more in flight than allowed, retries of only the retryable
// failures after full-jitter delays within their ceiling, an abort exactly
// when the failed share passes the threshold after the minimum sample, a dry
// run that calls nothing, and a result with every item once whatever
// happens. Then on Asio, with the work done on other threads and its
// completion posted back to the executor.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "harness/core/clock.hpp"
#include "targets/components/batch/batch_processor.hpp"
#include "targets/components/timers/timers.hpp"

using namespace std::chrono_literals;
using throng::components::AsioTimers;
using throng::components::BatchConfig;
using throng::components::BatchDone;
using throng::components::BatchProcessor;
using throng::components::BatchRunResult;
using throng::components::ItemOutcome;
using throng::components::ItemResult;
using throng::components::ItemState;
using throng::components::ManualTimers;
using throng::core::FakeClock;
using throng::core::Nanos;

namespace batch_processor_test {

struct Call {
    Nanos at = 0;
    std::vector<int> items;
};

// Runs every pending callback, each at its time, until none is left.
void drain(ManualTimers& timers) {
    while (timers.pending() > 0)
        timers.advance(std::chrono::nanoseconds(std::max<Nanos>(0, timers.next_due() - timers.now())));
}

std::vector<int> numbers(int count) {
    std::vector<int> v(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) v[static_cast<std::size_t>(i)] = i;
    return v;
}

// Each item once, by index, with a final state, and totals that add up.
void check_complete(const BatchRunResult& result, std::size_t count) {
    REQUIRE(result.items.size() == count);
    std::size_t succeeded = 0, failed = 0, skipped = 0, planned = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const ItemResult& item = result.items[i];
        REQUIRE(item.index == i);
        switch (item.state) {
        case ItemState::succeeded: ++succeeded; break;
        case ItemState::failed: ++failed; break;
        case ItemState::skipped: ++skipped; break;
        case ItemState::planned: ++planned; break;
        case ItemState::pending: FAIL("item " << i << " is still pending"); break;
        }
        if (item.batch != ItemResult::no_batch) {
            REQUIRE(item.batch < result.batches.size());
            const auto& batch = result.batches[item.batch];
            REQUIRE((batch.first <= i && i < batch.first + batch.size));
        }
    }
    REQUIRE(result.succeeded == succeeded);
    REQUIRE(result.failed == failed);
    REQUIRE(result.skipped == skipped);
    REQUIRE(result.planned == planned);
}

}  // namespace batch_processor_test
// Helpers named in full: in the unity build, another file's of the same names would clash.

TEST_CASE("batch processor: 45 items in batches of 20 go as 20, 20 and 5, each item once in the result",
          "[components][batch]") {
    FakeClock clock;
    ManualTimers timers(clock);
    std::vector<std::vector<int>> seen;
    BatchProcessor<int> processor({.batch_size = 20, .max_concurrency = 1}, timers,
                                  [&](std::span<const int> batch, BatchDone done) {
                                      seen.emplace_back(batch.begin(), batch.end());
                                      done.all(ItemOutcome::ok());
                                  });
    std::optional<BatchRunResult> result;
    processor.run(batch_processor_test::numbers(45), [&](BatchRunResult r) { result = std::move(r); });
    REQUIRE_FALSE(result);  // never inside run(), even when all is done at once
    timers.run_due();
    REQUIRE(result);

    REQUIRE(seen.size() == 3);
    CHECK(seen[0] == std::vector<int>(batch_processor_test::numbers(20)));
    CHECK(seen[1].size() == 20);
    CHECK(seen[1].front() == 20);
    CHECK(seen[2] == std::vector<int>{40, 41, 42, 43, 44});
    batch_processor_test::check_complete(*result, 45);
    CHECK(result->succeeded == 45);
    CHECK(result->batches.size() == 3);
    CHECK(result->batches[2].first == 40);
    CHECK(result->batches[2].size == 5);
    CHECK(result->batches_run == 3);
    CHECK(result->work_calls == 3);
    CHECK_FALSE(result->aborted);
    for (const auto& item : result->items) {
        CHECK(item.attempts == 1);
        CHECK(item.batch == item.index / 20);
    }
}

TEST_CASE("batch processor: a streamed batch leaves when full, or exactly max_delay after its first item",
          "[components][batch]") {
    FakeClock clock;
    ManualTimers timers(clock);
    std::vector<batch_processor_test::Call> calls;
    BatchProcessor<int> processor({.batch_size = 5, .max_delay = 5s}, timers,
                                  [&](std::span<const int> batch, BatchDone done) {
                                      calls.push_back({timers.now(), {batch.begin(), batch.end()}});
                                      done.all(ItemOutcome::ok());
                                  });
    processor.submit(0);
    processor.submit(1);
    timers.advance(1s);
    processor.submit(2);  // a later item does not push the deadline back
    timers.advance(std::chrono::nanoseconds(4s) - 1ns);
    REQUIRE(calls.empty());
    timers.advance(1ns);
    REQUIRE(calls.size() == 1);
    CHECK(calls[0].at == Nanos{5'000'000'000});
    CHECK(calls[0].items == std::vector<int>{0, 1, 2});

    for (int i = 3; i < 8; ++i) processor.submit(i);  // full: leaves at once
    REQUIRE(calls.size() == 2);
    CHECK(calls[1].items == std::vector<int>{3, 4, 5, 6, 7});
    timers.advance(10s);  // its timer was cancelled: nothing else leaves
    REQUIRE(calls.size() == 2);

    processor.submit(8);
    processor.flush();
    REQUIRE(calls.size() == 3);
    processor.submit(9);
    std::optional<BatchRunResult> result;
    processor.close([&](BatchRunResult r) { result = std::move(r); });
    REQUIRE(calls.size() == 4);  // close sends what waits
    CHECK(calls[3].items == std::vector<int>{9});
    timers.run_due();
    REQUIRE(result);
    batch_processor_test::check_complete(*result, 10);
    CHECK(result->succeeded == 10);
    CHECK(result->batches.size() == 4);
    CHECK(timers.pending() == 0);
}

TEST_CASE("batch processor: never more batches in flight than max_concurrency, and all of them used",
          "[components][batch]") {
    FakeClock clock;
    ManualTimers timers(clock);
    std::size_t in_flight = 0, most = 0;
    std::mt19937 random(7);
    BatchProcessor<int> processor({.batch_size = 5, .max_concurrency = 3}, timers,
                                  [&](std::span<const int>, BatchDone done) {
                                      most = std::max(most, ++in_flight);
                                      const auto took = std::chrono::milliseconds(1 + random() % 50);
                                      timers.call_at(timers.now() + std::chrono::nanoseconds(took).count(), [&, done] {
                                          --in_flight;
                                          done.all(ItemOutcome::ok());
                                      });
                                  });
    std::optional<BatchRunResult> result;
    processor.run(batch_processor_test::numbers(200), [&](BatchRunResult r) { result = std::move(r); });
    CHECK(in_flight == 3);  // three started at once, the rest wait
    batch_processor_test::drain(timers);
    REQUIRE(result);
    CHECK(most == 3);
    batch_processor_test::check_complete(*result, 200);
    CHECK(result->succeeded == 200);
    CHECK(result->batches_run == 40);
}

TEST_CASE("batch processor: only the failed retryable items are retried, after a delay within the ceiling",
          "[components][batch]") {
    FakeClock clock;
    ManualTimers timers(clock);
    std::vector<batch_processor_test::Call> calls;
    std::map<int, int> attempts_of;
    BatchConfig config{.batch_size = 20, .max_concurrency = 1};
    config.retry = {.max_attempts = 3, .base = 100ms, .cap = 150ms};
    BatchProcessor<int> processor(
        config, timers,
        [&](std::span<const int> batch, BatchDone done) {
            calls.push_back({timers.now(), {batch.begin(), batch.end()}});
            std::vector<ItemOutcome> outcomes;
            for (const int item : batch) {
                const int attempt = ++attempts_of[item];
                switch (item % 4) {
                case 0: outcomes.push_back(ItemOutcome::failed("busy", true)); break;  // always
                case 1: outcomes.push_back(ItemOutcome::failed("bad token", false)); break;
                case 2:
                    outcomes.push_back(attempt == 1 ? ItemOutcome::failed("timeout", true) : ItemOutcome::ok());
                    break;
                default: outcomes.push_back(ItemOutcome::ok());
                }
            }
            done(std::move(outcomes));
        },
        42);
    std::optional<BatchRunResult> result;
    processor.run(batch_processor_test::numbers(20), [&](BatchRunResult r) { result = std::move(r); });
    batch_processor_test::drain(timers);
    REQUIRE(result);

    REQUIRE(calls.size() == 3);
    CHECK(calls[1].items == std::vector<int>{0, 2, 4, 6, 8, 10, 12, 14, 16, 18});
    CHECK(calls[2].items == std::vector<int>{0, 4, 8, 12, 16});
    CHECK(calls[1].at - calls[0].at <= Nanos{100'000'000});  // min(cap, base * 2^0)
    CHECK(calls[2].at - calls[1].at <= Nanos{150'000'000});  // min(cap, base * 2^1) = cap
    batch_processor_test::check_complete(*result, 20);
    CHECK(result->work_calls == 3);
    CHECK(result->batches_run == 1);
    CHECK(result->batches[0].attempts == 3);
    for (const auto& item : result->items) {
        INFO("item " << item.index);
        switch (item.index % 4) {
        case 0:
            CHECK(item.state == ItemState::failed);
            CHECK(item.attempts == 3);
            CHECK(item.error == "busy");
            break;
        case 1:
            CHECK(item.state == ItemState::failed);
            CHECK(item.attempts == 1);
            CHECK(item.error == "bad token");
            break;
        case 2:
            CHECK(item.state == ItemState::succeeded);
            CHECK(item.attempts == 2);
            CHECK(item.error == "timeout");  // why it was retried
            break;
        default: CHECK(item.state == ItemState::succeeded); CHECK(item.attempts == 1);
        }
    }
}

TEST_CASE("batch processor: backoff has full jitter, uniform over [0, min(cap, base * 2^retry)]",
          "[components][batch]") {
    using throng::components::retry_ceiling;
    const throng::components::RetryPolicy policy{.max_attempts = 4, .base = 1s, .cap = 3s};
    CHECK(retry_ceiling(policy, 0) == Nanos{1'000'000'000});
    CHECK(retry_ceiling(policy, 1) == Nanos{2'000'000'000});
    CHECK(retry_ceiling(policy, 2) == Nanos{3'000'000'000});   // 4 s, capped
    CHECK(retry_ceiling(policy, 70) == Nanos{3'000'000'000});  // no overflow
    CHECK(retry_ceiling({.max_attempts = 2,
                         .base = std::chrono::nanoseconds(INT64_MAX / 2),
                         .cap = std::chrono::nanoseconds(INT64_MAX)},
                        1) == INT64_MAX - 1);

    // 400 single-item batches that always fail, all in flight at once: the
    // delays before each retry number, over 400 samples.
    const auto delays_with_seed = [&](std::uint64_t seed) {
        FakeClock clock;
        ManualTimers timers(clock);
        std::map<int, Nanos> last_call;
        std::map<std::uint32_t, std::vector<Nanos>> delays;  // by retry number
        std::map<int, std::uint32_t> calls_of;
        BatchConfig config{.batch_size = 1, .max_concurrency = 400};
        config.retry = policy;
        config.abort.failure_share = 1;
        BatchProcessor<int> processor(
            config, timers,
            [&](std::span<const int> batch, BatchDone done) {
                const int item = batch[0];
                const auto calls = calls_of[item]++;
                if (calls > 0) delays[calls - 1].push_back(timers.now() - last_call[item]);
                last_call[item] = timers.now();
                done.all(ItemOutcome::failed("unavailable", true));
            },
            seed);
        std::optional<BatchRunResult> result;
        processor.run(batch_processor_test::numbers(400), [&](BatchRunResult r) { result = std::move(r); });
        batch_processor_test::drain(timers);
        REQUIRE(result);
        CHECK(result->failed == 400);
        CHECK(result->work_calls == 1600);
        return delays;
    };
    const auto delays = delays_with_seed(1);
    REQUIRE(delays.size() == 3);
    for (const auto& [retry, samples] : delays) {
        INFO("retry " << retry);
        REQUIRE(samples.size() == 400);
        const auto ceiling = static_cast<double>(retry_ceiling(policy, retry));
        double sum = 0;
        for (const Nanos d : samples) {
            REQUIRE(d >= 0);
            REQUIRE(static_cast<double>(d) <= ceiling);
            sum += static_cast<double>(d);
        }
        // Full jitter: spread over the whole range (equal jitter would
        // stay over half of it, no jitter at its top).
        CHECK(sum / 400 > 0.4 * ceiling);
        CHECK(sum / 400 < 0.6 * ceiling);
        CHECK(static_cast<double>(*std::min_element(samples.begin(), samples.end())) < 0.05 * ceiling);
        CHECK(static_cast<double>(*std::max_element(samples.begin(), samples.end())) > 0.95 * ceiling);
    }
    CHECK(delays_with_seed(1) == delays);  // repeatable with a seed
    CHECK(delays_with_seed(2) != delays);
}

TEST_CASE("batch processor: with a minimum of 20, 6 failed of 20 goes on and 7 of 20 aborts", "[components][batch]") {
    FakeClock clock;
    ManualTimers timers(clock);
    const int failing = GENERATE(6, 7);
    int calls = 0;
    BatchConfig config{.batch_size = 20, .max_concurrency = 1};
    config.abort = {.failure_share = 0.30, .minimum_sample = 20};
    BatchProcessor<int> processor(config, timers, [&](std::span<const int> batch, BatchDone done) {
        ++calls;
        std::vector<ItemOutcome> outcomes;
        for (const int item : batch)
            outcomes.push_back(item < failing ? ItemOutcome::failed("invalid", false) : ItemOutcome::ok());
        done(std::move(outcomes));
    });
    std::optional<BatchRunResult> result;
    processor.run(batch_processor_test::numbers(60), [&](BatchRunResult r) { result = std::move(r); });
    batch_processor_test::drain(timers);
    REQUIRE(result);
    batch_processor_test::check_complete(*result, 60);
    if (failing == 6) {
        CHECK_FALSE(result->aborted);
        CHECK(calls == 3);
        CHECK(result->failed == 6);
        CHECK(result->succeeded == 54);
    } else {
        CHECK(result->aborted);
        CHECK(calls == 1);
        CHECK(result->abort_reason == "aborted: 7 of 20 items failed (35.0 %), over the 30.0 % allowed");
        CHECK(result->failed == 7);
        CHECK(result->skipped == 40);
        CHECK(result->batches_run == 1);
        for (std::size_t i = 20; i < 60; ++i) {
            CHECK(result->items[i].state == ItemState::skipped);
            CHECK(result->items[i].attempts == 0);
            CHECK(result->items[i].error == result->abort_reason);
        }
    }
}

TEST_CASE("batch processor: no abort before the minimum sample, then at the first batch over the share",
          "[components][batch]") {
    FakeClock clock;
    ManualTimers timers(clock);
    // Failures per batch of 5: 5 of 5 (under the minimum of 20), then
    // 5 of 20 = 25 %, 7 of 25 = 28 %, then 10 of 30 = 33 %: abort there.
    const std::vector<int> failing_in_batch = {5, 0, 0, 0, 2, 3, 0, 0};
    int calls = 0;
    BatchConfig config{.batch_size = 5, .max_concurrency = 1};
    config.abort = {.failure_share = 0.30, .minimum_sample = 20};
    BatchProcessor<int> processor(config, timers, [&](std::span<const int> batch, BatchDone done) {
        const int failing = failing_in_batch[static_cast<std::size_t>(calls++)];
        std::vector<ItemOutcome> outcomes;
        for (const int item : batch)
            outcomes.push_back(item % 5 < failing ? ItemOutcome::failed("no", false) : ItemOutcome::ok());
        done(std::move(outcomes));
    });
    std::optional<BatchRunResult> result;
    processor.run(batch_processor_test::numbers(40), [&](BatchRunResult r) { result = std::move(r); });
    batch_processor_test::drain(timers);
    REQUIRE(result);
    batch_processor_test::check_complete(*result, 40);
    CHECK(calls == 6);
    CHECK(result->aborted);
    CHECK(result->failed == 10);
    CHECK(result->succeeded == 20);
    CHECK(result->skipped == 10);
    CHECK(result->abort_reason == "aborted: 10 of 30 items failed (33.3 %), over the 30.0 % allowed");
}

TEST_CASE("batch processor: after an abort, calls out finish, retries waiting are dropped, new items skipped",
          "[components][batch]") {
    FakeClock clock;
    ManualTimers timers(clock);
    // Batch 0 fails retryably at 1 ms and backs off (up to 10 s); batch 1
    // fails for good at 2 ms (10 of 10: abort); batch 2, called at once,
    // succeeds at 3 ms; batch 3 never starts.
    std::vector<int> firsts;
    BatchConfig config{.batch_size = 10, .max_concurrency = 3};
    config.retry = {.max_attempts = 5, .base = 10s, .cap = 10s};
    config.abort = {.failure_share = 0.5, .minimum_sample = 10};
    BatchProcessor<int> processor(config, timers, [&](std::span<const int> batch, BatchDone done) {
        const int first = batch[0];
        firsts.push_back(first);
        const Nanos at = timers.now() + (first / 10 + 1) * Nanos{1'000'000};
        timers.call_at(at, [first, done] {
            if (first == 0) done.all(ItemOutcome::failed("busy", true));
            if (first == 10) done.all(ItemOutcome::failed("refused", false));
            if (first == 20) done.all(ItemOutcome::ok());
        });
    });
    for (int i = 0; i < 45; ++i) processor.submit(i);
    CHECK(firsts == std::vector<int>{0, 10, 20});
    timers.advance(2ms);   // the abort
    processor.submit(45);  // skipped at once
    std::optional<BatchRunResult> result;
    processor.close([&](BatchRunResult r) { result = std::move(r); });
    batch_processor_test::drain(timers);
    REQUIRE(result);
    CHECK(firsts == std::vector<int>{0, 10, 20});  // no retry, no new batch
    batch_processor_test::check_complete(*result, 46);
    CHECK(result->aborted);
    for (const auto& item : result->items) {
        INFO("item " << item.index);
        if (item.index < 10) {
            CHECK(item.state == ItemState::failed);
            CHECK(item.attempts == 1);
            CHECK(item.error == "busy");
        } else if (item.index < 20) {
            CHECK(item.state == ItemState::failed);
        } else if (item.index < 30) {
            CHECK(item.state == ItemState::succeeded);  // in flight: finished
        } else {
            CHECK(item.state == ItemState::skipped);
            CHECK(item.attempts == 0);
        }
    }
    CHECK(result->items[35].batch == 3);                     // made, never started
    CHECK(result->items[42].batch == ItemResult::no_batch);  // still waiting to fill a batch
    CHECK(result->items[45].batch == ItemResult::no_batch);
}

TEST_CASE("batch processor: a dry run calls nothing and lists every batch and item it would process",
          "[components][batch]") {
    FakeClock clock;
    ManualTimers timers(clock);
    int calls = 0;
    BatchConfig config{.batch_size = 20};
    config.dry_run = true;
    BatchProcessor<int> processor(config, timers, [&](std::span<const int>, BatchDone) { ++calls; });
    std::optional<BatchRunResult> result;
    processor.run(batch_processor_test::numbers(45), [&](BatchRunResult r) { result = std::move(r); });
    timers.run_due();
    REQUIRE(result);
    CHECK(calls == 0);
    batch_processor_test::check_complete(*result, 45);
    CHECK(result->dry_run);
    CHECK(result->planned == 45);
    CHECK(result->work_calls == 0);
    CHECK(result->batches_run == 0);
    REQUIRE(result->batches.size() == 3);
    CHECK(result->batches[1].first == 20);
    CHECK(result->batches[1].size == 20);
    CHECK(result->batches[2].size == 5);
    for (const auto& item : result->items) {
        CHECK(item.state == ItemState::planned);
        CHECK(item.attempts == 0);
    }
}

TEST_CASE(
    "batch processor: a throwing work fails its batch (retryable), a wrong outcome count fails it, a "
    "second report is ignored",
    "[components][batch]") {
    FakeClock clock;
    ManualTimers timers(clock);
    BatchConfig config{.batch_size = 3, .max_concurrency = 1};
    config.retry = {.max_attempts = 2, .base = 1ms, .cap = 1ms};
    config.abort.failure_share = 1;
    int calls = 0;
    BatchProcessor<int> processor(config, timers, [&](std::span<const int> batch, BatchDone done) {
        ++calls;
        if (batch[0] == 0 && calls == 1) throw std::runtime_error("boom");  // then the retry succeeds
        if (batch[0] == 3) return done({ItemOutcome::ok()});                // 1 outcome for 3 items
        if (batch[0] == 6) {
            done.all(ItemOutcome::ok());
            done.all(ItemOutcome::failed("late", false));
            throw std::runtime_error("after reporting");
        }
        done.all(ItemOutcome::ok());
    });
    std::optional<BatchRunResult> result;
    processor.run(batch_processor_test::numbers(9), [&](BatchRunResult r) { result = std::move(r); });
    batch_processor_test::drain(timers);
    REQUIRE(result);
    batch_processor_test::check_complete(*result, 9);
    CHECK(calls == 4);
    for (int i = 0; i < 3; ++i) {
        CHECK(result->items[i].state == ItemState::succeeded);
        CHECK(result->items[i].attempts == 2);
        CHECK(result->items[i].error == "the work threw: boom");
    }
    for (int i = 3; i < 6; ++i) {
        CHECK(result->items[i].state == ItemState::failed);
        CHECK(result->items[i].attempts == 1);  // not retryable
        CHECK(result->items[i].error == "the work reported 1 outcomes for a batch of 3");
    }
    for (int i = 6; i < 9; ++i) CHECK(result->items[i].state == ItemState::succeeded);
}

TEST_CASE("batch processor: work that completes later, from a timer, and a processor reused for a second job",
          "[components][batch]") {
    FakeClock clock;
    ManualTimers timers(clock);
    std::vector<BatchDone> waiting;
    BatchProcessor<std::string> processor(
        {.batch_size = 2}, timers, [&](std::span<const std::string>, BatchDone done) { waiting.push_back(done); });
    std::vector<BatchRunResult> results;
    processor.run({"a", "b", "c"}, [&](BatchRunResult r) { results.push_back(std::move(r)); });
    REQUIRE(waiting.size() == 2);
    REQUIRE_THROWS_AS(processor.run({"x"}, [](BatchRunResult) {}), std::logic_error);
    REQUIRE_THROWS_AS(processor.submit("x"), std::logic_error);
    timers.advance(1h);
    REQUIRE(results.empty());  // waits for its calls, however long
    waiting[0].all(ItemOutcome::ok());
    waiting[1].all(ItemOutcome::failed("no", false));
    timers.run_due();
    REQUIRE(results.size() == 1);
    batch_processor_test::check_complete(results[0], 3);
    CHECK(results[0].succeeded == 2);

    // A second job; the first job's completions, called again, match nothing.
    processor.run({"d"}, [&](BatchRunResult r) { results.push_back(std::move(r)); });
    REQUIRE(waiting.size() == 3);
    waiting[0].all(ItemOutcome::failed("stale", false));
    waiting[1].all(ItemOutcome::failed("stale", false));
    waiting[2].all(ItemOutcome::ok());
    timers.run_due();
    REQUIRE(results.size() == 2);
    batch_processor_test::check_complete(results[1], 1);
    CHECK(results[1].succeeded == 1);
}

TEST_CASE("batch processor: destroyed mid-job, late completions and its timers do nothing", "[components][batch]") {
    FakeClock clock;
    ManualTimers timers(clock);
    std::vector<BatchDone> waiting;
    bool got_result = false;
    {
        BatchConfig config{.batch_size = 2, .max_concurrency = 2};
        config.retry = {.max_attempts = 3, .base = 1s, .cap = 1s};
        BatchProcessor<std::string> processor(
            config, timers, [&](std::span<const std::string>, BatchDone done) { waiting.push_back(done); });
        processor.submit("a");
        processor.submit("b");
        processor.submit("c");                              // waits in the buffer, its flush timer set
        waiting[0].all(ItemOutcome::failed("busy", true));  // a retry timer set
        processor.close([&](BatchRunResult) { got_result = true; });
    }
    for (const auto& done : waiting) done.all(ItemOutcome::ok());
    batch_processor_test::drain(timers);
    CHECK_FALSE(got_result);
    CHECK(waiting.size() == 2);
}

TEST_CASE("batch processor: every item once in the result, whatever the outcomes, timings and config",
          "[components][batch]") {
    for (std::uint32_t seed = 1; seed <= 60; ++seed) {
        INFO("seed " << seed);
        std::mt19937 random(seed);
        const auto pick = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); };
        FakeClock clock;
        ManualTimers timers(clock);
        BatchConfig config;
        config.batch_size = static_cast<std::size_t>(pick(1, 8));
        config.max_delay = std::chrono::milliseconds(pick(1, 50));
        config.max_concurrency = static_cast<std::size_t>(pick(1, 4));
        config.retry = {.max_attempts = static_cast<std::uint32_t>(pick(1, 3)), .base = 5ms, .cap = 20ms};
        config.abort = {.failure_share = pick(1, 6) / 10.0, .minimum_sample = static_cast<std::size_t>(pick(1, 30))};
        config.dry_run = pick(0, 9) == 0;
        const int count = pick(0, 120);
        const bool streamed = pick(0, 1) == 1;

        std::size_t in_flight = 0, most = 0;
        std::map<int, std::uint32_t> calls_with;
        BatchProcessor<int> processor(
            config, timers,
            [&](std::span<const int> batch, BatchDone done) {
                REQUIRE(batch.size() <= config.batch_size);
                most = std::max(most, ++in_flight);
                std::vector<ItemOutcome> outcomes;
                for (const int item : batch) {
                    ++calls_with[item];
                    const int roll = pick(0, 9);
                    outcomes.push_back(roll < 2   ? ItemOutcome::failed("flaky", true)
                                       : roll < 3 ? ItemOutcome::failed("bad", false)
                                                  : ItemOutcome::ok());
                }
                auto finish = [&in_flight, done, outcomes]() mutable {
                    --in_flight;
                    done(std::move(outcomes));
                };
                if (pick(0, 3) == 0)
                    finish();
                else
                    timers.call_at(timers.now() + pick(0, 30) * Nanos{1'000'000}, finish);
            },
            seed);
        int results = 0;
        std::optional<BatchRunResult> result;
        const auto keep = [&](BatchRunResult r) {
            ++results;
            result = std::move(r);
        };
        if (streamed) {
            for (int i = 0; i < count; ++i) {
                processor.submit(i);
                timers.advance(std::chrono::milliseconds(pick(0, 10)));
            }
            processor.close(keep);
        } else {
            processor.run(batch_processor_test::numbers(count), keep);
        }
        batch_processor_test::drain(timers);
        REQUIRE(results == 1);
        batch_processor_test::check_complete(*result, static_cast<std::size_t>(count));
        CHECK(most <= config.max_concurrency);
        if (!result->aborted) CHECK(result->skipped == 0);
        std::size_t next_first = 0;
        for (const auto& batch : result->batches) {
            CHECK(batch.first == next_first);  // contiguous, in order
            CHECK(batch.size <= config.batch_size);
            next_first += batch.size;
        }
        for (const auto& item : result->items) {
            CHECK(item.attempts == calls_with[static_cast<int>(item.index)]);
            CHECK(item.attempts <= config.retry.max_attempts);
            if (item.state == ItemState::skipped || item.state == ItemState::planned) CHECK(item.attempts == 0);
            if (item.state == ItemState::succeeded || item.state == ItemState::failed) CHECK(item.attempts >= 1);
        }
    }
}

TEST_CASE("batch processor: on Asio, work done on other threads and posted back, the result from the executor",
          "[components][batch]") {
    // Single-executor: the processor lives on io's thread; the work runs on
    // a pool and posts each completion back to io, as a service would.
    boost::asio::io_context io;
    boost::asio::thread_pool workers(2);
    auto guard = boost::asio::make_work_guard(io);
    AsioTimers timers(io.get_executor());
    std::atomic<int> checked{0};
    std::array<std::atomic<bool>, 100> tried{};  // tokens ending in 5 time out once
    BatchConfig config{.batch_size = 7, .max_concurrency = 3};
    config.retry = {.max_attempts = 3, .base = 1ms, .cap = 2ms};
    config.abort.failure_share = 1;
    BatchProcessor<std::string> processor(config, timers, [&](std::span<const std::string> batch, BatchDone done) {
        boost::asio::post(workers, [&, batch, done] {
            std::vector<ItemOutcome> outcomes;
            for (const auto& token : batch) {  // the span is valid until done is called
                checked.fetch_add(1);
                const auto number = static_cast<std::size_t>(std::stoi(token.substr(6)));
                if (token.back() == '3')
                    outcomes.push_back(ItemOutcome::failed("expired", false));
                else if (token.back() == '5' && !tried[number].exchange(true))
                    outcomes.push_back(ItemOutcome::failed("timeout", true));
                else
                    outcomes.push_back(ItemOutcome::ok());
            }
            boost::asio::post(io, [done, outcomes = std::move(outcomes)]() mutable { done(std::move(outcomes)); });
        });
    });
    std::vector<std::string> tokens;
    for (int i = 0; i < 100; ++i) tokens.push_back("token-" + std::to_string(i));
    std::optional<BatchRunResult> result;
    boost::asio::post(io, [&] {
        processor.run(tokens, [&](BatchRunResult r) {
            result = std::move(r);
            guard.reset();
        });
    });
    io.run();
    workers.join();
    REQUIRE(result);
    batch_processor_test::check_complete(*result, 100);
    CHECK(result->failed == 10);  // tokens ending in 3
    CHECK(result->succeeded == 90);
    CHECK(checked.load() == 110);  // 10 retried
    for (const auto& item : result->items) CHECK(item.attempts == (item.index % 10 == 5 ? 2u : 1u));
}
