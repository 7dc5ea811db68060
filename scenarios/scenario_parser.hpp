#pragma once
// Turns a scenario file (JSON with comments) into a core::Plan. Every problem
// found is reported at once, each with file:line:column and what was expected.
// The protocol part of each step is read by the StepParser whose key() names
// it, so this layer knows no protocol.
#include <span>
#include <string>
#include <string_view>

#include "harness/core/diagnostics.hpp"
#include "harness/core/plan.hpp"
#include "harness/core/step_spec.hpp"

namespace throng::scenarios {

// Throws core::InputError with all diagnostics (a JSON syntax error is a
// single diagnostic). `file_name` is used in messages and, by its stem, as the
// default scenario name.
core::Plan parse_scenario(std::string_view text, const std::string& file_name,
                          std::span<const core::StepParser* const> parsers);

// Reads and parses a file; an unreadable file is a core::InputError at 1:1.
core::Plan load_scenario(const std::string& path, std::span<const core::StepParser* const> parsers);

}  // namespace throng::scenarios
