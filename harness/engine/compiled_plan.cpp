#include "harness/engine/compiled_plan.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>

namespace throng::engine {

namespace {

// Setup and teardown: one VU, one iteration, bounded by its requests'
// timeouts (the limit is reached as the iteration starts: the graceful stop
// must let it finish).
core::Scenario one_shot(const std::string& name, const std::vector<core::Step>& steps) {
    core::Scenario s;
    s.name = name;
    s.executor.kind = core::ExecutorSpec::Kind::constant_vus;
    s.executor.vus = 1;
    s.executor.iterations = 1;
    s.executor.duration = std::chrono::hours(24);
    s.executor.graceful_stop = std::chrono::hours(24);
    core::Flow flow;
    flow.name = name;
    flow.steps = steps;
    s.flows.push_back(std::move(flow));
    return s;
}

}  // namespace

const CompiledFlow& CompiledScenario::pick_flow(core::Rng& rng) const {
    if (flows.size() == 1) return flows.front();
    const double point = rng.uniform01() * cumulative_weight.back();
    const auto it = std::upper_bound(cumulative_weight.begin(), cumulative_weight.end(), point);
    const auto index =
        std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_weight.begin()), flows.size() - 1);
    return flows[index];
}

CompiledPlan::CompiledPlan(const core::Plan& plan, std::span<Driver* const> drivers)
    : plan_(plan), drivers_(drivers.begin(), drivers.end()) {
    if (plan.scenarios.empty()) throw std::runtime_error("the plan has no scenario to run");
    for (const auto& feeder : plan.feeders) {
        std::vector<std::string> names;
        for (const auto& column : feeder->data->columns)
            names.push_back(column.empty() ? feeder->name : feeder->name + "." + column);
        feeder_variables_.push_back(std::move(names));
    }
    // Built first: compile() keeps pointers into it.
    one_shot_.reserve(2);
    if (!plan.setup.empty()) one_shot_.push_back(one_shot("setup", plan.setup));
    if (!plan.teardown.empty()) one_shot_.push_back(one_shot("teardown", plan.teardown));

    std::size_t metrics = 0, checks = 0;
    auto place = [&](CompiledScenario& s) {
        s.first_metric = metrics;
        s.first_check = checks;
        metrics += s.metrics.size();
        checks += s.checks.size();
    };
    for (const auto& scenario : plan.scenarios) {
        scenarios_.push_back(compile(scenario, scenario.name));
        place(*scenarios_.back());
    }
    for (const auto& s : one_shot_) {
        auto compiled = compile(s, s.name);
        (s.name == "setup" ? setup_ : teardown_) = std::move(compiled);
    }
}

std::unique_ptr<CompiledScenario> CompiledPlan::compile(const core::Scenario& scenario, const std::string& name) {
    auto out = std::make_unique<CompiledScenario>();
    out->scenario = &scenario;
    out->name = name;
    if (scenario.flows.empty()) throw std::runtime_error("scenario `" + name + "` has no flow to run");
    double total_weight = 0;
    for (const auto& flow : scenario.flows) {
        CompiledFlow compiled;
        compiled.flow = &flow;
        compiled.between_iterations = flow.between_iterations.value_or(scenario.between_iterations);
        compiled.pacing = (flow.pacing.count() > 0 ? flow.pacing : scenario.pacing).count();
        out->paced = out->paced || compiled.pacing > 0;
        core::Tags tags = scenario.tags;
        for (const auto& [k, v] : flow.tags) tags[k] = v;
        tags["scenario"] = name;
        tags["flow"] = flow.name;
        compile_nodes(flow.steps, tags, flow.between_steps.value_or(scenario.between_steps), *out, compiled.nodes);
        if (compiled.nodes.empty()) throw std::runtime_error("flow `" + flow.name + "` has no step");
        total_weight += flow.weight;
        out->cumulative_weight.push_back(total_weight);
        out->flows.push_back(std::move(compiled));
    }
    return out;
}

void CompiledPlan::compile_nodes(const std::vector<core::Step>& steps, const core::Tags& inherited,
                                 const core::ThinkTime& between, CompiledScenario& out,
                                 std::vector<CompiledNode>& nodes) {
    using Kind = core::Step::Kind;
    using Condition = core::Condition;
    const auto check_condition = [&](const std::optional<Condition>& c) {
        const bool on_check = c && (c->kind == Condition::Kind::passed || c->kind == Condition::Kind::failed);
        return on_check ? check_slot(out, c->name) : -1;
    };
    for (const core::Step& step : steps) {
        CompiledNode node;
        node.step = &step;
        node.condition_check = check_condition(step.condition);
        core::Tags tags = core::tags_in_tree(step, inherited);
        if (step.kind == Kind::request) {
            if (!step.spec) throw std::runtime_error("step `" + step.name + "` has no protocol part");
            const auto protocol = step.spec->protocol();
            const auto found = std::find_if(drivers_.begin(), drivers_.end(),
                                            [&](const Driver* d) { return d->protocol() == protocol; });
            if (found == drivers_.end())
                throw std::runtime_error("no driver for protocol `" + std::string(protocol) + "` (step `" + step.name +
                                         "`)");
            const core::ReplyNeeds needs = core::reply_needs(step.extract, step.checks);
            node.driver = static_cast<std::size_t>(found - drivers_.begin());
            node.prepared = (*found)->prepare(step, target_for(step, **found), needs);
            node.keeps_reply = !step.extract.empty() || !step.checks.empty();
            node.after = step.think_time.value_or(between);
            node.metric = out.metrics.size();
            node.first_check = out.checks.size();
            tags["step"] = step.name;
            MetricInfo info;
            info.name = step.name;
            info.flow = tags.count("flow") ? tags.at("flow") : "";
            info.scenario = out.name;
            info.group = tags.count("group") ? tags.at("group") : "";
            info.description = step.spec->describe();
            info.tags = tags;
            out.metrics.push_back(std::move(info));
            // A transaction's statements: metrics of their own, right after the step's.
            for (const std::string& part : step.spec->parts()) {
                MetricInfo part_info = out.metrics[node.metric];
                part_info.name = step.name + "." + part;
                part_info.description = part;
                part_info.tags["step"] = part_info.name;
                part_info.tags["part_of"] = step.name;
                out.metrics.push_back(std::move(part_info));
            }
            for (const auto& check : step.checks) {
                node.check_slots.push_back(check_slot(out, check.name));
                core::Tags check_tags = tags;
                check_tags["check"] = check.name;
                out.checks.push_back({check.name, step.name, out.name, std::move(check_tags)});
            }
        } else if (step.kind == Kind::group || step.kind == Kind::loop) {
            node.while_check = check_condition(step.while_condition);
            compile_nodes(step.steps, tags, between, out, node.children);
        }
        nodes.push_back(std::move(node));
    }
}

const core::Target& CompiledPlan::target_for(const core::Step& step, const Driver& driver) const {
    const auto named = step.spec->target_name();
    if (!named.empty()) {
        const core::Target* target = plan_.find_target(named);
        if (target == nullptr)
            throw std::runtime_error("step `" + step.name + "` names target `" + std::string(named) +
                                     "`, which the plan does not have");
        return *target;
    }
    const core::Target* found = nullptr;
    for (const auto& target : plan_.targets) {
        if (!driver.serves(target)) continue;
        if (found != nullptr)
            throw std::runtime_error("step `" + step.name + "` could reach targets `" + found->name + "` and `" +
                                     target.name + "`: it must name one");
        found = &target;
    }
    if (found == nullptr)
        throw std::runtime_error("step `" + step.name + "`: the plan has no target for protocol `" +
                                 std::string(driver.protocol()) + "`");
    return *found;
}

int CompiledPlan::check_slot(CompiledScenario& out, const std::string& name) {
    const auto it = std::find(out.check_names.begin(), out.check_names.end(), name);
    if (it != out.check_names.end()) return static_cast<int>(it - out.check_names.begin());
    out.check_names.push_back(name);
    return static_cast<int>(out.check_names.size()) - 1;
}

}  // namespace throng::engine
