#pragma once
// A shard's index from key to entry slot: open addressing with linear
// probing over 8-byte cells (32 bits of the key's hash, the slot), so that a
// lookup usually reads one cache line and compares the key once. The keys
// live in the shard's entries, not here: the caller's `matches(slot)` says
// whether a slot holds the key. Removal shifts the cells after it back (no
// tombstones), so lookups never slow down with churn. Kept at most half
// full. Not thread-safe (used under the shard's lock).
//
// std::unordered_map, used first, took a node allocation per key, a
// division per lookup and a second pointer chase; on hits it cost 3 to 6
// times more than this (cache_bench.cpp).
#include <bit>
#include <cstdint>
#include <vector>

namespace throng::components {

class SlotIndex {
public:
    static constexpr std::uint32_t none = UINT32_MAX;

    explicit SlotIndex(std::size_t expected = 16) : cells_(std::bit_ceil(std::max<std::size_t>(16, 2 * expected))) {}

    template <class Matches>
    std::uint32_t find(std::uint64_t hash, Matches&& matches) const {
        const auto h = static_cast<std::uint32_t>(hash);
        for (std::size_t i = h & mask();; i = (i + 1) & mask()) {
            const Cell& cell = cells_[i];
            if (cell.slot == none) return none;
            if (cell.hash == h && matches(cell.slot)) return cell.slot;
        }
    }
    // `slot` must not be in the index already.
    void insert(std::uint64_t hash, std::uint32_t slot) {
        if (2 * (size_ + 1) > cells_.size()) grow();
        place({static_cast<std::uint32_t>(hash), slot});
        ++size_;
    }
    // Removes the cell of `slot` (whose key hashes to `hash`).
    void erase(std::uint64_t hash, std::uint32_t slot);
    std::size_t size() const { return size_; }

private:
    struct Cell {
        std::uint32_t hash = 0;
        std::uint32_t slot = none;
    };
    std::size_t mask() const { return cells_.size() - 1; }
    void place(Cell cell);
    void grow();

    std::vector<Cell> cells_;
    std::size_t size_ = 0;
};

}  // namespace throng::components
