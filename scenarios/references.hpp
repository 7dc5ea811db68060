#pragma once
// Names that steps define (extracted variables, checks) and read (templates,
// conditions), collected while the scenario is parsed and checked once all of
// it is known: a step may read what a later step, another scenario, setup or a
// feeder defines.
#include <cstddef>
#include <set>
#include <string_view>
#include <string>
#include <vector>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/plan.hpp"
#include "harness/core/step_spec.hpp"

namespace throng::scenarios {

// Where steps live: a scenario (by index) or setup/teardown, which run
// outside iterations and so cannot read feeders.
struct Scope {
    enum class Kind { scenario, setup, teardown };
    Kind kind = Kind::scenario;
    std::size_t index = 0;  // into Plan::scenarios
    std::string name;       // for messages: "scenario `browse`", "setup"

    static Scope scenario(std::size_t index, const std::string& scenario_name);
    static Scope setup();
    static Scope teardown();
};

class References {
public:
    void define_variable(const std::string& name) { variables_.insert(name); }
    void define_check(const std::string& name) { checks_.insert(name); }
    // Every NAMESPACE.x is defined (a driver sets them as it runs).
    void define_namespace(std::string_view name) { namespaces_.insert(std::string(name)); }
    // A feeder that could not be loaded: names under it are not reported, its
    // own error says enough.
    void add_unloaded_feeder(const std::string& name) { unloaded_feeders_.insert(name); }

    void read_variable(const Scope& scope, const std::string& name, const core::json::Value& at);
    void read_check(const std::string& name, const core::json::Value& at);
    // What a scope's templates read, from its StepParseContext.
    void read_templates(const Scope& scope, std::vector<core::StepParseContext::VariableUse> uses);

    // Reports every name read but defined nowhere (with the closest defined
    // name), and feeder variables read outside iterations; sets each
    // scenario's `feeders` to the plan's feeders its steps read.
    void resolve(core::Plan& plan, core::Diagnostics& diags) const;

private:
    struct Use {
        Scope scope;
        std::string name;
        core::json::Position position;
        std::string pointer;
    };
    std::set<std::string> variables_;
    std::set<std::string> checks_;
    std::set<std::string> namespaces_;
    std::set<std::string> unloaded_feeders_;
    std::vector<Use> variable_uses_;
    std::vector<Use> check_uses_;
};

}  // namespace throng::scenarios
