#pragma once
// Small typed reads that several parts of a scenario share, on top of
// core::ObjectReader.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "harness/core/object_reader.hpp"

namespace throng::scenarios {

// A duration that must be greater than 0 (timeouts, pacing, latency bounds).
std::optional<std::chrono::nanoseconds> positive_duration(core::ObjectReader& reader, std::string_view key);

// A string that must not be empty.
std::optional<std::string> non_empty_string(core::ObjectReader& reader, std::string_view key, bool required = false);

}  // namespace throng::scenarios
