#pragma once
// A VU's named values (extracted from responses, fed from data files, set up
// before the load). Looked up by string_view without allocating.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace throng::core {

class Variables {
    // Hashes std::string and string_view alike, so find() needs no temporary string.
    struct TransparentHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    using Map = std::unordered_map<std::string, std::string, TransparentHash, std::equal_to<>>;

public:
    using const_iterator = Map::const_iterator;

    // nullptr when unset.
    const std::string* find(std::string_view name) const {
        const auto it = map_.find(name);
        return it == map_.end() ? nullptr : &it->second;
    }

    void set(std::string_view name, std::string value) {
        if (const auto it = map_.find(name); it != map_.end()) {
            it->second = std::move(value);  // keeps the key's allocation
        } else {
            map_.emplace(std::string(name), std::move(value));
        }
    }

    // As set(), copying `value` into the variable's existing string when
    // there is one (no allocation once it is large enough: a feeder's cell
    // each iteration).
    void assign(std::string_view name, std::string_view value) {
        if (const auto it = map_.find(name); it != map_.end()) {
            it->second.assign(value);
        } else {
            map_.emplace(std::string(name), std::string(value));
        }
    }

    void erase(std::string_view name) {
        // Heterogeneous erase is C++23; find first.
        if (const auto it = map_.find(name); it != map_.end()) map_.erase(it);
    }

    void clear() { map_.clear(); }
    std::size_t size() const { return map_.size(); }

    // (name, value) pairs, in no particular order.
    const_iterator begin() const { return map_.begin(); }
    const_iterator end() const { return map_.end(); }

private:
    Map map_;
};

}  // namespace throng::core
