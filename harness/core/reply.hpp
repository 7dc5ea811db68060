#pragma once
// What a step's response offers to extractions and checks, whatever the protocol:
// HTTP gives its status code, headers and body; (later) SQL gives an SQLSTATE-like status
// and rows as a JSON body; Redis its reply as body. Drivers fill only what the step reads.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace throng::core {

// ASCII-only on purpose: header names are tokens, and the C locale must not matter.
inline bool iequals_ascii(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

struct Reply {
    int status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
    bool body_truncated = false;  // the body was longer than the driver keeps

    // The first header with this name, compared case-insensitively (ASCII), or nullptr.
    const std::string* header(std::string_view name) const {
        for (const auto& [key, value] : headers)
            if (iequals_ascii(key, name)) return &value;
        return nullptr;
    }

    // Empties everything, keeping capacity: one Reply is reused for every request of a VU.
    void clear() {
        status = 0;
        body.clear();
        headers.clear();
        body_truncated = false;
    }
};

}  // namespace throng::core
