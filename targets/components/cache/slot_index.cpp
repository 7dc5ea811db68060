#include "targets/components/cache/slot_index.hpp"

#include <utility>

namespace throng::components {

void SlotIndex::place(Cell cell) {
    std::size_t i = cell.hash & mask();
    while (cells_[i].slot != none) i = (i + 1) & mask();
    cells_[i] = cell;
}

void SlotIndex::grow() {
    std::vector<Cell> old(cells_.size() * 2);
    old.swap(cells_);
    for (const Cell& cell : old)
        if (cell.slot != none) place(cell);
}

void SlotIndex::erase(std::uint64_t hash, std::uint32_t slot) {
    const auto h = static_cast<std::uint32_t>(hash);
    std::size_t hole = h & mask();
    while (cells_[hole].slot != slot) {
        if (cells_[hole].slot == none) return;  // not there
        hole = (hole + 1) & mask();
    }
    // Backward shift: a later cell of the run moves into the hole if its home
    // is not between the hole and it (it would otherwise become unreachable).
    for (std::size_t next = (hole + 1) & mask(); cells_[next].slot != none; next = (next + 1) & mask()) {
        const std::size_t home = cells_[next].hash & mask();
        const bool home_after_hole = ((next - home) & mask()) < ((next - hole) & mask());
        if (home_after_hole) continue;
        cells_[hole] = cells_[next];
        hole = next;
    }
    cells_[hole] = Cell{};
    --size_;
}

}  // namespace throng::components
