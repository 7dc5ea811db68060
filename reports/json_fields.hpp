#pragma once
// Reading a result's fields for the reports without throwing: a version-1
// result, an interrupted run or a hand-edited file may lack any of them, and a
// report should still show what is there.
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace throng::reports {

// The member `key` of `object`, or null when `object` is not an object or lacks it.
inline const nlohmann::json& field(const nlohmann::json& object, const char* key) {
    static const nlohmann::json missing;
    if (!object.is_object()) return missing;
    const auto it = object.find(key);
    return it == object.end() ? missing : *it;
}

inline std::string text(const nlohmann::json& object, const char* key, std::string fallback = "") {
    const auto& v = field(object, key);
    return v.is_string() ? v.get<std::string>() : std::move(fallback);
}

inline double number(const nlohmann::json& object, const char* key, double fallback = 0) {
    const auto& v = field(object, key);
    return v.is_number() ? v.get<double>() : fallback;
}

inline bool has_number(const nlohmann::json& object, const char* key) { return field(object, key).is_number(); }

inline bool flag(const nlohmann::json& object, const char* key) {
    const auto& v = field(object, key);
    return v.is_boolean() && v.get<bool>();
}

// An array member as a range; empty when absent or not an array.
inline const nlohmann::json& list(const nlohmann::json& object, const char* key) {
    static const nlohmann::json empty = nlohmann::json::array();
    const auto& v = field(object, key);
    return v.is_array() ? v : empty;
}

// Any scalar as text (a tag value or a count may be either).
inline std::string scalar_text(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return "";
    return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace throng::reports
