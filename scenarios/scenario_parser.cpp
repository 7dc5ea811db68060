#include "scenarios/scenario_parser.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "harness/core/object_reader.hpp"
#include "scenarios/executor_parser.hpp"
#include "scenarios/flow_parser.hpp"
#include "scenarios/target_parser.hpp"
#include "scenarios/think_time_parser.hpp"
#include "scenarios/threshold_parser.hpp"

namespace throng::scenarios {

namespace {

void read_name(core::ObjectReader& scenario, const std::string& file_name, core::Plan& plan) {
    const std::string stem = std::filesystem::path(file_name).stem().string();
    if (!stem.empty()) plan.name = stem;
    if (auto name = scenario.string("name")) {
        if (name->empty()) {
            scenario.diagnostics().error(*scenario.get("name"), "`name` in scenario must not be empty");
        } else {
            plan.name = *name;
        }
    }
}

void read_scenario(core::ObjectReader& scenario, const std::string& file_name,
                   std::span<const core::StepParser* const> parsers, core::Plan& plan) {
    auto& diags = scenario.diagnostics();
    read_name(scenario, file_name, plan);
    if (auto description = scenario.string("description")) plan.description = *description;
    if (const auto* target = scenario.require("target")) plan.target = parse_target(*target, diags);
    if (const auto* executor = scenario.require("executor")) plan.executor = parse_executor(*executor, diags);
    if (const auto* think_time = scenario.get("think_time")) {
        const ThinkTimes think = parse_think_times(*think_time, diags);
        plan.between_steps = think.between_steps;
        plan.between_iterations = think.between_iterations;
    }
    ParsedFlows flows = parse_flows(scenario, parsers);
    plan.flows = std::move(flows.flows);
    // After the flows: keys may name steps.
    if (const auto* thresholds = scenario.get("thresholds")) {
        plan.thresholds = parse_thresholds(*thresholds, flows.step_names, diags);
    }
    scenario.finish();
}

}  // namespace

core::Plan parse_scenario(std::string_view text, const std::string& file_name,
                          std::span<const core::StepParser* const> parsers) {
    core::Diagnostics diags(file_name);
    core::json::Value document;
    try {
        document = core::json::parse(text);
    } catch (const core::json::ParseError& e) {
        diags.error(e.position(), "", e.what());
        throw core::InputError(diags.list());
    }
    core::Plan plan;
    plan.source_file = file_name;
    core::ObjectReader scenario(document, diags, "scenario");
    if (scenario.valid()) read_scenario(scenario, file_name, parsers, plan);
    if (!diags.empty()) throw core::InputError(diags.list());
    return plan;
}

core::Plan load_scenario(const std::string& path, std::span<const core::StepParser* const> parsers) {
    const auto unreadable = [&](int error) {
        core::Diagnostics diags(path);
        diags.error(core::json::Position{}, "", "cannot read scenario file: " + std::string(std::strerror(error)));
        return core::InputError(diags.list());
    };
    errno = 0;
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) throw unreadable(errno);
    std::string text;
    char buffer[64 * 1024];
    std::size_t count = 0;
    while ((count = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, count);
    // A directory opens fine on Linux and fails on the first read (EISDIR).
    if (std::ferror(file.get())) throw unreadable(errno != 0 ? errno : EIO);
    return parse_scenario(text, path, parsers);
}

}  // namespace throng::scenarios
