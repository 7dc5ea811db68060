#pragma once
// What a batch processor is told (its config), what its work reports for
// each item (ItemOutcome), and what it hands back at the end: every item's
// outcome (BatchRunResult). Plain data, no templates: see batch_processor.hpp.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/core/clock.hpp"

namespace throng::components {

// Items that failed with a retryable error go again, as what is left of
// their batch, after a full-jitter delay: uniform in [0, retry_ceiling(r)]
// before retry r (0 for the first), so that many clients retrying at once
// spread out instead of arriving together.
struct RetryPolicy {
    std::uint32_t max_attempts = 3;  // calls an item gets, the first included (1: never retried)
    std::chrono::nanoseconds base = std::chrono::milliseconds(100);
    std::chrono::nanoseconds cap = std::chrono::seconds(10);
};

// min(cap, base * 2^retry), without overflow.
core::Nanos retry_ceiling(const RetryPolicy& policy, std::uint32_t retry);

// No new batch starts once at least `minimum_sample` items have a final
// outcome (succeeded, or failed for good) and the share of them that failed
// is over `failure_share`. The sample keeps a few early failures from
// aborting a long run.
struct AbortPolicy {
    double failure_share = 0.30;  // in [0, 1]; 1 never aborts
    std::size_t minimum_sample = 20;
};

struct BatchConfig {
    std::size_t batch_size = 20;
    // A streamed batch leaves this long after its first item, full or not.
    std::chrono::nanoseconds max_delay = std::chrono::seconds(5);
    // Batches in flight: being worked on, or waiting to retry (a batch
    // backing off keeps its place, so a failing backend is not given more).
    std::size_t max_concurrency = 4;
    RetryPolicy retry{};
    AbortPolicy abort{};
    bool dry_run = false;  // make the batches, call nothing, report them as planned
};

// Throws std::invalid_argument for a batch size, concurrency, attempt count
// or sample of 0, a max_delay not above 0, a negative base or cap, or a
// failure share outside [0, 1].
void validate(const BatchConfig& config);

// What the work says of one item.
struct ItemOutcome {
    bool succeeded = true;
    bool retryable = false;  // a failure worth another attempt (a timeout, a 503; not a 400)
    std::string error{};
    static ItemOutcome ok() { return {}; }
    static ItemOutcome failed(std::string why, bool may_retry) { return {false, may_retry, std::move(why)}; }
};

// `pending` only while a job runs: a delivered result has none.
enum class ItemState : std::uint8_t { pending, succeeded, failed, skipped, planned };
std::string_view to_string(ItemState state);

struct ItemResult {
    static constexpr std::size_t no_batch = SIZE_MAX;  // skipped before it was put in a batch
    std::size_t index = 0;                             // in run()'s list, or in the order of submit()
    ItemState state = ItemState::pending;
    std::uint32_t attempts = 0;  // calls of the work that included it
    std::size_t batch = no_batch;
    // The last failure's error (also kept when a retry then succeeded);
    // for a skipped item, why it was skipped.
    std::string error{};
};

// A batch as it was made: items [first, first + size), and how many times
// the work was called with (what was left of) it.
struct BatchSummary {
    std::size_t first = 0;
    std::size_t size = 0;
    std::uint32_t attempts = 0;
};

struct BatchRunResult {
    std::vector<ItemResult> items{};  // every item once, by index
    std::vector<BatchSummary> batches{};
    std::size_t succeeded = 0, failed = 0, skipped = 0, planned = 0;
    std::size_t batches_run = 0;  // batches the work was called with
    std::size_t work_calls = 0;   // retries included
    bool dry_run = false;
    bool aborted = false;
    std::string abort_reason{};
};

}  // namespace throng::components
