#include "targets/components/cache/expiry_wheel.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace throng::components {

ExpiryWheel::ExpiryWheel(core::Nanos tick, std::size_t buckets, core::Nanos now)
    : tick_(tick), mask_(std::bit_ceil(std::max<std::size_t>(buckets, 2)) - 1), done_(now / tick) {
    if (tick <= 0) throw std::invalid_argument("expiry wheel: the tick must be positive");
    heads_.assign(mask_ + 1, none);
}

void ExpiryWheel::add(Slot slot, core::Nanos expires_at) {
    if (slot >= entries_.size()) entries_.resize(std::max<std::size_t>(slot + 1, entries_.size() * 2));
    if (contains(slot)) remove(slot);
    // An entry already due goes in the next bucket to visit.
    const std::int64_t tick = std::max(expires_at / tick_, done_);
    const auto bucket = static_cast<std::uint32_t>(static_cast<std::uint64_t>(tick) & mask_);
    Entry& entry = entries_[slot];
    entry.expires_at = expires_at;
    entry.bucket = bucket;
    entry.prev = none;
    entry.next = heads_[bucket];
    if (entry.next != none) entries_[entry.next].prev = slot;
    heads_[bucket] = slot;
}

void ExpiryWheel::remove(Slot slot) {
    if (!contains(slot)) return;
    Entry& entry = entries_[slot];
    if (entry.prev != none)
        entries_[entry.prev].next = entry.next;
    else
        heads_[entry.bucket] = entry.next;
    if (entry.next != none) entries_[entry.next].prev = entry.prev;
    entry.bucket = none;
}

void ExpiryWheel::visit(std::uint32_t bucket, core::Nanos now, std::vector<Slot>& expired) {
    for (Slot slot = heads_[bucket]; slot != none;) {
        const Slot next = entries_[slot].next;
        if (entries_[slot].expires_at <= now) {
            remove(slot);
            expired.push_back(slot);
        }
        slot = next;
    }
}

void ExpiryWheel::advance(core::Nanos now, std::vector<Slot>& expired) {
    // The ticks before now's are wholly past; now's own waits for its end.
    const std::int64_t target = now / tick_;
    if (target <= done_) return;
    // A whole turn or more passed: every bucket once is enough.
    const std::int64_t steps = std::min<std::int64_t>(target - done_, static_cast<std::int64_t>(mask_) + 1);
    for (std::int64_t tick = target - steps; tick < target; ++tick)
        visit(static_cast<std::uint32_t>(static_cast<std::uint64_t>(tick) & mask_), now, expired);
    done_ = target;
}

}  // namespace throng::components
