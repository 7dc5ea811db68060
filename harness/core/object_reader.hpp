#pragma once
// Strict reading of a JSON object: typed getters that report wrong types and
// bad values as diagnostics, and a finish() that reports every key nobody
// asked for, with the closest known key as a suggestion.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"

namespace throng::core {

class ObjectReader {
public:
    // `what` names the object in messages ("executor", "step"). If `object` is
    // not an object, that is reported once and every getter returns nothing.
    ObjectReader(const json::Value& object, Diagnostics& diags, std::string what);

    bool valid() const { return object_ != nullptr; }
    const json::Value& value() const { return *source_; }

    // The raw member (marks the key as known), or nullptr.
    const json::Value* get(std::string_view key);
    // Like get(), but a missing key is reported.
    const json::Value* require(std::string_view key);
    // Marks a key as allowed without reading it.
    void allow(std::string_view key);
    // Marks a key as handled; if it is present, reports `message` at the key
    // (for keys that belong to another variant: "`stages` is not used by constant-vus").
    void reject(std::string_view key, const std::string& message);

    // Typed getters: nullopt when absent or wrong (wrong is reported).
    std::optional<std::string> string(std::string_view key, bool required = false);
    std::optional<bool> boolean(std::string_view key, bool required = false);
    std::optional<double> number(std::string_view key, bool required = false);
    std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max,
                                        bool required = false);
    // "250ms", "1m30s", or a number of seconds.
    std::optional<std::chrono::nanoseconds> duration(std::string_view key, bool required = false);
    // One of the given words.
    std::optional<std::string> choice(std::string_view key, const std::vector<std::string_view>& allowed,
                                      bool required = false);
    // "64KiB", "16MiB", or a number of bytes: greater than 0, at most `most`.
    std::optional<std::uint64_t> size(std::string_view key, std::uint64_t most);

    // Reports keys that were never asked for ("unknown key `thnk_time` in step;
    // did you mean `think_time`?"). Keys starting with '$' (such as "$schema")
    // and "//" comments-as-keys are always allowed.
    void finish();

    Diagnostics& diagnostics() { return diags_; }
    // The object's name in messages, as given.
    const std::string& what() const { return what_; }
    // The keys asked for or allowed so far, in that order.
    const std::vector<std::string>& known() const { return known_; }

private:
    const json::Value* source_;
    const json::Value* object_;  // nullptr when source_ is not an object
    Diagnostics& diags_;
    std::string what_;
    std::vector<std::string> known_;
};

// What a wrong value was, for "got ..." in messages: numbers and strings as
// written, other kinds by name.
std::string describe_value(const json::Value& v);

// "250ms", "1m30s", or a number of seconds (>= 0); nullopt for anything else.
std::optional<std::chrono::nanoseconds> duration_of(const json::Value& v);

// The candidate closest to `word` by edit distance, if close enough to be a
// plausible typo (distance <= max(1, size/3)).
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace throng::core
