#pragma once
// Per-thread request counters behind DemoService::stats().
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace throng::demo::detail {

// What a served request (or an accepted connection) is counted as.
enum class Counter : std::size_t {
    health,
    items,
    flaky,
    slow,
    echo,
    login,
    me,
    not_found,
    malformed,
    flaky_failed,
    connections_accepted,
    count_,
};

// One thread's counters, on their own cache line. Only the owning thread
// writes them, so a relaxed load and store is enough (no locked
// read-modify-write on the hot path); stats() reads them from any thread.
class alignas(64) ThreadCounters {
public:
    void add(Counter counter) {
        auto& value = values_[static_cast<std::size_t>(counter)];
        value.store(value.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }

    std::uint64_t get(Counter counter) const {
        return values_[static_cast<std::size_t>(counter)].load(std::memory_order_relaxed);
    }

private:
    std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(Counter::count_)> values_{};
};

}  // namespace throng::demo::detail
