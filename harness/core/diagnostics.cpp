#include "harness/core/diagnostics.hpp"

#include <algorithm>

namespace throng::core {

namespace {

// Source order; equal positions keep the order they were found in.
std::vector<Diagnostic> in_source_order(std::vector<Diagnostic> list) {
    std::stable_sort(list.begin(), list.end(), [](const Diagnostic& a, const Diagnostic& b) {
        if (a.position.line != b.position.line) return a.position.line < b.position.line;
        return a.position.column < b.position.column;
    });
    return list;
}

std::string format_lines(const std::vector<Diagnostic>& list) {
    std::string out;
    for (const auto& d : list) {
        if (!out.empty()) out += '\n';
        out += d.format();
    }
    return out;
}

}  // namespace

std::string Diagnostic::format() const {
    std::string out;
    if (!file.empty()) out += file + ":";
    out += std::to_string(position.line) + ":" + std::to_string(position.column) + ": error: " + message;
    if (!pointer.empty()) out += " (at " + pointer + ")";
    return out;
}

void Diagnostics::error(const json::Value& at, std::string message) {
    error(at.position(), at.pointer(), std::move(message));
}

void Diagnostics::error(json::Position position, std::string pointer, std::string message) {
    list_.push_back(Diagnostic{file_, position, std::move(pointer), std::move(message)});
}

std::string Diagnostics::format() const { return format_lines(in_source_order(list_)); }

InputError::InputError(std::vector<Diagnostic> list)
    : list_(in_source_order(std::move(list))), text_(format_lines(list_)) {}

}  // namespace throng::core
