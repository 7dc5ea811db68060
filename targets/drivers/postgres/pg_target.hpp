#pragma once
// A PostgreSQL target as the driver uses it: the URL checked once, libpq's
// connection keywords built once, the limits that apply to its connections.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/clock.hpp"
#include "harness/core/plan.hpp"

namespace throng::targets::postgres {

// Move-only: `keywords` and `values` point into the strings it owns.
struct TargetSettings {
    TargetSettings() = default;
    TargetSettings(TargetSettings&&) = default;
    TargetSettings& operator=(TargetSettings&&) = default;
    TargetSettings(const TargetSettings&) = delete;
    TargetSettings& operator=(const TargetSettings&) = delete;

    std::size_t index = 0;  // among the driver's targets: picks a session's connection
    std::string url;        // postgresql://... as written, handed to libpq
    std::string shown_url;  // the same with its password hidden, for messages
    core::Nanos connect_timeout = 0;
    int pool = 0;  // connections per worker thread; 0: one per VU
    std::size_t max_body = 0;
    // For PQconnectStartParams (expand_dbname = 1): null-terminated arrays
    // pointing into the `*_texts`.
    std::vector<std::string> keyword_texts, value_texts;
    std::vector<const char*> keywords, values;
};

// Checks the URL as libpq reads it and prepares the connection keywords: our
// defaults (application name, UTF8) before the URL so that it can override
// them, the statement timeout after it (added to the URL's own `options`).
// Throws std::runtime_error, without the password, on a bad URL.
TargetSettings make_target_settings(const core::Target& target, std::size_t index);

}  // namespace throng::targets::postgres
