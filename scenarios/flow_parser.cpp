#include "scenarios/flow_parser.hpp"

#include <cmath>
#include <map>
#include <optional>

namespace throng::scenarios {

namespace {

using core::json::Value;

std::string protocol_keys(std::span<const core::StepParser* const> parsers) {
    std::string out;
    for (std::size_t i = 0; i < parsers.size(); ++i) {
        if (i > 0) out += i + 1 == parsers.size() ? " or " : ", ";
        out += "`" + std::string(parsers[i]->key()) + "`";
    }
    return out;
}

class FlowReader {
public:
    FlowReader(core::Diagnostics& diags, std::span<const core::StepParser* const> parsers)
        : diags_(diags), parsers_(parsers) {}

    // An array of steps; `owner` names it in messages ("scenario", "flow").
    std::vector<core::Step> read_steps(const Value& node, const std::string& owner) {
        std::vector<core::Step> steps;
        if (!node.is_array() || node.items().empty()) {
            const std::string got = node.is_array() ? "an empty array" : std::string(node.kind_name());
            diags_.error(node, "`steps` in " + owner + " must be a non-empty array of steps, got " + got);
            return steps;
        }
        for (const auto& item : node.items()) {
            if (auto step = read_step(item)) steps.push_back(std::move(*step));
        }
        return steps;
    }

    std::optional<core::Flow> read_flow(const Value& node, std::size_t index) {
        core::ObjectReader reader(node, diags_, "flow");
        if (!reader.valid()) return std::nullopt;
        core::Flow flow;
        flow.name = "flow-" + std::to_string(index + 1);
        if (auto name = reader.string("name")) {
            if (name->empty()) diags_.error(*reader.get("name"), "`name` in flow must not be empty");
            flow.name = *name;
        }
        if (auto weight = reader.number("weight")) {
            if (*weight > 0 && std::isfinite(*weight)) {
                flow.weight = *weight;
            } else {
                diags_.error(*reader.get("weight"),
                             "`weight` in flow must be a number greater than 0, got " + reader.get("weight")->dump());
            }
        }
        if (const Value* steps = reader.require("steps")) flow.steps = read_steps(*steps, "flow");
        reader.finish();
        return flow;
    }

    std::vector<std::string> step_names() const {
        std::vector<std::string> out;
        for (const auto& [name, position] : first_use_) out.push_back(name);
        return out;
    }

private:
    core::Diagnostics& diags_;
    std::span<const core::StepParser* const> parsers_;
    std::map<std::string, core::json::Position> first_use_;  // step name -> where it was declared

    std::optional<core::Step> read_step(const Value& node) {
        core::ObjectReader reader(node, diags_, "step");
        if (!reader.valid()) return std::nullopt;
        const Value* name_node = reader.get("name");
        const auto name = reader.string("name");
        const core::StepParser* parser = nullptr;
        const Value* part = nullptr;
        int parts = 0;
        for (const core::StepParser* candidate : parsers_) {
            if (const Value* found = reader.get(candidate->key())) {
                parser = candidate;
                part = found;
                ++parts;
            }
        }
        reader.finish();
        if (parts != 1) {
            diags_.error(node, "step needs exactly one protocol part: one of " + protocol_keys(parsers_));
        }
        const auto spec = parts == 1 ? parser->parse(*part, diags_) : nullptr;

        core::Step step;
        step.position = node.position();
        step.spec = spec;
        if (name) {
            if (name->empty()) diags_.error(*name_node, "`name` in step must not be empty");
            step.name = *name;
        } else if (spec) {
            step.name = spec->describe();
        }
        if (!step.name.empty()) check_unique(step.name, name_node != nullptr ? *name_node : node);
        if (!spec) return std::nullopt;
        return step;
    }

    void check_unique(const std::string& name, const Value& at) {
        const auto [first, inserted] = first_use_.emplace(name, at.position());
        if (inserted) return;
        diags_.error(at, "duplicate step name `" + name + "` (first at line " + std::to_string(first->second.line) +
                             ", column " + std::to_string(first->second.column) +
                             "); step names must be unique, set a distinct `name`");
    }
};

}  // namespace

ParsedFlows parse_flows(core::ObjectReader& scenario, std::span<const core::StepParser* const> parsers) {
    auto& diags = scenario.diagnostics();
    FlowReader reader(diags, parsers);
    ParsedFlows out;
    const Value* flows = scenario.get("flows");
    const Value* steps = scenario.get("steps");
    if (flows != nullptr && steps != nullptr) {
        scenario.reject("steps", "use either `flows` or `steps` in scenario, not both");
    } else if (flows == nullptr && steps == nullptr && scenario.valid()) {
        diags.error(scenario.value(), "missing required key `steps` or `flows` in scenario");
    }
    if (steps != nullptr) {
        core::Flow flow;
        flow.name = "default";
        flow.steps = reader.read_steps(*steps, "scenario");
        out.flows.push_back(std::move(flow));
    }
    if (flows != nullptr) {
        if (!flows->is_array() || flows->items().empty()) {
            const std::string got = flows->is_array() ? "an empty array" : std::string(flows->kind_name());
            diags.error(*flows, "`flows` in scenario must be a non-empty array of flows, got " + got);
        } else {
            std::map<std::string, core::json::Position> flow_names;
            for (std::size_t i = 0; i < flows->items().size(); ++i) {
                const Value& item = flows->items()[i];
                auto flow = reader.read_flow(item, i);
                if (!flow) continue;
                if (!flow_names.emplace(flow->name, item.position()).second) {
                    const Value* name = item.find("name");
                    diags.error(name != nullptr ? *name : item, "duplicate flow name `" + flow->name + "`");
                }
                out.flows.push_back(std::move(*flow));
            }
        }
    }
    out.step_names = reader.step_names();
    return out;
}

}  // namespace throng::scenarios
