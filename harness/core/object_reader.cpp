#include "harness/core/object_reader.hpp"

#include <unordered_map>

#include <algorithm>
#include <cmath>
#include <limits>

#include "harness/core/units.hpp"

namespace throng::core {

namespace {

std::string quoted(std::string_view word) { return "`" + shortened(word) + "`"; }

// "`a`, `b` or `c`"
std::string one_of(const std::vector<std::string_view>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
        out += quoted(words[i]);
    }
    return out;
}

std::string integer_range(std::int64_t min, std::int64_t max) {
    constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
    constexpr auto highest = std::numeric_limits<std::int64_t>::max();
    if (min == lowest && max == highest) return "an integer";
    if (max == highest) return "an integer >= " + std::to_string(min);
    if (min == lowest) return "an integer <= " + std::to_string(max);
    return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::string describe_value(const json::Value& v) {
    if (v.is_number() || v.is_string()) return shortened(v.dump());
    return std::string(v.kind_name());
}

std::optional<std::chrono::nanoseconds> duration_of(const json::Value& v) {
    if (v.is_string()) return parse_duration(v.as_string());
    if (!v.is_number()) return std::nullopt;
    // Seconds; the upper bound keeps the nanosecond count within int64.
    const double seconds = v.as_number();
    if (!(seconds >= 0 && seconds < 9.2e9)) return std::nullopt;
    return std::chrono::nanoseconds(static_cast<std::int64_t>(std::llround(seconds * 1e9)));
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates) {
    // Nobody mistypes a 200-character name: longer words get no suggestion,
    // which keeps the quadratic edit distance to at most 128 x 128 cells.
    constexpr std::size_t longest_word = 128;
    if (word.size() > longest_word) return std::nullopt;
    const std::size_t threshold = std::max<std::size_t>(1, word.size() / 3);
    const std::string* best = nullptr;
    std::size_t best_distance = threshold + 1;
    for (const auto& candidate : candidates) {
        // Lengths alone bound the distance from below: a 55,000-character
        // key is compared with no short candidate, so the search stays linear.
        const std::size_t length_gap =
            word.size() > candidate.size() ? word.size() - candidate.size() : candidate.size() - word.size();
        if (length_gap >= best_distance) continue;
        const std::size_t distance = edit_distance(word, candidate);
        if (distance < best_distance) {
            best = &candidate;
            best_distance = distance;
        }
    }
    if (best == nullptr) return std::nullopt;
    return *best;
}

ObjectReader::ObjectReader(const json::Value& object, Diagnostics& diags, std::string what)
    : source_(&object), object_(object.is_object() ? &object : nullptr), diags_(diags), what_(std::move(what)) {
    if (object_ == nullptr) diags_.error(object, what_ + " must be an object, got " + describe_value(object));
}

const json::Value* ObjectReader::get(std::string_view key) {
    allow(key);
    return object_ != nullptr ? object_->find(key) : nullptr;
}

const json::Value* ObjectReader::require(std::string_view key) {
    const json::Value* v = get(key);
    if (v == nullptr && object_ != nullptr) {
        diags_.error(*object_, "missing required key " + quoted(key) + " in " + what_);
    }
    return v;
}

void ObjectReader::allow(std::string_view key) {
    if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
}

void ObjectReader::reject(std::string_view key, const std::string& message) {
    allow(key);
    if (object_ == nullptr) return;
    for (const auto& member : object_->members()) {
        if (member.key == key) diags_.error(member.key_position, member.value.pointer(), message);
    }
}

std::optional<std::string> ObjectReader::string(std::string_view key, bool required) {
    const json::Value* v = required ? require(key) : get(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string()) {
        diags_.error(*v, quoted(key) + " in " + what_ + " must be a string, got " + std::string(v->kind_name()));
        return std::nullopt;
    }
    return v->as_string();
}

std::optional<bool> ObjectReader::boolean(std::string_view key, bool required) {
    const json::Value* v = required ? require(key) : get(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_bool()) {
        diags_.error(*v, quoted(key) + " in " + what_ + " must be true or false, got " + describe_value(*v));
        return std::nullopt;
    }
    return v->as_bool();
}

std::optional<double> ObjectReader::number(std::string_view key, bool required) {
    const json::Value* v = required ? require(key) : get(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_number()) {
        diags_.error(*v, quoted(key) + " in " + what_ + " must be a number, got " + describe_value(*v));
        return std::nullopt;
    }
    return v->as_number();
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, std::int64_t min, std::int64_t max,
                                                  bool required) {
    const json::Value* v = required ? require(key) : get(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_integer() || v->as_integer() < min || v->as_integer() > max) {
        diags_.error(*v, quoted(key) + " in " + what_ + " must be " + integer_range(min, max) + ", got " +
                             (v->is_number() ? v->dump() : std::string(v->kind_name())));
        return std::nullopt;
    }
    return v->as_integer();
}

std::optional<std::chrono::nanoseconds> ObjectReader::duration(std::string_view key, bool required) {
    const json::Value* v = required ? require(key) : get(key);
    if (v == nullptr) return std::nullopt;
    if (auto d = duration_of(*v)) return d;
    diags_.error(*v, quoted(key) + " in " + what_ +
                         " must be a duration like \"250ms\", \"30s\" or \"1m30s\", or a number of seconds, got " +
                         describe_value(*v));
    return std::nullopt;
}

std::optional<std::uint64_t> ObjectReader::size(std::string_view key, std::uint64_t most) {
    const json::Value* at = get(key);
    if (at == nullptr) return std::nullopt;
    std::optional<std::uint64_t> bytes;
    if (at->is_string())
        bytes = parse_size(at->as_string());
    else if (at->is_integer() && at->as_integer() >= 0)
        bytes = static_cast<std::uint64_t>(at->as_integer());
    if (!bytes || *bytes == 0 || *bytes > most) {
        diags_.error(*at, "`" + std::string(key) + "` in " + what_ +
                              " must be a size like \"64KiB\" or \"16MiB\", or a number of bytes greater than 0" +
                              (most < std::numeric_limits<std::uint64_t>::max()
                                   ? " and at most " + std::to_string(most >> 20) + " MiB"
                                   : std::string()) +
                              ", got " + describe_value(*at));
        return std::nullopt;
    }
    return bytes;
}

std::optional<std::string> ObjectReader::choice(std::string_view key, const std::vector<std::string_view>& allowed,
                                                bool required) {
    const json::Value* v = required ? require(key) : get(key);
    if (v == nullptr) return std::nullopt;
    if (v->is_string() && std::find(allowed.begin(), allowed.end(), v->as_string()) != allowed.end()) {
        return v->as_string();
    }
    std::string message = quoted(key) + " in " + what_ + " must be " + one_of(allowed) + ", got " + describe_value(*v);
    if (v->is_string()) {
        const auto suggestion = closest_match(v->as_string(), std::vector<std::string>(allowed.begin(), allowed.end()));
        if (suggestion) message += "; did you mean " + quoted(*suggestion) + "?";
    }
    diags_.error(*v, std::move(message));
    return std::nullopt;
}

void ObjectReader::finish() {
    if (object_ == nullptr) return;
    const auto& members = object_->members();
    // A set, not a scan of the earlier keys: objects with very many keys stay linear.
    std::unordered_map<std::string_view, const json::Value::Member*> seen;
    seen.reserve(members.size());
    for (std::size_t i = 0; i < members.size(); ++i) {
        const auto& member = members[i];
        const auto [first_it, inserted] = seen.emplace(member.key, &member);
        if (!inserted) {
            const auto* first = first_it->second;
            diags_.error(member.key_position, member.value.pointer(),
                         "duplicate key " + quoted(member.key) + " in " + what_ + " (first at line " +
                             std::to_string(first->key_position.line) + ", column " +
                             std::to_string(first->key_position.column) + ")");
            continue;
        }
        const bool always_allowed = member.key.starts_with('$') || member.key.starts_with("//");
        if (always_allowed || std::find(known_.begin(), known_.end(), member.key) != known_.end()) continue;
        std::string message = "unknown key " + quoted(member.key) + " in " + what_;
        if (auto suggestion = closest_match(member.key, known_)) {
            message += "; did you mean " + quoted(*suggestion) + "?";
        } else if (!known_.empty()) {
            message += "; expected " + one_of(std::vector<std::string_view>(known_.begin(), known_.end()));
        }
        diags_.error(member.key_position, member.value.pointer(), std::move(message));
    }
}

}  // namespace throng::core
