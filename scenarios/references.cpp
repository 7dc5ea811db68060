#include "scenarios/references.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "scenarios/names.hpp"

namespace throng::scenarios {

namespace {

// The variables feeders define: NAME.COLUMN, or NAME for inline scalars (one column named "").
struct FeederVariables {
    std::map<std::string, std::size_t> owner;  // variable -> index into Plan::feeders
    std::map<std::string, std::vector<std::string>> by_feeder;

    explicit FeederVariables(const core::Plan& plan) {
        for (std::size_t i = 0; i < plan.feeders.size(); ++i) {
            const auto& feeder = *plan.feeders[i];
            if (!feeder.data) continue;
            auto& names = by_feeder[feeder.name];
            for (const auto& column : feeder.data->columns) {
                names.push_back(column.empty() ? feeder.name : feeder.name + "." + column);
                owner.emplace(names.back(), i);
            }
        }
    }
};

// "`a`, `b` and `c`" (or "or")
std::string listed(const std::vector<std::string>& names, std::string_view last = " and ") {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? std::string(last) : ", ";
        out += in_backticks(names[i]);
    }
    return out;
}

// The message for a variable nobody defines, or nullopt when an earlier error explains it.
std::optional<std::string> unknown_variable(const std::string& name, const FeederVariables& feeders,
                                            const std::set<std::string>& unloaded,
                                            const std::vector<std::string>& defined) {
    const auto dot = name.find('.');
    const std::string head = name.substr(0, dot);
    if (unloaded.contains(head)) return std::nullopt;
    const auto feeder = feeders.by_feeder.find(head);
    if (dot == std::string::npos && feeder != feeders.by_feeder.end()) {
        return "feeder " + in_backticks(head) + " has columns: read one of " + listed(feeder->second, " or ");
    }
    if (feeder != feeders.by_feeder.end()) {
        const std::string message =
            "feeder " + in_backticks(head) + " has no column " + in_backticks(name.substr(dot + 1));
        const std::string close = suggestion(name, feeder->second);
        return message + (close.empty() ? "; it has " + listed(feeder->second) : close);
    }
    const std::string close = suggestion(name, defined);
    if (!close.empty()) return "unknown variable " + in_backticks(name) + close;
    return "unknown variable " + in_backticks(name) + ": no `extract`, `data` feeder or `setup` step defines it";
}

}  // namespace

Scope Scope::scenario(std::size_t index, const std::string& scenario_name) {
    return {Kind::scenario, index, "scenario " + in_backticks(scenario_name)};
}
Scope Scope::setup() { return {Kind::setup, 0, "setup"}; }
Scope Scope::teardown() { return {Kind::teardown, 0, "teardown"}; }

void References::read_variable(const Scope& scope, const std::string& name, const core::json::Value& at) {
    variable_uses_.push_back({scope, name, at.position(), at.pointer()});
}

void References::read_check(const std::string& name, const core::json::Value& at) {
    check_uses_.push_back({Scope{}, name, at.position(), at.pointer()});
}

void References::read_templates(const Scope& scope, std::vector<core::StepParseContext::VariableUse> uses) {
    for (auto& use : uses) variable_uses_.push_back({scope, std::move(use.name), use.position, std::move(use.pointer)});
}

void References::resolve(core::Plan& plan, core::Diagnostics& diags) const {
    const FeederVariables feeders(plan);
    std::vector<std::string> defined(variables_.begin(), variables_.end());
    for (const auto& [name, index] : feeders.owner) defined.push_back(name);

    std::vector<std::set<std::size_t>> read_feeders(plan.scenarios.size());
    for (const Use& use : variable_uses_) {
        const auto feeder = feeders.owner.find(use.name);
        if (feeder == feeders.owner.end()) {
            if (variables_.contains(use.name)) continue;
            const auto dot = use.name.find('.');
            if (dot != std::string::npos && namespaces_.contains(use.name.substr(0, dot))) continue;
            if (auto message = unknown_variable(use.name, feeders, unloaded_feeders_, defined)) {
                diags.error(use.position, use.pointer, std::move(*message));
            }
        } else if (use.scope.kind != Scope::Kind::scenario) {
            diags.error(use.position, use.pointer,
                        in_backticks(use.name) + " comes from feeder " +
                            in_backticks(plan.feeders[feeder->second]->name) + ", which " + use.scope.name +
                            " cannot read: feeders are drawn per iteration");
        } else if (use.scope.index < read_feeders.size()) {
            read_feeders[use.scope.index].insert(feeder->second);
        }
    }
    for (std::size_t i = 0; i < plan.scenarios.size(); ++i) {
        plan.scenarios[i].feeders.assign(read_feeders[i].begin(), read_feeders[i].end());
    }

    const std::vector<std::string> check_names(checks_.begin(), checks_.end());
    for (const Use& use : check_uses_) {
        if (checks_.contains(use.name)) continue;
        const std::string close = suggestion(use.name, check_names);
        diags.error(use.position, use.pointer,
                    "unknown check " + in_backticks(use.name) +
                        (close.empty() ? ": no step has a check with this name in its `checks`" : close));
    }
}

}  // namespace throng::scenarios
