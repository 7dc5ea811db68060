#pragma once
// Feeders: rows of test data (users, products, search terms) handed to
// iterations one at a time, each row's cells becoming variables.
#include <cstdint>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/diagnostics.hpp"
#include "harness/core/feeder_data.hpp"
#include "harness/core/json.hpp"
#include "harness/core/random.hpp"

namespace throng::core {

// Rows of named string columns (feeder_data.hpp) read from a CSV file, a
// JSON-lines file or an inline array.

// Both throw InputError (file:line:col diagnostics, pointer "") when the file
// is unreadable or malformed. The file is read through a memory map
// (mapped_file.hpp), not copied: only its rows are kept.
//
// CSV (RFC 4180): the first record is the header (non-empty, unique column
// names); fields are separated by `,` and optionally quoted with `"` (`""`
// inside quotes is a quote; quoted fields may hold commas and newlines); CRLF
// or LF line ends, final newline optional, empty lines skipped, a UTF-8 BOM
// ignored. Every record has as many fields as the header. At least one data row.
FeederData load_csv(const std::string& path);

// JSON lines: one object per non-blank line (comments tolerated; lines that
// are only a `//` comment are skipped). Columns: the union of keys in order of
// first appearance; a missing key gives "", a string its text, anything else
// its compact JSON text. At least one row.
FeederData load_jsonl(const std::string& path);

// Inline: an array of objects (as JSON lines) or an array of scalars (one
// column named "": the feeder's own name is then the variable). Reports into
// `diags` at the offending element; an empty array is an error.
FeederData feeder_from_json(const json::Value& array, Diagnostics& diags);

// In what order iterations receive rows, and what happens after the last one.
struct FeederSpec {
    enum class Order { sequential, random, unique };
    enum class OnExhausted { wrap, stop };
    std::string name;
    Order order = Order::sequential;
    // The default for sequential; unique defaults to stop; random never exhausts.
    OnExhausted on_exhausted = OnExhausted::wrap;
    std::shared_ptr<const FeederData> data;
};

// The run's position in a feeder, shared by every worker thread of this
// process: one relaxed atomic increment per iteration (not per request), so
// that `unique` hands each row to one iteration whichever thread asks, and
// the feeder is used up everywhere at once. Across processes (shards), part
// p of n takes global draws p, p+n, p+2n, ...
class FeederCursor {
public:
    // Throws std::invalid_argument unless 0 <= part < parts and spec has data.
    FeederCursor(std::shared_ptr<const FeederSpec> spec, int part = 0, int parts = 1);
    FeederCursor(const FeederCursor&) = delete;
    FeederCursor& operator=(const FeederCursor&) = delete;

    // The row for the next iteration, or nothing when the feeder is exhausted
    // (on_exhausted == stop). sequential/unique: global draw g = k*parts +
    // part (k counts this process's draws), row g % rows with wrap, exhausted
    // once g >= rows with stop. random: a uniform row from `rng`, never
    // exhausted. Safe to call from any thread.
    std::optional<FeederData::Row> next(Rng& rng);

    const FeederSpec& spec() const { return *spec_; }

private:
    std::shared_ptr<const FeederSpec> spec_;
    std::uint64_t part_;
    std::uint64_t parts_;
    std::atomic<std::uint64_t> draws_{0};
};

}  // namespace throng::core
