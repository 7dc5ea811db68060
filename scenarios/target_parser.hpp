#pragma once
// The scenario's systems under load: `target` (one, named "default") and
// `targets` (several, named by their keys), each a URL string or an object
// {"url", "connect_timeout", "max_response_body", and its protocol's options}.
// Which URLs are accepted, and which other options, comes from the step
// parsers (url_forms, parse_target_options), so this layer knows no protocol.
#include <span>
#include <string_view>
#include <vector>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/object_reader.hpp"
#include "harness/core/plan.hpp"
#include "harness/core/step_spec.hpp"

namespace throng::scenarios {

// One target: its URL, the options every target has, and the rest read by
// the protocol its URL's form belongs to. In messages, `label` names the value
// ("`target` in scenario") and `what` the object ("target").
// Files a protocol's options name are relative to `base_dir`.
core::Target parse_target(const core::json::Value& node, std::span<const core::StepParser* const> parsers,
                          const std::string& label, const std::string& what, const std::filesystem::path& base_dir,
                          core::Diagnostics& diags);

// Reads `target` and `targets` of the scenario object into plan.targets;
// one of them is required.
void parse_targets(core::ObjectReader& top, std::span<const core::StepParser* const> parsers,
                   const std::filesystem::path& base_dir, core::Plan& plan);

// Every request step must reach exactly one target its protocol serves: the
// one it names, or the only one of its protocol. Reports those that do not.
void check_step_targets(const core::Plan& plan, std::span<const core::StepParser* const> parsers,
                        core::Diagnostics& diags);

}  // namespace throng::scenarios
