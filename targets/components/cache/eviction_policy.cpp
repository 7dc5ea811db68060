#include "targets/components/cache/eviction_policy.hpp"

#include <algorithm>

namespace throng::components {

EvictionPolicy::EvictionPolicy(EvictionKind kind, std::uint64_t capacity, std::uint64_t expected_entries)
    : kind_(kind),
      capacity_(capacity),
      // Caffeine starts with a 1 % window: enough for recency bursts, small
      // enough not to hold one-hit wonders long.
      window_capacity_(kind == EvictionKind::lru ? capacity : std::max<std::uint64_t>(1, capacity / 100)),
      protected_capacity_((capacity - std::min(capacity, window_capacity_)) * 8 / 10),
      sketch_(kind == EvictionKind::lru ? 1 : static_cast<std::size_t>(expected_entries)) {}

EvictionPolicy::List& EvictionPolicy::list_of(Segment segment) {
    switch (segment) {
    case Segment::probation: return probation_;
    case Segment::protected_: return protected_;
    default: return window_;
    }
}

void EvictionPolicy::push_newest(Slot slot, Segment segment) {
    Links& links = links_[slot];
    List& list = list_of(segment);
    links.segment = segment;
    links.prev = list.tail;
    links.next = none;
    if (list.tail != none)
        links_[list.tail].next = slot;
    else
        list.head = slot;
    list.tail = slot;
    list.weight += links.cost;
}

void EvictionPolicy::unlink(Slot slot) {
    Links& links = links_[slot];
    List& list = list_of(links.segment);
    if (links.prev != none)
        links_[links.prev].next = links.next;
    else
        list.head = links.next;
    if (links.next != none)
        links_[links.next].prev = links.prev;
    else
        list.tail = links.prev;
    list.weight -= links.cost;
    links.segment = Segment::none;
}

void EvictionPolicy::record_access(std::uint64_t hash) {
    if (kind_ == EvictionKind::tiny_lfu) sketch_.increment(hash);
}

void EvictionPolicy::touch(Slot slot) {
    const Segment segment = links_[slot].segment;
    unlink(slot);
    if (segment == Segment::window || kind_ == EvictionKind::lru) {
        push_newest(slot, segment);
        return;
    }
    // A hit in the main area: protected from now on (probation was its trial).
    push_newest(slot, Segment::protected_);
    demote_protected_overflow();
}

void EvictionPolicy::demote_protected_overflow() {
    while (protected_.weight > protected_capacity_ && protected_.head != none) {
        const Slot eldest = protected_.head;
        unlink(eldest);
        push_newest(eldest, Segment::probation);
    }
}

void EvictionPolicy::add(Slot slot, std::uint64_t hash, std::uint64_t cost, std::vector<Slot>& evicted) {
    if (slot >= links_.size()) links_.resize(std::max<std::size_t>(slot + 1, links_.size() * 2));
    links_[slot].hash = hash;
    links_[slot].cost = cost;
    push_newest(slot, Segment::window);
    if (kind_ == EvictionKind::lru)
        evict_for_lru(evicted);
    else
        evict_for_tiny_lfu(evicted);
}

void EvictionPolicy::remove(Slot slot) {
    if (slot < links_.size() && links_[slot].segment != Segment::none) unlink(slot);
}

void EvictionPolicy::evict_for_lru(std::vector<Slot>& evicted) {
    while (window_.weight > capacity_) {
        const Slot eldest = window_.head;
        unlink(eldest);
        evicted.push_back(eldest);
    }
}

void EvictionPolicy::evict_for_tiny_lfu(std::vector<Slot>& evicted) {
    // The window's overflow become candidates for the main area, on probation.
    while (window_.weight > window_capacity_ && window_.head != window_.tail) {
        const Slot candidate = window_.head;
        unlink(candidate);
        push_newest(candidate, Segment::probation);
    }
    // Then the main area (with what the window holds) fits the capacity by
    // duels: the newest candidate on probation against the eldest entry of
    // probation (or of protected when probation is empty); the less frequent goes.
    while (weight() > capacity_) {
        List& victims = probation_.head != none ? probation_ : protected_;
        if (victims.head == none) {  // only the window is left: its eldest goes
            const Slot eldest = window_.head;
            unlink(eldest);
            evicted.push_back(eldest);
            continue;
        }
        const Slot victim = victims.head;
        const Slot candidate = probation_.tail;
        Slot loser = victim;
        if (candidate != none && candidate != victim && links_[candidate].segment == Segment::probation) {
            // Ties go to the incumbent: a newcomer must be seen more often
            // than what it displaces (this is what keeps a scan out).
            if (sketch_.frequency(links_[candidate].hash) <= sketch_.frequency(links_[victim].hash)) loser = candidate;
        }
        unlink(loser);
        evicted.push_back(loser);
    }
}

}  // namespace throng::components
