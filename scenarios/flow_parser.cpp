#include "scenarios/flow_parser.hpp"

#include <cmath>
#include <map>
#include <optional>
#include <string>

#include "scenarios/names.hpp"
#include "scenarios/reader_helpers.hpp"
#include "scenarios/tags_parser.hpp"
#include "scenarios/think_time_parser.hpp"

namespace throng::scenarios {

namespace {

using core::json::Value;

std::optional<core::Flow> read_flow(const Value& node, std::size_t index, StepTreeReader& steps, bool closed_model,
                                    core::Diagnostics& diags) {
    core::ObjectReader reader(node, diags, "flow");
    if (!reader.valid()) return std::nullopt;
    core::Flow flow;
    flow.name = non_empty_string(reader, "name").value_or("flow-" + std::to_string(index + 1));
    if (auto weight = reader.number("weight")) {
        if (*weight > 0 && std::isfinite(*weight)) {
            flow.weight = *weight;
        } else {
            diags.error(*reader.get("weight"),
                        "`weight` in flow must be a number greater than 0, got " + reader.get("weight")->dump());
        }
    }
    if (const Value* tags = reader.get("tags")) flow.tags = parse_tags(*tags, "flow", diags);
    if (const Value* think = reader.get("think_time")) {
        ThinkTimes times = parse_think_times(*think, diags);
        flow.between_steps = times.between_steps;
        flow.between_iterations = times.between_iterations;
    }
    flow.pacing = read_pacing(reader, closed_model);
    if (const Value* list = reader.require("steps")) flow.steps = steps.read_steps(*list, "steps", "flow");
    reader.finish();
    return flow;
}

}  // namespace

std::chrono::nanoseconds read_pacing(core::ObjectReader& owner, bool closed_model) {
    const auto pacing = positive_duration(owner, "pacing");
    if (!pacing) return {};
    if (!closed_model) {
        owner.diagnostics().error(*owner.get("pacing"),
                                  "`pacing` in " + owner.what() +
                                      " needs a closed-model executor (constant-vus or "
                                      "ramping-vus): an arrival-rate executor sets the pace itself");
        return {};
    }
    return *pacing;
}

std::vector<core::Flow> parse_flows(core::ObjectReader& scenario, StepTreeReader& steps, bool closed_model) {
    auto& diags = scenario.diagnostics();
    std::vector<core::Flow> out;
    const Value* flows = scenario.get("flows");
    const Value* shorthand = scenario.get("steps");
    if (flows != nullptr && shorthand != nullptr) {
        scenario.reject("steps", "use either `flows` or `steps` in " + scenario.what() + ", not both");
    } else if (flows == nullptr && shorthand == nullptr && scenario.valid()) {
        diags.error(scenario.value(), "missing required key `steps` or `flows` in " + scenario.what());
    }
    if (shorthand != nullptr && flows == nullptr) {
        core::Flow flow;
        flow.name = "default";
        flow.steps = steps.read_steps(*shorthand, "steps", scenario.what());
        out.push_back(std::move(flow));
    }
    if (flows == nullptr) return out;
    if (!flows->is_array() || flows->items().empty()) {
        const std::string got = flows->is_array() ? "an empty array" : std::string(flows->kind_name());
        diags.error(*flows, "`flows` in " + scenario.what() + " must be a non-empty array of flows, got " + got);
        return out;
    }
    std::map<std::string, core::json::Position> names;
    for (std::size_t i = 0; i < flows->items().size(); ++i) {
        const Value& item = flows->items()[i];
        auto flow = read_flow(item, i, steps, closed_model, diags);
        if (!flow) continue;
        const auto [first, inserted] = names.emplace(flow->name, item.position());
        if (!inserted) {
            const Value* name = item.find("name");
            diags.error(name != nullptr ? *name : item,
                        "duplicate flow name " + in_backticks(flow->name) + first_at(first->second));
        }
        out.push_back(std::move(*flow));
    }
    return out;
}

}  // namespace throng::scenarios
