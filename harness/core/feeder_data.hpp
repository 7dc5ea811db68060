#pragma once
// A feeder's rows: named columns of strings, every cell kept back to back in
// one buffer with its end offset. A million rows of two short cells take
// about 30 MB so, where a vector per row and a string per cell took over 100.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace throng::core {

class FeederData {
public:
    std::vector<std::string> columns;

    // One row: a cell per column. A cell the row does not have (a JSON-lines
    // object without that key, the column first seen in a later row) reads "".
    class Row {
    public:
        Row(const FeederData& data, std::size_t index) : data_(&data), index_(index) {}
        std::size_t size() const { return data_->columns.size(); }
        std::string_view operator[](std::size_t column) const;

    private:
        const FeederData* data_;
        std::size_t index_;
    };

    // Appends a row of `cells` (at most one per column: more are ignored).
    void add_row(std::span<const std::string> cells);
    std::size_t size() const { return row_starts_.size(); }
    bool empty() const { return row_starts_.empty(); }
    Row row(std::size_t index) const { return Row(*this, index); }
    // Gives back what growing the buffers left unused (once every row is in).
    void shrink_to_fit();
    // Bytes the rows hold (cells and offsets), for what a feeder costs.
    std::size_t memory_bytes() const;

private:
    std::string text_;                       // every cell, back to back
    std::vector<std::uint64_t> cell_ends_;   // where each cell ends in text_
    std::vector<std::uint64_t> row_starts_;  // each row's first cell in cell_ends_
};

}  // namespace throng::core
