#include "targets/components/breaker/circuit_breaker.hpp"

#include <stdexcept>
#include <utility>

namespace throng::components {

std::string_view to_string(BreakerState state) {
    switch (state) {
    case BreakerState::closed: return "closed";
    case BreakerState::open: return "open";
    case BreakerState::half_open: return "half_open";
    }
    return "unknown";
}

CircuitBreaker::CircuitBreaker(BreakerConfig config, const core::Clock& clock)
    : config_(config), clock_(clock), window_(config.window, config.window_size) {
    const auto is_share = [](double rate) { return rate > 0 && rate <= 1; };
    if (!is_share(config.failure_rate) || !is_share(config.slow_call_rate))
        throw std::invalid_argument("circuit breaker: a rate threshold is a share in (0, 1]");
    if (config.minimum_calls == 0 || config.probes == 0)
        throw std::invalid_argument("circuit breaker: minimum_calls and probes must be at least 1");
}

bool CircuitBreaker::trips(const WindowTotals& totals, std::uint64_t minimum) const {
    if (totals.calls == 0 || totals.calls < minimum) return false;
    const auto calls = static_cast<double>(totals.calls);
    return static_cast<double>(totals.failures) >= config_.failure_rate * calls ||
           static_cast<double>(totals.slow) >= config_.slow_call_rate * calls;
}

CircuitBreaker::Change CircuitBreaker::move_to(BreakerState to, core::Nanos now) {
    const Change change{state_, to};
    state_ = to;
    window_.clear();
    probes_out_ = 0;
    probes_done_ = {};
    if (to == BreakerState::open) {
        opened_at_ = now;
        ++opened_;
    }
    return change;
}

CircuitBreaker::Change CircuitBreaker::half_open_if_due(core::Nanos now) {
    if (state_ == BreakerState::open && now - opened_at_ >= config_.open_for.count())
        return move_to(BreakerState::half_open, now);
    return {state_, state_};
}

void CircuitBreaker::tell(const Change& change) {
    if (change.from == change.to) return;
    std::function<void(BreakerState, BreakerState)> listener;
    {
        const std::lock_guard lock(mutex_);
        listener = listener_;
    }
    if (listener) listener(change.from, change.to);
}

bool CircuitBreaker::try_acquire() {
    const core::Nanos now = clock_.now();
    Change change{};
    bool permitted = false;
    {
        const std::lock_guard lock(mutex_);
        change = half_open_if_due(now);
        if (state_ == BreakerState::closed) {
            permitted = true;
        } else if (state_ == BreakerState::half_open && probes_out_ < config_.probes) {
            ++probes_out_;
            permitted = true;
        }
        if (!permitted) ++refused_;
    }
    tell(change);
    return permitted;
}

void CircuitBreaker::record(bool succeeded, std::chrono::nanoseconds duration) {
    const core::Nanos now = clock_.now();
    const bool slow = duration >= config_.slow_call;
    Change change{};
    {
        const std::lock_guard lock(mutex_);
        change = {state_, state_};
        if (state_ == BreakerState::closed) {
            window_.record(!succeeded, slow, now);
            if (trips(window_.totals(now), config_.minimum_calls)) change = move_to(BreakerState::open, now);
        } else if (state_ == BreakerState::half_open && probes_done_.calls < probes_out_) {
            // (A call let through before it opened, ending now, is no probe.)
            ++probes_done_.calls;
            if (!succeeded) ++probes_done_.failures;
            if (slow) ++probes_done_.slow;
            if (probes_done_.calls >= config_.probes) {
                const bool again = trips(probes_done_, config_.probes);
                change = move_to(again ? BreakerState::open : BreakerState::closed, now);
            }
        }
        // Open: a call permitted before it opened tells nothing new.
    }
    tell(change);
}

BreakerState CircuitBreaker::state() {
    Change change{};
    BreakerState now_state{};
    {
        const std::lock_guard lock(mutex_);
        change = half_open_if_due(clock_.now());
        now_state = state_;
    }
    tell(change);
    return now_state;
}

BreakerStats CircuitBreaker::stats() {
    const BreakerState current = state();
    const std::lock_guard lock(mutex_);
    return {current, window_.totals(clock_.now()), refused_, opened_};
}

void CircuitBreaker::on_change(std::function<void(BreakerState, BreakerState)> listener) {
    const std::lock_guard lock(mutex_);
    listener_ = std::move(listener);
}

void CircuitBreaker::transition(BreakerState to) {
    Change change{};
    {
        const std::lock_guard lock(mutex_);
        change = move_to(to, clock_.now());
    }
    tell(change);
}

}  // namespace throng::components
