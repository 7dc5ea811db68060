#include "scenarios/executor_parser.hpp"

#include <algorithm>
#include <limits>

#include "harness/core/object_reader.hpp"

namespace throng::scenarios {

namespace {

using core::ExecutorSpec;
using core::ObjectReader;

constexpr std::int64_t max_vus = 1'000'000;
constexpr std::string_view constant_vus = "constant-vus";
constexpr std::string_view ramping_vus = "ramping-vus";
constexpr std::string_view constant_keys[] = {"vus", "duration"};
constexpr std::string_view ramping_keys[] = {"start_vus", "stages"};

// Keys that belong to the other executor type are mistakes worth naming.
template <std::size_t N>
void reject_keys(ObjectReader& reader, const std::string_view (&keys)[N], std::string_view type) {
    for (auto key : keys) {
        reader.reject(key, "`" + std::string(key) + "` is not used by " + std::string(type));
    }
}

template <std::size_t N>
void allow_keys(ObjectReader& reader, const std::string_view (&keys)[N]) {
    for (auto key : keys) reader.allow(key);
}

void read_constant(ObjectReader& reader, ExecutorSpec& spec) {
    spec.kind = ExecutorSpec::Kind::constant_vus;
    if (auto vus = reader.integer("vus", 1, max_vus, true)) spec.vus = static_cast<int>(*vus);
    if (auto duration = reader.duration("duration", true)) {
        if (duration->count() > 0) {
            spec.duration = *duration;
        } else {
            reader.diagnostics().error(*reader.get("duration"), "`duration` in executor must be greater than 0");
        }
    }
    reject_keys(reader, ramping_keys, constant_vus);
}

void read_stages(const core::json::Value& node, core::Diagnostics& diags, ExecutorSpec& spec) {
    if (!node.is_array() || node.items().empty()) {
        const std::string got = node.is_array() ? "an empty array" : std::string(node.kind_name());
        diags.error(node, "`stages` in executor must be a non-empty array of {\"duration\", \"target\"} objects, got " +
                              got);
        return;
    }
    bool complete = true;
    for (const auto& item : node.items()) {
        ObjectReader stage(item, diags, "stage");
        const auto duration = stage.duration("duration", true);
        const auto target = stage.integer("target", 0, max_vus, true);
        stage.finish();
        if (!duration || !target) {
            complete = false;
            continue;
        }
        spec.stages.push_back(core::Stage{*duration, static_cast<int>(*target)});
    }
    const bool moves = std::any_of(spec.stages.begin(), spec.stages.end(),
                                   [](const core::Stage& s) { return s.duration.count() > 0; });
    if (complete && !moves) {
        diags.error(node, "`stages` in executor needs at least one stage with a duration greater than 0");
    }
}

void read_ramping(ObjectReader& reader, ExecutorSpec& spec) {
    spec.kind = ExecutorSpec::Kind::ramping_vus;
    if (auto start = reader.integer("start_vus", 0, max_vus)) spec.start_vus = static_cast<int>(*start);
    if (const auto* stages = reader.require("stages")) read_stages(*stages, reader.diagnostics(), spec);
    reject_keys(reader, constant_keys, ramping_vus);
}

}  // namespace

core::ExecutorSpec parse_executor(const core::json::Value& node, core::Diagnostics& diags) {
    ExecutorSpec spec;
    ObjectReader reader(node, diags, "executor");
    if (!reader.valid()) return spec;
    const auto type = reader.choice("type", {constant_vus, ramping_vus}, true);
    if (type == constant_vus) {
        read_constant(reader, spec);
    } else if (type == ramping_vus) {
        read_ramping(reader, spec);
    } else {
        // Without a usable type the type-specific keys cannot be judged.
        allow_keys(reader, constant_keys);
        allow_keys(reader, ramping_keys);
    }
    const auto iterations = reader.integer("iterations", 1, std::numeric_limits<std::int64_t>::max());
    if (iterations) spec.iterations = static_cast<std::uint64_t>(*iterations);
    if (auto stop = reader.duration("graceful_stop")) spec.graceful_stop = *stop;
    if (auto ramp_down = reader.duration("graceful_ramp_down")) spec.graceful_ramp_down = *ramp_down;
    reader.finish();
    return spec;
}

}  // namespace throng::scenarios
