#include "scenarios/step_tree_parser.hpp"

#include <algorithm>
#include <vector>

#include "scenarios/condition_parser.hpp"
#include "scenarios/names.hpp"
#include "scenarios/reader_helpers.hpp"
#include "scenarios/response_rules_parser.hpp"
#include "scenarios/tags_parser.hpp"
#include "scenarios/think_time_parser.hpp"

namespace throng::scenarios {

namespace {

using core::ObjectReader;
using core::Step;
using core::json::Value;

constexpr std::int64_t max_passes = 1'000'000;

// Keys that say what a step is, besides the protocol keys.
constexpr std::string_view pause_key = "pause";
constexpr std::string_view group_key = "group";
constexpr std::string_view loop_key = "repeat";
constexpr std::string_view set_key = "set";

// Every optional key a step may have, and which kinds of step use it.
struct StepKey {
    std::string_view key;
    std::vector<Step::Kind> used_by;
};

const std::vector<StepKey>& step_keys() {
    using enum Step::Kind;
    static const std::vector<StepKey> keys = {
        {"name", {request, pause, loop, set}},
        {"if", {request, pause, group, loop, set}},
        {"tags", {request, group, loop}},
        {"think_time", {request, group, loop}},
        {"timeout", {request}},
        {"extract", {request}},
        {"checks", {request}},
        {"steps", {group, loop}},
    };
    return keys;
}

std::string_view kind_name(Step::Kind kind) {
    switch (kind) {
    case Step::Kind::request: return "a request";
    case Step::Kind::pause: return "a pause";
    case Step::Kind::group: return "a group";
    case Step::Kind::loop: return "a repeat";
    case Step::Kind::set: return "a set";
    }
    return "";
}

// Keys another kind of step uses are named as such rather than "unknown".
void reject_other_kinds_keys(ObjectReader& reader, Step::Kind kind) {
    for (const auto& [key, used_by] : step_keys()) {
        if (std::find(used_by.begin(), used_by.end(), kind) != used_by.end()) continue;
        std::string message = in_backticks(key) + " is not used by " + std::string(kind_name(kind)) + " step";
        if (kind == Step::Kind::group && key == "name") message += ": the group's name is its `group` value";
        reader.reject(key, message);
    }
}

// "`http`, `pause`, `group`, `repeat` or `set`"
std::string kind_keys(std::span<const core::StepParser* const> parsers) {
    std::vector<std::string_view> keys;
    for (const auto* parser : parsers) keys.push_back(parser->key());
    keys.insert(keys.end(), {pause_key, group_key, loop_key, set_key});
    std::string out;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i > 0) out += i + 1 == keys.size() ? " or " : ", ";
        out += in_backticks(keys[i]);
    }
    return out;
}

}  // namespace

StepTreeReader::StepTreeReader(const StepInputs& inputs, Scope scope)
    : inputs_(inputs), scope_(std::move(scope)), templates_(inputs.diags, inputs.env, inputs.base_dir) {
    for (const core::StepParser* parser : inputs.parsers) own_facets_.push_back(parser->reply_facets());
    for (std::size_t p = 0; p < own_facets_.size(); ++p) {
        foreign_facets_.emplace_back();
        for (std::size_t other = 0; other < own_facets_.size(); ++other) {
            for (const core::ReplyFacet& facet : own_facets_[other]) {
                const auto& own = own_facets_[p];
                const bool shared = std::any_of(own.begin(), own.end(),
                                                [&](const core::ReplyFacet& mine) { return mine.name == facet.name; });
                if (!shared) foreign_facets_[p].push_back({facet.name, inputs.parsers[other]->key()});
            }
        }
    }
}

void StepTreeReader::finish() { inputs_.references.read_templates(scope_, templates_.take_uses()); }

std::vector<Step> StepTreeReader::read_steps(const Value& node, std::string_view key, std::string_view owner) {
    std::vector<Step> steps;
    if (!node.is_array() || node.items().empty()) {
        const std::string got = node.is_array() ? "an empty array" : std::string(node.kind_name());
        inputs_.diags.error(
            node, in_backticks(key) + " in " + std::string(owner) + " must be a non-empty array of steps, got " + got);
        return steps;
    }
    for (const auto& item : node.items()) {
        if (auto step = read_step(item)) steps.push_back(std::move(*step));
    }
    return steps;
}

std::optional<Step> StepTreeReader::read_step(const Value& node) {
    ObjectReader reader(node, inputs_.diags, "step");
    if (!reader.valid()) return std::nullopt;
    // What the step is: the one key among the protocols', pause, group, repeat and set.
    std::vector<std::string_view> kinds;
    const core::StepParser* protocol = nullptr;
    for (const auto* parser : inputs_.parsers) {
        if (reader.get(parser->key()) == nullptr) continue;
        kinds.push_back(parser->key());
        protocol = parser;
    }
    for (auto key : {pause_key, group_key, loop_key, set_key}) {
        if (reader.get(key) != nullptr) kinds.push_back(key);
    }
    Step step;
    step.position = node.position();
    step.pointer = node.pointer();
    if (kinds.size() != 1) {
        std::string message = "step needs exactly one of " + kind_keys(inputs_.parsers);
        if (kinds.size() > 1) {
            message = "step has both " + in_backticks(kinds[0]) + " and " + in_backticks(kinds[1]) + "; a " + message;
        }
        inputs_.diags.error(node, message);
        for (const auto& [key, used_by] : step_keys()) reader.allow(key);
        reader.finish();
        return std::nullopt;
    }
    if (kinds[0] == pause_key) {
        step.kind = Step::Kind::pause;
        read_pause(reader, step);
    } else if (kinds[0] == group_key) {
        step.kind = Step::Kind::group;
        read_group(reader, step);
    } else if (kinds[0] == loop_key) {
        step.kind = Step::Kind::loop;
        read_loop(reader, step);
    } else if (kinds[0] == set_key) {
        step.kind = Step::Kind::set;
        read_set(reader, step);
    } else {
        step.kind = Step::Kind::request;
        read_request(reader, *protocol, step);
    }
    reject_other_kinds_keys(reader, step.kind);
    reader.finish();
    return step;
}

void StepTreeReader::read_request(ObjectReader& reader, const core::StepParser& parser, Step& step) {
    auto& diags = inputs_.diags;
    step.spec = parser.parse(*reader.get(parser.key()), templates_);
    const Value* name_at = reader.get("name");
    if (auto name = non_empty_string(reader, "name"))
        step.name = *name;
    else if (name_at == nullptr && step.spec)
        step.name = step.spec->describe();
    if (!step.name.empty()) {
        check_unique(step_names_, "step", step.name, name_at != nullptr ? *name_at : reader.value());
    }
    step.timeout = positive_duration(reader, "timeout");
    const auto p = static_cast<std::size_t>(std::find(inputs_.parsers.begin(), inputs_.parsers.end(), &parser) -
                                            inputs_.parsers.begin());
    const FacetScope facets{own_facets_[p], parser.key(), foreign_facets_[p]};
    if (const Value* extract = reader.get("extract")) {
        step.extract = parse_extractions(*extract, diags, facets);
        for (const auto& e : step.extract) inputs_.references.define_variable(e.variable);
    }
    if (const Value* checks = reader.get("checks")) {
        step.checks = parse_checks(*checks, diags, facets);
        for (const auto& c : step.checks) inputs_.references.define_check(c.name);
    }
    read_condition(reader, step);
    read_think_time(reader, step);
    read_tags(reader, step);
}

void StepTreeReader::read_pause(ObjectReader& reader, Step& step) {
    step.name = non_empty_string(reader, "name").value_or("pause");
    if (auto pause = parse_think(*reader.get(pause_key), pause_key, "step", inputs_.diags)) step.pause = *pause;
    read_condition(reader, step);
}

void StepTreeReader::read_set(ObjectReader& reader, Step& step) {
    step.name = non_empty_string(reader, "name").value_or("set");
    const Value& node = *reader.get(set_key);
    if (!node.is_object() || node.members().empty()) {
        inputs_.diags.error(node,
                            "`set` in step must be an object of variables and their values, like "
                            "{\"aid\": \"${random_int(1,100000)}\"}, got " +
                                core::describe_value(node));
    } else {
        for (const auto& member : node.members()) {
            if (!is_identifier(member.key)) {
                inputs_.diags.error(member.key_position, member.value.pointer(),
                                    "variable name " + in_backticks(member.key) + " " + std::string(identifier_rule));
                continue;
            }
            if (!member.value.is_string() && !member.value.is_number() && !member.value.is_bool()) {
                inputs_.diags.error(member.value, "`" + member.key +
                                                      "` in `set` must be a string (it may hold "
                                                      "${...}), a number or a boolean, got " +
                                                      core::describe_value(member.value));
                continue;
            }
            const std::string text = member.value.is_string() ? member.value.as_string() : member.value.dump();
            if (auto value = templates_.compile(member.value, text)) {
                step.assignments.emplace_back(member.key, std::move(*value));
                inputs_.references.define_variable(member.key);
            }
        }
    }
    read_condition(reader, step);
}

void StepTreeReader::read_group(ObjectReader& reader, Step& step) {
    if (auto name = non_empty_string(reader, group_key)) {
        if (name->find("::") != std::string::npos) {
            inputs_.diags.error(*reader.get(group_key),
                                "`group` name must not contain `::`, which separates nested groups in the `group` tag");
        }
        step.name = *name;
        check_unique(group_names_, "group", step.name, *reader.get(group_key));
    }
    if (const Value* steps = reader.require("steps")) step.steps = read_steps(*steps, "steps", "group");
    read_condition(reader, step);
    read_think_time(reader, step);
    read_tags(reader, step);
}

void StepTreeReader::read_loop(ObjectReader& reader, Step& step) {
    step.name = non_empty_string(reader, "name").value_or("repeat");
    const Value& repeat = *reader.get(loop_key);
    if (repeat.is_object()) {
        ObjectReader loop(repeat, inputs_.diags, "repeat");
        if (const Value* condition = loop.require("while")) {
            step.while_condition = parse_condition(*condition, "while", scope_, inputs_.references, inputs_.diags);
        }
        step.max_passes = static_cast<int>(loop.integer("max", 1, max_passes).value_or(step.max_passes));
        loop.finish();
    } else if (repeat.is_number()) {
        step.count = static_cast<int>(reader.integer(loop_key, 1, max_passes).value_or(0));
    } else {
        inputs_.diags.error(repeat,
                            "`repeat` in step must be a number of passes from 1 to 1000000, or {\"while\": "
                            "CONDITION, \"max\": N}, got " +
                                core::describe_value(repeat));
    }
    read_think_time(reader, step);
    if (const Value* steps = reader.require("steps")) step.steps = read_steps(*steps, "steps", "repeat");
    read_condition(reader, step);
    read_tags(reader, step);
}

void StepTreeReader::read_condition(ObjectReader& reader, Step& step) {
    if (const Value* condition = reader.get("if")) {
        step.condition = parse_condition(*condition, "if", scope_, inputs_.references, inputs_.diags);
    }
}

void StepTreeReader::read_tags(ObjectReader& reader, Step& step) {
    if (const Value* tags = reader.get("tags")) step.tags = parse_tags(*tags, "step", inputs_.diags);
}

void StepTreeReader::read_think_time(ObjectReader& reader, Step& step) {
    if (const Value* think = reader.get("think_time")) {
        step.think_time = parse_think(*think, "think_time", "step", inputs_.diags);
    }
}

void StepTreeReader::check_unique(std::map<std::string, core::json::Position>& names, std::string_view what,
                                  const std::string& name, const Value& at) {
    const auto [first, inserted] = names.emplace(name, at.position());
    if (inserted) return;
    std::string message = "duplicate " + std::string(what) + " name " + in_backticks(name) + " in " + scope_.name +
                          first_at(first->second);
    if (what == "step") message += "; set a distinct `name`";
    inputs_.diags.error(at, std::move(message));
}

}  // namespace throng::scenarios
