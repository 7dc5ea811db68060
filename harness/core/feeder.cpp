#include "harness/core/feeder.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "harness/core/mapped_file.hpp"

namespace throng::core {

namespace {

// Enough to show a pattern without burying the terminal under a broken file.
constexpr std::size_t max_errors = 20;

[[noreturn]] void fail(Diagnostics& diags, json::Position at, std::string message) {
    diags.error(at, "", std::move(message));
    throw InputError(diags.list());
}

// A cell: a string's own text, anything else as compact JSON.
std::string cell_text(const json::Value& v) { return v.is_string() ? v.as_string() : v.dump(); }

std::string a_kind(const json::Value& v) {
    const auto kind = v.kind_name();
    return (kind == "array" || kind == "object" ? "an " : "a ") + std::string(kind);
}

// Rows from objects, columns the union of their keys in order of first appearance.
class RowBuilder {
public:
    void add(const json::Value& object) {
        std::vector<std::string> row(data_.columns.size());
        std::vector<bool> filled(data_.columns.size());
        for (const auto& member : object.members()) {
            auto [it, added] = index_.try_emplace(member.key, data_.columns.size());
            if (added) data_.columns.push_back(member.key);
            if (it->second >= row.size()) {
                row.resize(it->second + 1);
                filled.resize(it->second + 1);
            }
            if (filled[it->second]) continue;  // a repeated key: the first one wins, as in json::Value::find
            filled[it->second] = true;
            row[it->second] = cell_text(member.value);
        }
        data_.add_row(row);
    }

    bool empty() const { return data_.empty(); }

    // Rows that lack a column seen later read "" there (FeederData::Row).
    FeederData finish() {
        data_.shrink_to_fit();
        return std::move(data_);
    }

private:
    FeederData data_;
    std::unordered_map<std::string, std::size_t> index_;
};

// RFC 4180 records, one at a time, tracking line and column for messages.
class CsvReader {
public:
    CsvReader(std::string_view text, Diagnostics& diags) : text_(text), diags_(diags) {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") offset_ = line_start_ = 3;  // as json::parse does
    }

    json::Position here() const { return {line_, static_cast<int>(offset_ - line_start_) + 1, offset_}; }

    // The next record's fields and where each starts; false at the end.
    bool next(std::vector<std::string>& fields, std::vector<json::Position>& starts) {
        while (at_newline()) skip_newline();
        if (offset_ >= text_.size()) return false;
        fields.clear();
        starts.clear();
        while (true) {
            starts.push_back(here());
            fields.push_back(peek() == '"' ? quoted() : plain());
            if (offset_ >= text_.size()) return true;
            if (at_newline()) {
                skip_newline();
                return true;
            }
            ++offset_;  // the comma
        }
    }

private:
    char peek() const { return offset_ < text_.size() ? text_[offset_] : '\0'; }

    bool at_newline() const {
        return peek() == '\n' || (peek() == '\r' && offset_ + 1 < text_.size() && text_[offset_ + 1] == '\n');
    }

    void skip_newline() {
        offset_ += peek() == '\r' ? 2 : 1;
        ++line_;
        line_start_ = offset_;
    }

    std::string plain() {
        const std::size_t start = offset_;
        while (offset_ < text_.size() && peek() != ',' && !at_newline()) ++offset_;
        return std::string(text_.substr(start, offset_ - start));
    }

    std::string quoted() {
        const json::Position open = here();
        ++offset_;
        std::string out;
        while (true) {
            if (offset_ >= text_.size()) fail(diags_, open, "unterminated quoted field: expected a closing `\"`");
            const char c = text_[offset_++];
            if (c == '"') {
                if (peek() != '"') break;
                ++offset_;  // "" is a quote
            } else if (c == '\n') {
                ++line_;
                line_start_ = offset_;
            }
            out += c;
        }
        if (offset_ < text_.size() && peek() != ',' && !at_newline()) {
            fail(diags_, here(),
                 "unexpected character after a closing quote: expected `,` or the end of the line (inside quotes, "
                 "write `\"\"` for a quote)");
        }
        return out;
    }

    std::string_view text_;
    Diagnostics& diags_;
    std::size_t offset_ = 0;
    std::size_t line_start_ = 0;
    int line_ = 1;
};

}  // namespace

FeederData load_csv(const std::string& path) {
    const MappedFile file(path);
    Diagnostics diags(path);
    CsvReader reader(file.text(), diags);
    FeederData data;
    std::vector<json::Position> starts;
    if (!reader.next(data.columns, starts)) fail(diags, {}, "empty file: expected a header line of column names");
    for (std::size_t i = 0; i < data.columns.size(); ++i) {
        const auto& name = data.columns[i];
        if (name.empty()) diags.error(starts[i], "", "column " + std::to_string(i + 1) + " of the header has no name");
        for (std::size_t j = 0; j < i; ++j) {
            if (!name.empty() && data.columns[j] == name) {
                diags.error(starts[i], "",
                            "duplicate column `" + name + "` in the header (columns " + std::to_string(j + 1) +
                                " and " + std::to_string(i + 1) + ")");
                break;
            }
        }
    }
    if (!diags.empty()) throw InputError(diags.list());

    std::vector<std::string> fields;
    while (diags.list().size() < max_errors && reader.next(fields, starts)) {
        if (fields.size() != data.columns.size()) {
            diags.error(starts[0], "",
                        "the record on line " + std::to_string(starts[0].line) + " has " +
                            std::to_string(fields.size()) + (fields.size() == 1 ? " field" : " fields") +
                            " but the header has " + std::to_string(data.columns.size()) + " columns");
            continue;
        }
        data.add_row(fields);
    }
    if (!diags.empty()) throw InputError(diags.list());
    if (data.empty()) fail(diags, reader.here(), "no data rows: expected at least one record after the header");
    data.shrink_to_fit();
    return data;
}

FeederData load_jsonl(const std::string& path) {
    const MappedFile file(path);
    const std::string_view text = file.text();
    Diagnostics diags(path);
    RowBuilder builder;
    std::size_t start = 0;
    for (int line = 1; start < text.size() && diags.list().size() < max_errors; ++line) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        std::string_view content(text.data() + start, end - start);
        const std::size_t offset = start;
        start = end + 1;
        if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
        const auto first = content.find_first_not_of(" \t");
        if (first == std::string_view::npos || content.substr(first, 2) == "//") continue;
        try {
            const json::Value value = json::parse(content);
            if (!value.is_object()) {
                const auto& at = value.position();
                diags.error({line, at.column, offset + at.offset}, "",
                            "expected a JSON object on each line, got " + a_kind(value));
                continue;
            }
            builder.add(value);
        } catch (const json::ParseError& e) {
            const auto& at = e.position();
            diags.error({line, at.column, offset + at.offset}, "", e.what());
        }
    }
    if (!diags.empty()) throw InputError(diags.list());
    if (builder.empty()) fail(diags, {}, "no rows: expected one JSON object per line");
    return builder.finish();
}

FeederData feeder_from_json(const json::Value& array, Diagnostics& diags) {
    if (!array.is_array()) {
        diags.error(array, "expected an array of objects or of scalars, got " + a_kind(array));
        return {};
    }
    if (array.items().empty()) {
        diags.error(array, "empty feeder: expected at least one row");
        return {};
    }
    const bool objects = array.items()[0].is_object();
    RowBuilder builder;
    FeederData scalars;
    scalars.columns.emplace_back();
    for (const auto& item : array.items()) {
        if (objects && item.is_object()) {
            builder.add(item);
        } else if (!objects && !item.is_object() && !item.is_array()) {
            const std::string cell = cell_text(item);
            scalars.add_row({&cell, 1});
        } else {
            diags.error(item, objects ? "expected an object like the first element, got " + a_kind(item)
                                      : "expected a scalar (string, number, boolean or null) like the first "
                                        "element, or an object per row, got " +
                                            a_kind(item));
        }
    }
    if (objects) return builder.finish();
    scalars.shrink_to_fit();
    return scalars;
}

FeederCursor::FeederCursor(std::shared_ptr<const FeederSpec> spec, int part, int parts)
    : spec_(std::move(spec)), part_(static_cast<std::uint64_t>(part)), parts_(static_cast<std::uint64_t>(parts)) {
    if (!spec_ || !spec_->data) throw std::invalid_argument("feeder cursor without data");
    if (parts < 1 || part < 0 || part >= parts) {
        throw std::invalid_argument("feeder cursor for part " + std::to_string(part) + " of " + std::to_string(parts));
    }
}

std::optional<FeederData::Row> FeederCursor::next(Rng& rng) {
    const FeederData& rows = *spec_->data;
    if (rows.empty()) return std::nullopt;
    if (spec_->order == FeederSpec::Order::random) return rows.row(uniform_below(rng, rows.size()));
    const std::uint64_t k = draws_.fetch_add(1, std::memory_order_relaxed);
    const std::uint64_t n = rows.size();
    if (spec_->on_exhausted == FeederSpec::OnExhausted::stop) {
        // Once past the end, every later draw is too (k only grows).
        if (k >= n || k * parts_ + part_ >= n) return std::nullopt;
        return rows.row(k * parts_ + part_);
    }
    // (k * parts + part) mod n without overflow, however long the run.
    return rows.row(((k % n) * (parts_ % n) + part_) % n);
}

}  // namespace throng::core
