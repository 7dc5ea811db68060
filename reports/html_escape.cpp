#include "reports/html_escape.hpp"

namespace throng::reports {

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        case '\t':
        case '\n': out += c; break;
        default:
            if ((static_cast<unsigned char>(c) < 0x20) || c == 0x7f) {
                out += "\xEF\xBF\xBD";  // U+FFFD
            } else {
                out += c;
            }
        }
    }
    return out;
}

}  // namespace throng::reports
