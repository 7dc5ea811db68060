#pragma once
// Helpers for tests of the scenario parser: parse text with the HTTP step
// parser, get the formatted errors of a rejected scenario, look inside steps.
#include <catch2/catch.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "harness/core/diagnostics.hpp"
#include "harness/core/plan.hpp"
#include "scenarios/scenario_parser.hpp"
#include "targets/drivers/http/http_step.hpp"
#include "targets/protocols.hpp"

namespace throng::test {

inline const core::StepParser* const* http_parsers() {
    static const targets::http::HttpStepParser http;
    static const core::StepParser* const parsers[] = {&http};
    return parsers;
}
inline std::span<const core::StepParser* const> http_only() { return {http_parsers(), 1}; }

// Every protocol throng speaks, as the CLI hands them to the parser.
inline std::span<const core::StepParser* const> all_protocols() { return targets::step_parsers(); }

// No environment variables at all, so tests do not depend on the machine.
inline core::EnvLookup no_env() {
    return [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
}

inline core::Plan parse_plan(const std::string& text, const std::string& file = "scenarios/test.json",
                             std::vector<std::string> sets = {}) {
    return scenarios::parse_scenario(text, file, http_only(), {no_env(), std::move(sets)});
}

// All diagnostics, formatted; fails if the scenario is accepted.
inline std::string errors_of(const std::string& text, std::vector<std::string> sets = {},
                             std::span<const core::StepParser* const> parsers = http_only()) {
    try {
        scenarios::parse_scenario(text, "s.json", parsers, {no_env(), std::move(sets)});
    } catch (const core::InputError& e) {
        return e.what();
    }
    FAIL("expected the scenario to be rejected:\n" << text);
    return {};
}

inline const targets::http::HttpStepSpec& http_of(const core::Step& step) {
    const auto* spec = dynamic_cast<const targets::http::HttpStepSpec*>(step.spec.get());
    REQUIRE(spec != nullptr);
    return *spec;
}

// The steps of the only flow of the only scenario.
inline const std::vector<core::Step>& steps_of(const core::Plan& plan) {
    REQUIRE(plan.scenarios.size() == 1);
    REQUIRE(plan.scenarios[0].flows.size() == 1);
    return plan.scenarios[0].flows[0].steps;
}

// A valid single-scenario file whose "steps" are `steps` (a JSON array), plus `members`.
inline std::string with_steps(const std::string& steps, const std::string& members = "") {
    return R"({"target": "http://localhost:8080", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
"steps": )" +
           steps + (members.empty() ? "" : ",\n" + members) + "}";
}

}  // namespace throng::test
