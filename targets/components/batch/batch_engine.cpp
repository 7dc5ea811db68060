#include "targets/components/batch/batch_engine.hpp"

#include <cstdio>
#include <exception>
#include <iterator>
#include <stdexcept>
#include <utility>

namespace throng::components {

void BatchDone::operator()(std::vector<ItemOutcome> outcomes) const {
    if (const auto engine = engine_.lock()) engine->complete(batch_, call_, outcomes, false);
}

void BatchDone::all(const ItemOutcome& outcome) const {
    if (const auto engine = engine_.lock()) engine->complete(batch_, call_, std::span(&outcome, 1), true);
}

namespace detail {

BatchEngine::BatchEngine(const BatchConfig& config, Timers& timers, std::uint64_t jitter_seed)
    : config_(config), timers_(timers), random_(jitter_seed) {
    validate(config_);
}

bool BatchEngine::admit() {
    if (job_ == Job::closing) throw std::logic_error("batch processor: the job is closed; wait for its result");
    job_ = Job::open;
    items_.push_back(ItemResult{.index = items_.size()});
    if (!aborted_) return true;
    settle(items_.size() - 1, ItemState::skipped);
    return false;
}

void BatchEngine::buffered(bool timed) {
    if (buffered_++ == 0) {
        buffer_first_ = items_.size() - 1;
        if (timed) {
            const auto due = core::saturating_add(timers_.now(), config_.max_delay.count());
            flush_timer_ = timers_.call_at(due, [weak = weak_from_this()] {
                const auto self = weak.lock();
                if (!self || self->abandoned_) return;
                self->flush_timer_ = 0;
                self->form_batch();
            });
        }
    }
    if (buffered_ >= config_.batch_size) form_batch();
}

void BatchEngine::flush() {
    if (job_ != Job::idle) form_batch();
}

void BatchEngine::close(std::function<void(BatchRunResult)> done) {
    if (job_ == Job::closing) throw std::logic_error("batch processor: closed twice");
    done_ = std::move(done);
    job_ = Job::closing;
    form_batch();
    pump();
}

void BatchEngine::cancel_flush_timer() {
    if (flush_timer_ != 0) timers_.cancel(flush_timer_);
    flush_timer_ = 0;
}

void BatchEngine::form_batch() {
    cancel_flush_timer();
    if (buffered_ == 0) return;
    const std::size_t batch = batches_.size();
    batches_.push_back(Batch{.first = buffer_first_, .size = buffered_});
    buffered_ = 0;
    seal_buffer(batch);
    const Batch& made = batches_[batch];
    for (std::size_t i = made.first; i < made.first + made.size; ++i) items_[i].batch = batch;
    if (config_.dry_run) {
        for (std::size_t i = made.first; i < made.first + made.size; ++i) settle(i, ItemState::planned);
        batches_[batch].phase = Phase::done;
        release(batch);
    } else {
        queued_.push_back(batch);
    }
    pump();
}

// Starts what may start. A work that completes at once re-enters here
// through complete(): that inner call returns at once and this loop picks up
// the freed place, so the stack stays flat however many batches run.
void BatchEngine::pump() {
    if (pumping_ || abandoned_) return;
    const auto keep_alive = shared_from_this();  // the work may destroy the processor
    pumping_ = true;
    while (!abandoned_) {
        if (!ready_.empty()) {
            const std::size_t batch = ready_.front();
            ready_.pop_front();
            start_call(batch);  // a retry: it holds its place already
        } else if (!queued_.empty() && in_flight_ < config_.max_concurrency && !aborted_) {
            const std::size_t batch = queued_.front();
            queued_.pop_front();
            ++in_flight_;
            ++batches_run_;
            start_call(batch);
        } else {
            break;
        }
    }
    pumping_ = false;
    finish_if_done();
}

void BatchEngine::start_call(std::size_t batch) {
    Batch& calling = batches_[batch];
    calling.phase = Phase::calling;
    ++calling.attempts;
    const std::uint64_t call = calling.call = ++next_call_;
    ++work_calls_;
    for (std::size_t p = 0, n = member_count(calling); p < n; ++p) ++items_[member(calling, p)].attempts;
    // A throw before the work reported counts as the whole batch failing;
    // after it reported, complete() ignores it (the call is settled).
    try {
        call_work(batch, BatchDone(weak_from_this(), batch, call));
    } catch (const std::exception& e) {
        const auto failure = ItemOutcome::failed(std::string("the work threw: ") + e.what(), true);
        complete(batch, call, std::span(&failure, 1), true);
    } catch (...) {
        const auto failure = ItemOutcome::failed("the work threw", true);
        complete(batch, call, std::span(&failure, 1), true);
    }
}

void BatchEngine::complete(std::size_t batch, std::uint64_t call, std::span<const ItemOutcome> outcomes, bool same) {
    if (abandoned_ || batch >= batches_.size()) return;
    if (batches_[batch].phase != Phase::calling || batches_[batch].call != call) return;  // reported already
    batches_[batch].call = 0;
    const std::size_t count = member_count(batches_[batch]);
    ItemOutcome wrong_count;
    if (!same && outcomes.size() != count) {
        wrong_count = ItemOutcome::failed("the work reported " + std::to_string(outcomes.size()) +
                                              " outcomes for a batch of " + std::to_string(count),
                                          false);
        outcomes = std::span(&wrong_count, 1);
        same = true;
    }
    std::vector<std::uint32_t> retrying;  // positions in the batch
    for (std::size_t p = 0; p < count; ++p) {
        const ItemOutcome& outcome = outcomes[same ? 0 : p];
        const std::size_t item = member(batches_[batch], p);
        if (outcome.succeeded) {
            settle(item, ItemState::succeeded);
            continue;
        }
        items_[item].error = outcome.error;
        if (outcome.retryable && items_[item].attempts < config_.retry.max_attempts && !aborted_)
            retrying.push_back(static_cast<std::uint32_t>(p));
        else
            settle(item, ItemState::failed);
    }
    if (!retrying.empty()) {
        Batch& narrowing = batches_[batch];
        std::vector<std::size_t> members;
        members.reserve(retrying.size());
        for (const auto p : retrying) members.push_back(member(narrowing, p));
        narrowing.members = std::move(members);
        narrowing.narrowed = true;
        keep(batch, retrying);
    }
    check_abort();  // on this batch's final outcomes, before it retries
    if (retrying.empty() || aborted_) {
        fail_remaining(batch);
        end_batch(batch);
    } else {
        Batch& backing_off = batches_[batch];
        backing_off.phase = Phase::backing_off;
        const auto ceiling = retry_ceiling(config_.retry, backing_off.attempts - 1);
        const auto delay = std::uniform_int_distribution<core::Nanos>(0, ceiling)(random_);
        backing_off.retry_timer =
            timers_.call_at(core::saturating_add(timers_.now(), delay), [weak = weak_from_this(), batch] {
                if (const auto self = weak.lock()) self->retry_due(batch);
            });
    }
    pump();
}

void BatchEngine::retry_due(std::size_t batch) {
    if (abandoned_) return;
    batches_[batch].retry_timer = 0;
    batches_[batch].phase = Phase::ready;
    ready_.push_back(batch);
    pump();
}

void BatchEngine::settle(std::size_t item, ItemState state) {
    items_[item].state = state;
    switch (state) {
    case ItemState::succeeded: ++succeeded_; break;
    case ItemState::failed: ++failed_; break;
    case ItemState::skipped:
        ++skipped_;
        items_[item].error = abort_reason_;
        break;
    case ItemState::planned: ++planned_; break;
    case ItemState::pending: break;
    }
}

void BatchEngine::fail_remaining(std::size_t batch) {
    const Batch& ending = batches_[batch];
    for (std::size_t p = 0, n = member_count(ending); p < n; ++p) {
        const std::size_t item = member(ending, p);
        if (items_[item].state == ItemState::pending) settle(item, ItemState::failed);  // keeps its last error
    }
}

void BatchEngine::end_batch(std::size_t batch) {
    batches_[batch].phase = Phase::done;
    release(batch);
    --in_flight_;
}

void BatchEngine::check_abort() {
    if (aborted_) return;
    const std::size_t sample = succeeded_ + failed_;
    if (sample < config_.abort.minimum_sample) return;
    const double share = static_cast<double>(failed_) / static_cast<double>(sample);
    if (share <= config_.abort.failure_share) return;
    char reason[160];
    std::snprintf(reason, sizeof reason, "aborted: %zu of %zu items failed (%.1f %%), over the %.1f %% allowed",
                  failed_, sample, 100 * share, 100 * config_.abort.failure_share);
    abort(reason);
}

// No new batch starts and no retry is made; calls out now still finish.
void BatchEngine::abort(std::string reason) {
    aborted_ = true;
    abort_reason_ = std::move(reason);
    for (const std::size_t batch : queued_) {
        Batch& never = batches_[batch];
        for (std::size_t i = never.first; i < never.first + never.size; ++i) settle(i, ItemState::skipped);
        never.phase = Phase::done;
        release(batch);
    }
    queued_.clear();
    for (std::size_t batch = 0; batch < batches_.size(); ++batch) {
        const Phase phase = batches_[batch].phase;
        if (phase != Phase::backing_off && phase != Phase::ready) continue;
        if (phase == Phase::backing_off) timers_.cancel(batches_[batch].retry_timer);
        batches_[batch].retry_timer = 0;
        fail_remaining(batch);
        end_batch(batch);
    }
    ready_.clear();
    if (buffered_ > 0) {
        cancel_flush_timer();
        for (std::size_t i = buffer_first_; i < buffer_first_ + buffered_; ++i) settle(i, ItemState::skipped);
        buffered_ = 0;
        drop_buffer();
    }
}

// The result goes out through the timers, never from inside run() or
// close(): the caller's code after them runs first, as with Asio.
void BatchEngine::finish_if_done() {
    if (job_ != Job::closing || abandoned_ || buffered_ > 0 || !queued_.empty() || !ready_.empty() || in_flight_ > 0)
        return;
    BatchRunResult result;
    result.batches.reserve(batches_.size());
    for (const Batch& batch : batches_) result.batches.push_back({batch.first, batch.size, batch.attempts});
    result.items.assign(std::make_move_iterator(items_.begin()), std::make_move_iterator(items_.end()));
    if (items_.capacity() > 2 * items_.size()) items_ = {};
    result.succeeded = succeeded_;
    result.failed = failed_;
    result.skipped = skipped_;
    result.planned = planned_;
    result.batches_run = batches_run_;
    result.work_calls = work_calls_;
    result.dry_run = config_.dry_run;
    result.aborted = aborted_;
    result.abort_reason = std::move(abort_reason_);

    auto done = std::move(done_);
    // Idle again: a new job may start before this one's result is out.
    job_ = Job::idle;
    done_ = nullptr;
    items_.clear();  // keeps its capacity
    batches_.clear();
    succeeded_ = failed_ = skipped_ = planned_ = batches_run_ = work_calls_ = 0;
    aborted_ = false;
    abort_reason_.clear();
    reset_items();

    timers_.call_at(timers_.now(),
                    [weak = weak_from_this(), done = std::move(done), result = std::move(result)]() mutable {
                        const auto self = weak.lock();
                        if (self && !self->abandoned_ && done) done(std::move(result));
                    });
}

}  // namespace detail
}  // namespace throng::components
