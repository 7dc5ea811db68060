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

std::string shortened(std::string_view text, std::size_t keep) {
    if (text.size() <= keep) return std::string(text);
    std::size_t cut = keep;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    return std::string(text.substr(0, cut)) + "... (" + std::to_string(text.size() - cut) + " more bytes)";
}

std::string Diagnostic::format() const {
    // Messages quote what they were given; the bound here keeps any that
    // quotes a long value whole from flooding the terminal.
    constexpr std::size_t longest_message = 2000, longest_pointer = 200;
    std::string out;
    if (!file.empty()) out += file + ":";
    out += std::to_string(position.line) + ":" + std::to_string(position.column) + ": error: ";
    out += shortened(message, longest_message);
    if (!pointer.empty()) out += " (at " + shortened(pointer, longest_pointer) + ")";
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
