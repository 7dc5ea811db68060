#pragma once
// What a step's response offers to extractions and checks, whatever the protocol:
// HTTP gives its status code, headers and body; SQL its rows as a JSON array of
// objects and their count; Redis its reply as JSON and the reply's type.
// Drivers fill only what the step reads.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/core/ascii.hpp"

namespace throng::core {

struct Reply {
    int status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
    bool body_truncated = false;  // the body was longer than the driver keeps
    std::int64_t rows = -1;       // SQL: rows returned (or affected); -1: not a row count
    std::string type;             // Redis: the reply's type ("string", "integer", "array", "nil", ...)

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
        rows = -1;
        type.clear();
    }
};

}  // namespace throng::core
