#include "scenarios/names.hpp"

#include <algorithm>

#include "harness/core/ascii.hpp"
#include "harness/core/object_reader.hpp"

namespace throng::scenarios {

namespace {

using core::is_digit;

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
}  // namespace

bool is_identifier(std::string_view name) {
    if (name.empty() || !(is_letter(name.front()) || name.front() == '_')) return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return is_letter(c) || is_digit(c) || c == '_'; });
}

bool is_scenario_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return is_letter(c) || is_digit(c) || c == '_' || c == '.' || c == '-';
    });
}

std::string in_backticks(std::string_view name) { return "`" + core::shortened(name) + "`"; }

std::string first_at(const core::json::Position& position) {
    return " (first at line " + std::to_string(position.line) + ", column " + std::to_string(position.column) + ")";
}

std::string suggestion(std::string_view word, const std::vector<std::string>& candidates) {
    const auto match = core::closest_match(word, candidates);
    return match ? "; did you mean " + in_backticks(*match) + "?" : "";
}

}  // namespace throng::scenarios
