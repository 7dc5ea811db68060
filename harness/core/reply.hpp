#pragma once
// What a step's response offers to extractions and checks, whatever the protocol:
// a status (HTTP's code), headers, a body (SQL rows as a JSON array of objects,
// a Redis reply as JSON) and the facets its protocol declares (reply_facet.hpp:
// SQL's row count, Redis's reply type). Drivers fill only what the step reads.
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
    bool body_truncated = false;                               // the body was longer than the driver keeps
    // name -> value ("row_count" -> "3"); a facet the reply lacks is absent.
    // Names are the protocol's ReplyFacet::name, which outlives every reply.
    std::vector<std::pair<std::string_view, std::string>> facets;

    // The first header with this name, compared case-insensitively (ASCII), or nullptr.
    const std::string* header(std::string_view name) const {
        for (const auto& [key, value] : headers)
            if (iequals_ascii(key, name)) return &value;
        return nullptr;
    }

    void set_facet(std::string_view name, std::string value) {
        for (auto& [key, old] : facets) {
            if (key == name) {
                old = std::move(value);
                return;
            }
        }
        facets.emplace_back(name, std::move(value));
    }
    const std::string* facet(std::string_view name) const {
        for (const auto& [key, value] : facets)
            if (key == name) return &value;
        return nullptr;
    }

    // Empties everything, keeping capacity: one Reply is reused for every request of a VU.
    void clear() {
        status = 0;
        body.clear();
        headers.clear();
        body_truncated = false;
        facets.clear();
    }
};

}  // namespace throng::core
