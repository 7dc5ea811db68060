#include "scenarios/known_tags.hpp"

namespace throng::scenarios {

namespace {

void add_checks(const std::vector<core::Step>& steps, KnownTags& known) {
    for (const auto& step : steps) {
        for (const auto& check : step.checks) known.values["check"].insert(check.name);
        add_checks(step.steps, known);
    }
}

}  // namespace

KnownTags known_tags(const core::Plan& plan) {
    KnownTags known;
    for (const auto& scenario : plan.scenarios) {
        for (const auto& flow : scenario.flows) {
            core::Tags inherited = scenario.tags;
            for (const auto& [key, value] : flow.tags) inherited[key] = value;
            inherited["scenario"] = scenario.name;
            inherited["flow"] = flow.name;
            core::for_each_request(flow.steps, inherited, [&](const core::Step& step, const core::Tags& tags) {
                for (const auto& [key, value] : tags) known.values[key].insert(value);
                known.values["step"].insert(step.name);
                // A transaction's statements: metrics of their own, as the engine makes them.
                if (step.spec == nullptr) return;
                for (const std::string& part : step.spec->parts()) {
                    known.values["step"].insert(step.name + "." + part);
                    known.values["part_of"].insert(step.name);
                }
            });
            add_checks(flow.steps, known);
        }
    }
    add_checks(plan.setup, known);
    add_checks(plan.teardown, known);
    return known;
}

}  // namespace throng::scenarios
