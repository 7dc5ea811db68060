#include <chrono>
#include <cstdint>
#include <functional>
#include <utility>

#include "targets/components/timers/timers.hpp"

namespace throng::components {

Timers::Id ManualTimers::call_at(core::Nanos when, std::function<void()> callback) {
    const Id id = next_id_++;
    queue_.emplace(std::pair{when, id}, std::move(callback));
    when_of_.emplace(id, when);
    return id;
}

bool ManualTimers::cancel(Id id) {
    const auto found = when_of_.find(id);
    if (found == when_of_.end()) return false;
    queue_.erase(std::pair{found->second, id});
    when_of_.erase(found);
    return true;
}

std::size_t ManualTimers::advance(std::chrono::nanoseconds by) {
    const core::Nanos until = clock_.now() + by.count();
    std::size_t ran = 0;
    while (!queue_.empty() && queue_.begin()->first.first <= until) {
        auto due = queue_.extract(queue_.begin());
        when_of_.erase(due.key().second);
        // A callback set in the past runs now: the clock never goes back.
        if (due.key().first > clock_.now()) clock_.set(due.key().first);
        due.mapped()();
        ++ran;
    }
    clock_.set(until);
    return ran;
}

core::Nanos ManualTimers::next_due() const { return queue_.empty() ? INT64_MAX : queue_.begin()->first.first; }

}  // namespace throng::components
