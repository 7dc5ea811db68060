#include "targets/components/breaker/outcome_window.hpp"

#include <stdexcept>

namespace throng::components {

namespace {
constexpr std::int64_t nanos_per_second = 1'000'000'000;
}

OutcomeWindow::OutcomeWindow(Kind kind, std::size_t size) : kind_(kind), slots_(size) {
    if (size == 0) throw std::invalid_argument("circuit breaker: the window must hold at least 1 call or second");
}

void OutcomeWindow::subtract(const WindowTotals& gone) {
    totals_.calls -= gone.calls;
    totals_.failures -= gone.failures;
    totals_.slow -= gone.slow;
}

void OutcomeWindow::expire(core::Nanos now) {
    const std::int64_t current = now / nanos_per_second;
    if (current <= last_second_) return;
    const auto size = static_cast<std::int64_t>(slots_.size());
    const std::int64_t passed = current - last_second_ < size ? current - last_second_ : size;
    for (std::int64_t i = 1; i <= passed; ++i) {
        WindowTotals& slot = slots_[static_cast<std::size_t>((last_second_ + i) % size)];
        subtract(slot);
        slot = {};
    }
    last_second_ = current;
}

void OutcomeWindow::record(bool failed, bool slow, core::Nanos now) {
    WindowTotals* slot = nullptr;
    if (kind_ == Kind::count) {
        slot = &slots_[next_];
        next_ = (next_ + 1) % slots_.size();
        subtract(*slot);  // the oldest call leaves
        *slot = {};
    } else {
        expire(now);
        slot = &slots_[static_cast<std::size_t>(last_second_) % slots_.size()];
    }
    for (WindowTotals* counts : {slot, &totals_}) {
        ++counts->calls;
        if (failed) ++counts->failures;
        if (slow) ++counts->slow;
    }
}

WindowTotals OutcomeWindow::totals(core::Nanos now) {
    if (kind_ == Kind::time) expire(now);
    return totals_;
}

void OutcomeWindow::clear() {
    for (WindowTotals& slot : slots_) slot = {};
    next_ = 0;
    totals_ = {};
}

}  // namespace throng::components
