#include "targets/components/batch/batch_types.hpp"

#include <stdexcept>

namespace throng::components {

core::Nanos retry_ceiling(const RetryPolicy& policy, std::uint32_t retry) {
    const core::Nanos base = policy.base.count(), cap = policy.cap.count();
    if (base <= 0) return 0;
    // base * 2^retry <= cap exactly when base <= cap / 2^retry (rounded down).
    if (retry >= 63 || base > (cap >> retry)) return cap;
    return base << retry;
}

void validate(const BatchConfig& config) {
    if (config.batch_size == 0 || config.max_concurrency == 0 || config.retry.max_attempts == 0 ||
        config.abort.minimum_sample == 0)
        throw std::invalid_argument(
            "batch processor: batch_size, max_concurrency, max_attempts and minimum_sample "
            "must be at least 1");
    if (config.max_delay.count() <= 0) throw std::invalid_argument("batch processor: max_delay must be above 0");
    if (config.retry.base.count() < 0 || config.retry.cap.count() < 0)
        throw std::invalid_argument("batch processor: retry base and cap must not be negative");
    // Written so that NaN fails too.
    if (!(config.abort.failure_share >= 0 && config.abort.failure_share <= 1))
        throw std::invalid_argument("batch processor: failure_share is a share in [0, 1]");
}

std::string_view to_string(ItemState state) {
    switch (state) {
    case ItemState::pending: return "pending";
    case ItemState::succeeded: return "succeeded";
    case ItemState::failed: return "failed";
    case ItemState::skipped: return "skipped";
    case ItemState::planned: return "planned";
    }
    return "unknown";
}

}  // namespace throng::components
