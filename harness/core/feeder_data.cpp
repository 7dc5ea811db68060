#include "harness/core/feeder_data.hpp"

#include <algorithm>

namespace throng::core {

std::string_view FeederData::Row::operator[](std::size_t column) const {
    const auto& data = *data_;
    const std::uint64_t first = data.row_starts_[index_];
    const std::uint64_t end =
        index_ + 1 < data.row_starts_.size() ? data.row_starts_[index_ + 1] : data.cell_ends_.size();
    if (column >= end - first) return {};
    const std::uint64_t cell = first + column;
    const std::uint64_t begin = cell == 0 ? 0 : data.cell_ends_[cell - 1];
    return std::string_view(data.text_).substr(begin, data.cell_ends_[cell] - begin);
}

void FeederData::add_row(std::span<const std::string> cells) {
    row_starts_.push_back(cell_ends_.size());
    for (const auto& cell : cells.first(std::min(cells.size(), columns.size()))) {
        text_ += cell;
        cell_ends_.push_back(text_.size());
    }
}

void FeederData::shrink_to_fit() {
    text_.shrink_to_fit();
    cell_ends_.shrink_to_fit();
    row_starts_.shrink_to_fit();
}

std::size_t FeederData::memory_bytes() const {
    return text_.capacity() + (cell_ends_.capacity() + row_starts_.capacity()) * sizeof(std::uint64_t);
}

}  // namespace throng::core
