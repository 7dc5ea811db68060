#pragma once
// Which entries a cache shard keeps, by cost (an entry count if every cost
// is 1, or bytes). Two policies:
// - W-TinyLFU (the design behind Caffeine): a newcomer enters a small window
//   LRU (1 % of the capacity); what the window pushes out may enter the main
//   area only if the frequency sketch says it is more popular than the main
//   area's own victim. The main area is a segmented LRU: a second hit moves
//   an entry from probation (20 %) to protected (80 %). Frequent keys survive
//   scans and one-hit wonders, recent ones get a chance in the window.
// - LRU, for comparison.
// Entries are the shard's slot numbers; the policy keeps their links. Not
// thread-safe: a shard calls it under its lock.
#include <cstdint>
#include <vector>

#include "targets/components/cache/frequency_sketch.hpp"

namespace throng::components {

enum class EvictionKind { tiny_lfu, lru };

class EvictionPolicy {
public:
    using Slot = std::uint32_t;
    // `expected_entries` sizes the frequency sketch (capacity / mean cost).
    EvictionPolicy(EvictionKind kind, std::uint64_t capacity, std::uint64_t expected_entries);

    // A read of a key, cached or not: the sketch counts it (TinyLFU).
    void record_access(std::uint64_t hash);
    // A hit on a cached entry.
    void touch(Slot slot);
    // A new entry. Appends to `evicted` the slots that must go to respect the
    // capacity; it may be the new entry itself (not admitted).
    void add(Slot slot, std::uint64_t hash, std::uint64_t cost, std::vector<Slot>& evicted);
    // An entry removed by the cache (expired, invalidated, replaced).
    void remove(Slot slot);

    std::uint64_t capacity() const { return capacity_; }
    std::uint64_t weight() const { return window_.weight + probation_.weight + protected_.weight; }

private:
    enum class Segment : std::uint8_t { none, window, probation, protected_ };
    struct Links {
        Slot prev = none, next = none;
        std::uint64_t hash = 0;
        std::uint64_t cost = 0;
        Segment segment = Segment::none;
    };
    struct List {  // a doubly linked LRU list: head is the eldest
        Slot head = none, tail = none;
        std::uint64_t weight = 0;
    };
    static constexpr Slot none = UINT32_MAX;

    List& list_of(Segment segment);
    void push_newest(Slot slot, Segment segment);
    void unlink(Slot slot);
    void evict_for_lru(std::vector<Slot>& evicted);
    void evict_for_tiny_lfu(std::vector<Slot>& evicted);
    void demote_protected_overflow();

    EvictionKind kind_;
    std::uint64_t capacity_;
    std::uint64_t window_capacity_;
    std::uint64_t protected_capacity_;
    FrequencySketch sketch_;
    std::vector<Links> links_;  // by slot
    List window_, probation_, protected_;
};

}  // namespace throng::components
