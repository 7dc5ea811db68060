#pragma once
// A batch processor: it hands items to an asynchronous work function in
// batches of `batch_size` (a streamed batch also leaves `max_delay` after
// its first item, full or not), with at most `max_concurrency` batches in
// flight. The items that fail with a retryable error go again, as what is
// left of their batch, after a full-jitter exponential backoff, up to
// `max_attempts` calls; a work that throws fails its batch, retryably. Once
// `minimum_sample` items have a final outcome and more than `failure_share`
// of them failed, it aborts: no new batch starts and no retry is made, the
// items not started are skipped with the reason, calls already out finish.
// A dry run calls nothing and reports the batches it would make. The result
// lists every item's outcome, by index.
//
//   BatchProcessor<Token> validator({.batch_size = 20}, timers,
//       [&](std::span<const Token> batch, BatchDone done) { api.validate(batch, done); });
//   validator.run(tokens, [](BatchRunResult result) { report(result); });
//
// Single-executor, like an Asio object (not thread-safe): use it, and call
// each BatchDone, on the executor its Timers run on; work done elsewhere
// posts its completion back. The work's span stays valid until its BatchDone
// is called. The result never arrives inside run() or close(): it comes
// through the Timers. Destroying the processor abandons its job (no result).
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

#include "targets/components/batch/batch_engine.hpp"
#include "targets/components/batch/batch_types.hpp"
#include "targets/components/timers/timers.hpp"

namespace throng::components {

template <typename Item>
class BatchProcessor {
public:
    using Work = std::function<void(std::span<const Item> batch, BatchDone done)>;
    using OnResult = std::function<void(BatchRunResult result)>;

    // Throws std::invalid_argument for a config validate() refuses. The
    // seed makes the backoff delays repeatable (tests); by default it is
    // random, so that processors in a fleet do not retry in step.
    BatchProcessor(const BatchConfig& config, Timers& timers, Work work,
                   std::uint64_t jitter_seed = std::random_device{}())
        : engine_(std::make_shared<Engine>(config, timers, std::move(work), jitter_seed)) {}
    ~BatchProcessor() {
        if (engine_) engine_->abandon();
    }
    BatchProcessor(BatchProcessor&&) noexcept = default;
    BatchProcessor& operator=(BatchProcessor&&) = delete;

    // Processes a known list (no waiting for more items). Throws
    // std::logic_error if a job is still running.
    void run(std::vector<Item> items, OnResult on_result) {
        if (!engine_->idle()) throw std::logic_error("batch processor: a job is still running");
        engine_->expect(items.size());
        for (auto& item : items) add(std::move(item), false);
        engine_->close(std::move(on_result));
    }
    // Streams: adds an item to the job (starting one if none is running);
    // its batch leaves when full or max_delay after its first item. After
    // an abort the item is skipped at once.
    void submit(Item item) { add(std::move(item), true); }
    // The items waiting leave now as a batch.
    void flush() { engine_->flush(); }
    // No more items: what waits leaves now, and the result comes when every
    // item has its outcome. Until then run() and submit() throw
    // std::logic_error; after, the processor takes a new job.
    void close(OnResult on_result) { engine_->close(std::move(on_result)); }

private:
    void add(Item&& item, bool timed) {
        if (!engine_->admit()) return;
        engine_->buffer.push_back(std::move(item));
        engine_->buffered(timed);
    }

    // Holds the items: the buffer, then each batch's own vector, so the
    // work gets a contiguous span with no copy.
    class Engine final : public detail::BatchEngine {
    public:
        Engine(const BatchConfig& config, Timers& timers, Work work, std::uint64_t jitter_seed)
            : BatchEngine(config, timers, jitter_seed), work_(std::move(work)) {
            buffer.reserve(config.batch_size);
        }
        std::vector<Item> buffer;

    private:
        void seal_buffer(std::size_t batch) override {
            if (batches_.size() <= batch) batches_.resize(batch + 1);
            batches_[batch] = std::move(buffer);
            buffer = {};
            buffer.reserve(config().batch_size);
        }
        void call_work(std::size_t batch, BatchDone done) override {
            work_(std::span<const Item>(batches_[batch]), std::move(done));
        }
        void keep(std::size_t batch, std::span<const std::uint32_t> positions) override {
            auto& items = batches_[batch];
            for (std::size_t i = 0; i < positions.size(); ++i)
                if (positions[i] != i) items[i] = std::move(items[positions[i]]);
            items.erase(items.begin() + static_cast<std::ptrdiff_t>(positions.size()), items.end());
        }
        void release(std::size_t batch) override { std::vector<Item>().swap(batches_[batch]); }
        void drop_buffer() override { buffer.clear(); }
        void reset_items() override { batches_.clear(); }

        Work work_;
        std::deque<std::vector<Item>> batches_;  // by batch number, emptied when a batch ends
    };

    std::shared_ptr<Engine> engine_;
};

}  // namespace throng::components
