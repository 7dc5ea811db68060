#pragma once
// Turns a scenario file (JSON with comments) into a core::Plan. Every problem
// found is reported at once, each with file:line:column, the JSON pointer and
// what was expected. The protocol part of each request step is read by the
// StepParser whose key() names it, so this layer knows no protocol.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/diagnostics.hpp"
#include "harness/core/plan.hpp"
#include "harness/core/step_spec.hpp"
#include "harness/core/template.hpp"

namespace throng::scenarios {

struct ScenarioOptions {
    core::EnvLookup env;            // resolves ${env.X}; empty: std::getenv
    std::vector<std::string> sets;  // --set PATH=VALUE, applied to the document before it is read
};

// Throws core::InputError with all diagnostics (a JSON syntax error, or
// malformed --set arguments, stop before the rest is read). `file_name` is
// used in messages, by its stem as the default plan name, and by its
// directory to find feeder files given with relative paths.
core::Plan parse_scenario(std::string_view text, const std::string& file_name,
                          std::span<const core::StepParser* const> parsers, const ScenarioOptions& options = {});

// Reads and parses a file; an unreadable file is a core::InputError at 1:1.
core::Plan load_scenario(const std::string& path, std::span<const core::StepParser* const> parsers,
                         const ScenarioOptions& options = {});

}  // namespace throng::scenarios
