#include "reports/text_escape.hpp"

#include <cctype>

namespace throng::reports {

namespace {

constexpr char32_t replacement_character = 0xFFFD;

// The code point starting at text[at]; `at` moves past it. A byte that does
// not start a valid sequence (truncated, overlong, a surrogate, beyond
// U+10FFFF) reads as U+FFFD and only that byte is consumed, so the next one
// gets its own chance.
char32_t next_code_point(std::string_view text, std::size_t& at) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) {
        ++at;
        return lead;
    }
    std::size_t length = 0;
    char32_t code = 0;
    char32_t smallest = 0;  // below it, the sequence is overlong
    if ((lead & 0xE0) == 0xC0) {
        length = 2, code = lead & 0x1F, smallest = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, code = lead & 0x0F, smallest = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, code = lead & 0x07, smallest = 0x10000;
    }
    bool valid = length > 0 && at + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
        valid = (byte(at + k) & 0xC0) == 0x80;
        code = (code << 6) | (byte(at + k) & 0x3F);
    }
    valid = valid && code >= smallest && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF);
    at += valid ? length : 1;
    return valid ? code : replacement_character;
}

void append_utf8(std::string& out, char32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// XML 1.0's Char production.
bool allowed_in_xml(char32_t code) {
    return code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF) ||
           (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF);
}

bool is_control(char32_t code) { return code < 0x20 || code == 0x7F || (code >= 0x80 && code <= 0x9F); }

std::string xml_escaped(std::string_view text, bool attribute) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const char32_t code = next_code_point(text, at);
        if (!allowed_in_xml(code)) continue;
        switch (code) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\t': out += attribute ? "&#9;" : "\t"; break;
        case '\n': out += attribute ? "&#10;" : "\n"; break;
        case '\r': out += "&#13;"; break;  // a parser would fold a raw one into a newline
        default: append_utf8(out, code);
        }
    }
    return out;
}

bool ascii_equal_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

}  // namespace

std::string xml_text(std::string_view text) { return xml_escaped(text, false); }

std::string xml_attribute(std::string_view text) { return xml_escaped(text, true); }

std::string markdown_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t start = at;
        const char32_t code = next_code_point(text, at);
        switch (code) {
        case '&': out += "&amp;"; continue;
        case '<': out += "&lt;"; continue;
        case '>': out += "&gt;"; continue;
        case '\t':
        case '\n':
        case '\r': out += ' '; continue;
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
        case '|':
        case '~':
        case '$':
        case '#': out += '\\'; break;
        // GitHub links "scheme://..." and "www...." by itself; an escaped
        // ':' or '.' keeps them plain text.
        case ':':
            if (text.substr(at, 2) == "//") out += '\\';
            break;
        case '.':
            if (start >= 3 && ascii_equal_ignoring_case(text.substr(start - 3, 3), "www")) out += '\\';
            break;
        default:
            if (is_control(code)) continue;
        }
        append_utf8(out, code);
    }
    return out;
}

}  // namespace throng::reports
