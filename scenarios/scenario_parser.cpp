#include "scenarios/scenario_parser.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>

#include "harness/core/object_reader.hpp"
#include "scenarios/feeder_parser.hpp"
#include "scenarios/gate_parser.hpp"
#include "scenarios/known_tags.hpp"
#include "scenarios/overrides.hpp"
#include "scenarios/references.hpp"
#include "scenarios/scenario_list_parser.hpp"
#include "scenarios/step_tree_parser.hpp"
#include "scenarios/target_parser.hpp"
#include "scenarios/threshold_parser.hpp"

namespace throng::scenarios {

namespace {

using core::json::Value;

core::EnvLookup env_or_default(const core::EnvLookup& env) {
    if (env) return env;
    return [](std::string_view name) -> std::optional<std::string> {
        const char* value = std::getenv(std::string(name).c_str());
        if (value == nullptr) return std::nullopt;
        return std::string(value);
    };
}

void read_name(core::ObjectReader& top, const std::string& file_name, core::Plan& plan) {
    const std::string stem = std::filesystem::path(file_name).stem().string();
    if (!stem.empty()) plan.name = stem;
    if (auto name = top.string("name")) {
        if (name->empty()) {
            top.diagnostics().error(*top.get("name"), "`name` in scenario must not be empty");
        } else {
            plan.name = *name;
        }
    }
}

// setup and teardown: steps run once by a single VU, names unique within each.
std::vector<core::Step> read_section(core::ObjectReader& top, std::string_view key, const Scope& scope,
                                     const StepInputs& inputs) {
    const Value* node = top.get(key);
    if (node == nullptr) return {};
    StepTreeReader reader(inputs, scope);
    auto steps = reader.read_steps(*node, key, "scenario");
    reader.finish();
    return steps;
}

void read_plan(core::ObjectReader& top, const std::string& file_name, std::span<const core::StepParser* const> parsers,
               const ScenarioOptions& options, core::Plan& plan) {
    auto& diags = top.diagnostics();
    read_name(top, file_name, plan);
    if (auto description = top.string("description")) plan.description = *description;
    const std::filesystem::path base_dir = std::filesystem::path(file_name).parent_path();
    parse_targets(top, parsers, base_dir, plan);
    if (auto seed = top.integer("seed", 1, std::numeric_limits<std::int64_t>::max())) {
        plan.seed = static_cast<std::uint64_t>(*seed);
    }
    References references;
    for (const core::StepParser* parser : parsers) {
        const bool has_target = std::any_of(plan.targets.begin(), plan.targets.end(),
                                            [&](const core::Target& t) { return parser->reaches(t.url); });
        if (has_target)
            for (std::string_view name : parser->variable_namespaces()) references.define_namespace(name);
    }
    const StepInputs inputs{diags, parsers, env_or_default(options.env), references, base_dir};
    if (const Value* data = top.get("data")) {
        plan.feeders = parse_feeders(*data, base_dir, references, diags);
    }
    plan.setup = read_section(top, "setup", Scope::setup(), inputs);
    parse_scenario_list(top, inputs, plan);
    plan.teardown = read_section(top, "teardown", Scope::teardown(), inputs);
    // Once every step is known: names read anywhere may be defined anywhere.
    references.resolve(plan, diags);
    check_step_targets(plan, parsers, diags);
    if (const Value* thresholds = top.get("thresholds")) {
        plan.thresholds = parse_thresholds(*thresholds, known_tags(plan), diags);
    }
    if (const Value* gate = top.get("gate")) plan.gate = parse_gate(*gate, known_tags(plan), diags);
    top.finish();
}

}  // namespace

core::Plan parse_scenario(std::string_view text, const std::string& file_name,
                          std::span<const core::StepParser* const> parsers, const ScenarioOptions& options) {
    core::Diagnostics diags(file_name);
    Value document;
    try {
        document = core::json::parse(text);
    } catch (const core::json::ParseError& e) {
        diags.error(e.position(), "", e.what());
        throw core::InputError(diags.list());
    }
    apply_overrides(document, options.sets);
    core::Plan plan;
    plan.source_file = file_name;
    core::ObjectReader top(document, diags, "scenario");
    if (top.valid()) read_plan(top, file_name, parsers, options, plan);
    if (!diags.empty()) throw core::InputError(diags.list());
    return plan;
}

core::Plan load_scenario(const std::string& path, std::span<const core::StepParser* const> parsers,
                         const ScenarioOptions& options) {
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
    return parse_scenario(text, path, parsers, options);
}

}  // namespace throng::scenarios
