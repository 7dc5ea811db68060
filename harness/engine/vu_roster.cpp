#include "harness/engine/vu_roster.hpp"

#include <algorithm>

namespace throng::engine {

VuRoster::VuRoster(const core::ExecutorSpec& spec, const VuSchedule& schedule, int thread, int threads)
    : spec_(spec), schedule_(schedule), thread_(thread), threads_(threads) {}

VuRoster::Decisions VuRoster::tick(core::Nanos elapsed) {
    Decisions out;
    if (!draining_ && (stop_requested_ || exhausted_ || elapsed >= schedule_.duration())) {
        draining_ = true;
        const core::Nanos cut_at = core::saturating_add(elapsed, hard_ ? 0 : spec_.graceful_stop.count());
        while (!active_.empty()) {
            stop_slot(active_.back(), cut_at, out);
            active_.pop_back();
        }
        // VUs still finishing a ramp-down get no longer than graceful_stop either.
        for (auto& slot : slots_)
            if (slot.state == State::stopping) slot.cut_at = std::min(slot.cut_at, cut_at);
    }
    if (draining_ && hard_) {
        for (auto& slot : slots_)
            if (slot.state == State::stopping && slot.cut_at > elapsed) slot.cut_at = elapsed;
    }
    if (!draining_ && !spec_.is_open_model()) {
        const int target = VuSchedule::share(schedule_.target_at(elapsed), thread_, threads_);
        while (active() < target) {
            const int slot = acquire_slot();
            slots_[slot].state = State::active;
            active_.push_back(slot);
            ++running_;
            out.start.push_back(slot);
        }
        while (active() > target) {
            stop_slot(active_.back(), core::saturating_add(elapsed, spec_.graceful_ramp_down.count()), out);
            active_.pop_back();
        }
    }
    for (std::size_t i = 0; i < slots_.size(); ++i) {
        Slot& slot = slots_[i];
        if (slot.state == State::stopping && elapsed >= slot.cut_at) {
            slot.state = State::cut;
            out.cut.push_back(static_cast<int>(i));
        }
    }
    return out;
}

int VuRoster::add_vu() {
    const int slot = acquire_slot();
    slots_[static_cast<std::size_t>(slot)].state = State::active;
    active_.push_back(slot);
    ++running_;
    return slot;
}

void VuRoster::ended(int slot) {
    Slot& s = slots_.at(static_cast<std::size_t>(slot));
    if (s.state == State::idle) return;
    if (s.state == State::active) std::erase(active_, slot);  // ended by itself (e.g. no iterations left)
    s.state = State::idle;
    --running_;
}

void VuRoster::request_stop(bool hard) {
    stop_requested_ = true;
    hard_ = hard_ || hard;
}

int VuRoster::acquire_slot() {
    for (std::size_t i = 0; i < slots_.size(); ++i)
        if (slots_[i].state == State::idle) return static_cast<int>(i);
    slots_.emplace_back();
    return static_cast<int>(slots_.size() - 1);
}

void VuRoster::stop_slot(int slot, core::Nanos cut_at, Decisions& out) {
    Slot& s = slots_[static_cast<std::size_t>(slot)];
    s.state = State::stopping;
    s.cut_at = cut_at;
    out.stop.push_back(slot);
}

}  // namespace throng::engine
