#pragma once
// The batch processor's scheduling and accounting, which never needs the
// item type: it counts items by index and leaves holding them, and calling
// the work with them, to BatchProcessor<Item> (batch_processor.hpp) through
// a few virtual hooks, one call per batch, never per item.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "targets/components/batch/batch_types.hpp"
#include "targets/components/timers/timers.hpp"

namespace throng::components {

namespace detail {
class BatchEngine;
}

// Given to the work with each batch, to report its items' outcomes: call it
// once, at once or later, on the processor's executor. A second call, or a
// call after the processor is gone, does nothing. Cheap to copy.
class BatchDone {
public:
    // One outcome per item, in the order of the batch's span. A wrong count
    // fails the whole batch (not retryable): it is a bug in the work.
    void operator()(std::vector<ItemOutcome> outcomes) const;
    // The same outcome for every item of the batch.
    void all(const ItemOutcome& outcome) const;

private:
    friend class detail::BatchEngine;
    BatchDone(std::weak_ptr<detail::BatchEngine> engine, std::size_t batch, std::uint64_t call)
        : engine_(std::move(engine)), batch_(batch), call_(call) {}
    std::weak_ptr<detail::BatchEngine> engine_;
    std::size_t batch_;
    std::uint64_t call_;
};

namespace detail {

class BatchEngine : public std::enable_shared_from_this<BatchEngine> {
public:
    BatchEngine(const BatchConfig& config, Timers& timers, std::uint64_t jitter_seed);
    virtual ~BatchEngine() = default;
    BatchEngine(const BatchEngine&) = delete;
    BatchEngine& operator=(const BatchEngine&) = delete;

    const BatchConfig& config() const { return config_; }
    bool idle() const { return job_ == Job::idle; }
    // A job is the items from run(), or those submitted until close().
    // admit() numbers the next item: false if it is skipped at once (the
    // job aborted), and then the caller does not buffer it; after buffering
    // it, the caller says buffered(). `timed`: start the max_delay clock.
    bool admit();
    void expect(std::size_t more_items) { items_.reserve(items_.size() + more_items); }
    void buffered(bool timed);
    void flush();
    void close(std::function<void(BatchRunResult)> done);
    // The processor is gone: nothing more is called or started.
    void abandon() { abandoned_ = true; }

protected:
    // The items buffered so far become batch `batch`'s.
    virtual void seal_buffer(std::size_t batch) = 0;
    // Calls the work with batch `batch`'s items.
    virtual void call_work(std::size_t batch, BatchDone done) = 0;
    // Only the items at these positions (ascending) of the batch remain.
    virtual void keep(std::size_t batch, std::span<const std::uint32_t> positions) = 0;
    virtual void release(std::size_t batch) = 0;
    virtual void drop_buffer() = 0;
    virtual void reset_items() = 0;  // the job is over

private:
    friend class throng::components::BatchDone;
    enum class Job : std::uint8_t { idle, open, closing };
    enum class Phase : std::uint8_t { queued, calling, backing_off, ready, done };
    struct Batch {
        std::size_t first = 0, size = 0;
        // Once retried: the items still in it; until then all of [first, first + size).
        std::vector<std::size_t> members{};
        bool narrowed = false;
        Phase phase = Phase::queued;
        std::uint32_t attempts = 0;
        std::uint64_t call = 0;  // the call whose BatchDone counts
        Timers::Id retry_timer = 0;
    };

    std::size_t member_count(const Batch& batch) const { return batch.narrowed ? batch.members.size() : batch.size; }
    std::size_t member(const Batch& batch, std::size_t position) const {
        return batch.narrowed ? batch.members[position] : batch.first + position;
    }
    void form_batch();
    void pump();
    void start_call(std::size_t batch);
    // `outcomes` holds one per item, or one for all (`same`).
    void complete(std::size_t batch, std::uint64_t call, std::span<const ItemOutcome> outcomes, bool same);
    void retry_due(std::size_t batch);
    void settle(std::size_t item, ItemState state);
    void fail_remaining(std::size_t batch);  // its retries will not happen
    void end_batch(std::size_t batch);
    void check_abort();
    void abort(std::string reason);
    void finish_if_done();
    void cancel_flush_timer();

    BatchConfig config_;
    Timers& timers_;
    std::mt19937_64 random_;
    Job job_ = Job::idle;
    bool pumping_ = false, abandoned_ = false;
    std::function<void(BatchRunResult)> done_;

    // Kept from job to job (up to twice what the last one used): growing it
    // anew each job, by reallocations into fresh pages, cost 20 times more.
    std::vector<ItemResult> items_;
    std::vector<Batch> batches_;
    std::size_t buffer_first_ = 0, buffered_ = 0;
    Timers::Id flush_timer_ = 0;
    std::deque<std::size_t> queued_;  // made, waiting for a place
    std::deque<std::size_t> ready_;   // backed off, to call again (they hold their place)
    std::size_t in_flight_ = 0;
    std::uint64_t next_call_ = 0;  // never reset: a late BatchDone of an old job matches nothing
    std::size_t succeeded_ = 0, failed_ = 0, skipped_ = 0, planned_ = 0, batches_run_ = 0, work_calls_ = 0;
    bool aborted_ = false;
    std::string abort_reason_;
};

}  // namespace detail
}  // namespace throng::components
