#include "targets/drivers/http/form_encoding.hpp"

#include <algorithm>

namespace throng::targets::http {

namespace {

bool kept(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '*' || c == '-' ||
           c == '.' || c == '_';
}

}  // namespace

void append_form_encoded(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (const char c : text) {
        if (kept(c)) {
            out += c;
        } else if (c == ' ') {
            out += '+';
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0xF];
        }
    }
}

void form_encode_tail(std::string& out, std::size_t from) {
    const auto tail = out.begin() + static_cast<std::ptrdiff_t>(from);
    if (std::all_of(tail, out.end(), kept)) return;  // the usual value: nothing to copy
    const std::string raw = out.substr(from);
    out.resize(from);
    append_form_encoded(out, raw);
}

}  // namespace throng::targets::http
