#include "scenarios/scenario_list_parser.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "scenarios/executor_parser.hpp"
#include "scenarios/flow_parser.hpp"
#include "scenarios/names.hpp"
#include "scenarios/start_after.hpp"
#include "scenarios/tags_parser.hpp"
#include "scenarios/think_time_parser.hpp"
#include "scenarios/warmup_parser.hpp"

namespace throng::scenarios {

namespace {

using core::ObjectReader;
using core::json::Value;

// What a scenario object holds, and what the top level holds in the shorthand.
constexpr std::string_view scenario_keys[] = {"executor", "think_time", "pacing", "tags", "flows", "steps"};

core::Scenario read_scenario(ObjectReader& reader, const std::string& name, std::size_t index,
                             const StepInputs& inputs) {
    core::Scenario scenario;
    scenario.name = name;
    if (const Value* executor = reader.require("executor")) scenario.executor = parse_executor(*executor, inputs.diags);
    if (const Value* think = reader.get("think_time")) {
        const ThinkTimes times = parse_think_times(*think, inputs.diags);
        scenario.between_steps = times.between_steps.value_or(core::ThinkTime{});
        scenario.between_iterations = times.between_iterations.value_or(core::ThinkTime{});
    }
    const bool closed_model = !scenario.executor.is_open_model();
    scenario.pacing = read_pacing(reader, closed_model);
    if (const Value* tags = reader.get("tags")) scenario.tags = parse_tags(*tags, "scenario", inputs.diags);
    StepTreeReader steps(inputs, Scope::scenario(index, name));
    scenario.flows = parse_flows(reader, steps, closed_model);
    steps.finish();
    return scenario;
}

bool is_comment_key(const std::string& key) { return key.starts_with('$') || key.starts_with("//"); }

// A scenario's own `warmup`, or the top level's.
core::Warmup read_warmup(ObjectReader& reader, const core::Warmup& fallback) {
    const Value* node = reader.get("warmup");
    if (node == nullptr) return fallback;
    return parse_warmup(*node, reader.diagnostics()).value_or(fallback);
}

void read_named_scenarios(const Value& list, const StepInputs& inputs, const core::Warmup& warmup, core::Plan& plan) {
    auto& diags = inputs.diags;
    const auto is_scenario = [](const Value::Member& m) { return !is_comment_key(m.key); };
    if (!list.is_object() || std::none_of(list.members().begin(), list.members().end(), is_scenario)) {
        diags.error(list,
                    "`scenarios` must be a non-empty object of scenario names to scenarios, like {\"browse\": "
                    "{\"executor\": ..., \"steps\": [...]}}, got " +
                        std::string(list.is_object() ? "an empty object" : list.kind_name()));
        return;
    }
    std::map<std::string, core::json::Position> seen;
    std::vector<const Value*> start_after;
    for (const auto& member : list.members()) {
        if (!is_scenario(member)) continue;
        if (!is_scenario_name(member.key)) {
            diags.error(member.key_position, member.value.pointer(),
                        "scenario name " + in_backticks(member.key) +
                            " must be non-empty and hold only letters, digits, '_', '.' and '-'");
            continue;
        }
        const auto [first, inserted] = seen.emplace(member.key, member.key_position);
        if (!inserted) {
            diags.error(member.key_position, member.value.pointer(),
                        "duplicate scenario name " + in_backticks(member.key) + first_at(first->second));
            continue;
        }
        ObjectReader reader(member.value, diags, "scenario " + in_backticks(member.key));
        plan.scenarios.push_back(read_scenario(reader, member.key, plan.scenarios.size(), inputs));
        plan.scenarios.back().warmup = read_warmup(reader, warmup);
        start_after.push_back(reader.get("start_after"));
        reader.finish();
    }
    resolve_start_offsets(plan.scenarios, start_after, diags);
}

}  // namespace

void parse_scenario_list(ObjectReader& top, const StepInputs& inputs, core::Plan& plan) {
    const core::Warmup warmup = read_warmup(top, {});  // every scenario's, unless it has its own
    const Value* list = top.get("scenarios");
    if (list == nullptr) {
        plan.scenarios.push_back(read_scenario(top, "default", 0, inputs));
        plan.scenarios.back().warmup = warmup;
        top.reject("start_after", "`start_after` is used only by scenarios under `scenarios`");
        return;
    }
    for (auto key : scenario_keys) {
        top.reject(key, in_backticks(key) +
                            " cannot be at the top level next to `scenarios`: move it into each "
                            "scenario under `scenarios`, or drop `scenarios` for a single scenario");
    }
    top.reject("start_after", "`start_after` belongs inside a scenario under `scenarios`");
    read_named_scenarios(*list, inputs, warmup, plan);
}

}  // namespace throng::scenarios
