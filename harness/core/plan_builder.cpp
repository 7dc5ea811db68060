#include "harness/core/plan_builder.hpp"

namespace throng::core::build {

ExecutorSpec constant_vus(int vus, std::chrono::nanoseconds duration) {
    ExecutorSpec e;
    e.kind = ExecutorSpec::Kind::constant_vus;
    e.vus = vus;
    e.duration = duration;
    return e;
}

ExecutorSpec ramping_vus(int start_vus, std::vector<Stage> stages) {
    ExecutorSpec e;
    e.kind = ExecutorSpec::Kind::ramping_vus;
    e.start_vus = start_vus;
    e.stages = std::move(stages);
    return e;
}

ExecutorSpec constant_arrival_rate(double per_second, std::chrono::nanoseconds duration, int pre_allocated_vus,
                                   int max_vus) {
    ExecutorSpec e;
    e.kind = ExecutorSpec::Kind::constant_arrival_rate;
    e.rate = per_second;
    e.duration = duration;
    e.pre_allocated_vus = pre_allocated_vus;
    e.max_vus = max_vus;
    return e;
}

Flow flow(std::string name, double weight, std::vector<Step> steps) {
    Flow f;
    f.name = std::move(name);
    f.weight = weight;
    f.steps = std::move(steps);
    return f;
}

Scenario scenario(std::string name, ExecutorSpec executor, std::vector<Flow> flows) {
    Scenario s;
    s.name = std::move(name);
    s.executor = std::move(executor);
    s.flows = std::move(flows);
    return s;
}

Step pause(ThinkTime think) {
    Step s;
    s.kind = Step::Kind::pause;
    s.name = "pause";
    s.pause = think;
    return s;
}

Step group(std::string name, std::vector<Step> steps) {
    Step s;
    s.kind = Step::Kind::group;
    s.name = std::move(name);
    s.steps = std::move(steps);
    return s;
}

Step repeat(int count, std::vector<Step> steps) {
    Step s;
    s.kind = Step::Kind::loop;
    s.name = "repeat";
    s.count = count;
    s.steps = std::move(steps);
    return s;
}

Step only_if(Condition condition, Step step) {
    step.condition = std::move(condition);
    return step;
}

Check status(std::string name, std::vector<int> statuses, bool abort) {
    Check c;
    c.name = std::move(name);
    c.kind = Check::Kind::status_in;
    c.statuses = std::move(statuses);
    c.abort = abort;
    return c;
}

Check body_contains(std::string name, std::string text) {
    Check c;
    c.name = std::move(name);
    c.kind = Check::Kind::body_contains;
    c.text = std::move(text);
    return c;
}

Check json_equals(std::string name, std::string pointer, std::string expected_json) {
    Check c;
    c.name = std::move(name);
    c.kind = Check::Kind::json_equals;
    c.text = std::move(pointer);
    c.expected_json = std::move(expected_json);
    return c;
}

Check latency_below(std::string name, std::chrono::nanoseconds bound) {
    Check c;
    c.name = std::move(name);
    c.kind = Check::Kind::latency_below;
    c.bound = bound.count();
    return c;
}

Extraction json_value(std::string variable, std::string pointer) {
    Extraction e;
    e.variable = std::move(variable);
    e.source = Extraction::Source::json;
    e.path = std::move(pointer);
    return e;
}

Extraction header_value(std::string variable, std::string header) {
    Extraction e;
    e.variable = std::move(variable);
    e.source = Extraction::Source::header;
    e.path = std::move(header);
    return e;
}

Extraction regex_group(std::string variable, std::string pattern, int group) {
    Extraction e;
    e.variable = std::move(variable);
    e.source = Extraction::Source::regex;
    e.pattern = std::move(pattern);
    e.group = group;
    compile_pattern(e);
    return e;
}

}  // namespace throng::core::build
