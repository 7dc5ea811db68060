#pragma once
// When a shard's entries expire, for removing them without a scan: a hashed
// timing wheel. An entry sits in the bucket of its expiry tick (tick = a
// fixed span, e.g. 1 s); as time moves on, only the buckets of the ticks
// passed are visited, and an entry due in a later turn of the wheel stays.
// Adding and removing an entry are O(1); expiring costs O(1) per due entry
// plus O(1) per entry of a later turn met on the way. Reads never wait for
// this: the cache checks each entry's own deadline, the wheel only frees
// memory. Not thread-safe (a shard uses it under its lock).
#include <cstdint>
#include <vector>

#include "harness/core/clock.hpp"

namespace throng::components {

class ExpiryWheel {
public:
    using Slot = std::uint32_t;
    ExpiryWheel(core::Nanos tick, std::size_t buckets, core::Nanos now);

    void add(Slot slot, core::Nanos expires_at);
    void remove(Slot slot);
    bool contains(Slot slot) const { return slot < entries_.size() && entries_[slot].bucket != none; }
    // Appends the slots of the ticks wholly past at `now` (removed from the
    // wheel) to `expired`: an entry goes within a tick of its deadline.
    void advance(core::Nanos now, std::vector<Slot>& expired);
    // Whether advance(now) could find anything (cheap: a division).
    bool due(core::Nanos now) const { return now / tick_ > done_; }

private:
    static constexpr Slot none = UINT32_MAX;
    struct Entry {
        core::Nanos expires_at = 0;
        Slot prev = none, next = none;
        std::uint32_t bucket = none;
    };
    void visit(std::uint32_t bucket, core::Nanos now, std::vector<Slot>& expired);

    core::Nanos tick_;
    std::uint64_t mask_;
    std::int64_t done_;           // every tick before it has been visited
    std::vector<Slot> heads_;     // by bucket
    std::vector<Entry> entries_;  // by slot
};

}  // namespace throng::components
