#include "scenarios/executor_parser.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/object_reader.hpp"
#include "harness/core/units.hpp"

namespace throng::scenarios {

namespace {

using core::ExecutorSpec;
using core::ObjectReader;
using Kind = ExecutorSpec::Kind;

constexpr std::int64_t max_vus = 1'000'000;
constexpr std::int64_t max_queue = 1'000'000'000;

constexpr std::string_view constant_vus = "constant-vus";
constexpr std::string_view ramping_vus = "ramping-vus";
constexpr std::string_view constant_arrival_rate = "constant-arrival-rate";
constexpr std::string_view ramping_arrival_rate = "ramping-arrival-rate";

// Every key that only some executor types use, and which types use it. The
// keys all types share ("type", "iterations", "graceful_stop") are not here.
struct TypedKey {
    std::string_view key;
    std::vector<Kind> used_by;
};

const std::vector<TypedKey>& typed_keys() {
    using enum ExecutorSpec::Kind;  // not the alias: clang 14 refuses `using enum` of one
    static const std::vector<TypedKey> keys = {
        {"vus", {constant_vus}},
        {"start_vus", {ramping_vus}},
        {"duration", {constant_vus, constant_arrival_rate}},
        {"stages", {ramping_vus, ramping_arrival_rate}},
        {"graceful_ramp_down", {constant_vus, ramping_vus}},
        {"expected_interval", {constant_vus, ramping_vus}},
        {"rate", {constant_arrival_rate}},
        {"start_rate", {ramping_arrival_rate}},
        {"pre_allocated_vus", {constant_arrival_rate, ramping_arrival_rate}},
        {"max_vus", {constant_arrival_rate, ramping_arrival_rate}},
        {"on_saturation", {constant_arrival_rate, ramping_arrival_rate}},
        {"max_queue", {constant_arrival_rate, ramping_arrival_rate}},
        {"arrivals", {constant_arrival_rate, ramping_arrival_rate}},
    };
    return keys;
}

// Keys that belong to another executor type are mistakes worth naming.
void reject_other_types_keys(ObjectReader& reader, Kind kind, std::string_view type) {
    for (const auto& typed : typed_keys()) {
        if (std::find(typed.used_by.begin(), typed.used_by.end(), kind) != typed.used_by.end()) continue;
        reader.reject(typed.key, "`" + std::string(typed.key) + "` is not used by " + std::string(type));
    }
}

// What a wrong value was, for "got ..." in messages (as ObjectReader does).
std::string describe(const core::json::Value& v) {
    if (v.is_number() || v.is_string()) return v.dump();
    return std::string(v.kind_name());
}

// "500/s", "6000/m", "36000/h", or a number per second; never negative.
std::optional<double> read_rate(ObjectReader& reader, std::string_view key, std::string_view what,
                                bool required = false) {
    const core::json::Value* v = required ? reader.require(key) : reader.get(key);
    if (v == nullptr) return std::nullopt;
    std::optional<double> rate;
    if (v->is_string()) {
        rate = core::parse_rate(v->as_string());
    } else if (v->is_number()) {
        rate = v->as_number();
    }
    if (rate && *rate >= 0 && std::isfinite(*rate)) return rate;
    reader.diagnostics().error(*v, "`" + std::string(key) + "` in " + std::string(what) +
                                       " must be a rate like \"500/s\" or \"6000/m\", or a number per second, got " +
                                       describe(*v));
    return std::nullopt;
}

// `stages` must be a non-empty array; reports it otherwise.
bool check_stages_array(const core::json::Value& node, core::Diagnostics& diags) {
    if (node.is_array() && !node.items().empty()) return true;
    const std::string got = node.is_array() ? "an empty array" : std::string(node.kind_name());
    diags.error(node,
                "`stages` in executor must be a non-empty array of {\"duration\", \"target\"} objects, got " + got);
    return false;
}

// Once every stage was read, at least one must take time.
template <typename StageT>
void check_stages_move(const core::json::Value& node, core::Diagnostics& diags, bool complete,
                       const std::vector<StageT>& stages) {
    const bool moves =
        std::any_of(stages.begin(), stages.end(), [](const StageT& s) { return s.duration.count() > 0; });
    if (complete && !moves) {
        diags.error(node, "`stages` in executor needs at least one stage with a duration greater than 0");
    }
}

void read_duration(ObjectReader& reader, ExecutorSpec& spec) {
    if (auto duration = reader.duration("duration", true)) {
        if (duration->count() > 0) {
            spec.duration = *duration;
        } else {
            reader.diagnostics().error(*reader.get("duration"), "`duration` in executor must be greater than 0");
        }
    }
}

void read_constant_vus(ObjectReader& reader, ExecutorSpec& spec) {
    if (auto vus = reader.integer("vus", 1, max_vus, true)) spec.vus = static_cast<int>(*vus);
    read_duration(reader, spec);
}

void read_vu_stages(const core::json::Value& node, core::Diagnostics& diags, ExecutorSpec& spec) {
    if (!check_stages_array(node, diags)) return;
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
    check_stages_move(node, diags, complete, spec.stages);
}

void read_ramping_vus(ObjectReader& reader, ExecutorSpec& spec) {
    if (auto start = reader.integer("start_vus", 0, max_vus)) spec.start_vus = static_cast<int>(*start);
    if (const auto* stages = reader.require("stages")) read_vu_stages(*stages, reader.diagnostics(), spec);
}

// The VU pool and saturation policy of both arrival-rate executors.
void read_open_model_options(ObjectReader& reader, ExecutorSpec& spec) {
    if (auto pre = reader.integer("pre_allocated_vus", 1, max_vus)) spec.pre_allocated_vus = static_cast<int>(*pre);
    spec.max_vus = spec.pre_allocated_vus;
    if (auto most = reader.integer("max_vus", 1, max_vus)) {
        if (*most >= spec.pre_allocated_vus) {
            spec.max_vus = static_cast<int>(*most);
        } else {
            reader.diagnostics().error(*reader.get("max_vus"),
                                       "`max_vus` in executor must not be less than `pre_allocated_vus` (" +
                                           std::to_string(spec.pre_allocated_vus) + "), got " + std::to_string(*most));
        }
    }
    if (auto saturation = reader.choice("on_saturation", {"queue", "drop"})) {
        spec.on_saturation = *saturation == "drop" ? ExecutorSpec::Saturation::drop : ExecutorSpec::Saturation::queue;
    }
    if (auto queue = reader.integer("max_queue", 0, max_queue)) spec.max_queue = static_cast<std::uint64_t>(*queue);
    if (auto arrivals = reader.choice("arrivals", {"uniform", "poisson"})) {
        spec.arrivals = *arrivals == "poisson" ? ExecutorSpec::Arrivals::poisson : ExecutorSpec::Arrivals::uniform;
    }
}

void read_constant_arrival_rate(ObjectReader& reader, ExecutorSpec& spec) {
    if (auto rate = read_rate(reader, "rate", "executor", true)) {
        if (*rate > 0) {
            spec.rate = *rate;
        } else {
            reader.diagnostics().error(*reader.get("rate"), "`rate` in executor must be greater than 0");
        }
    }
    read_duration(reader, spec);
    read_open_model_options(reader, spec);
}

void read_rate_stages(const core::json::Value& node, core::Diagnostics& diags, ExecutorSpec& spec) {
    if (!check_stages_array(node, diags)) return;
    bool complete = true;
    for (const auto& item : node.items()) {
        ObjectReader stage(item, diags, "stage");
        const auto duration = stage.duration("duration", true);
        const auto target = read_rate(stage, "target", "stage", true);
        stage.finish();
        if (!duration || !target) {
            complete = false;
            continue;
        }
        spec.rate_stages.push_back(core::RateStage{*duration, *target});
    }
    check_stages_move(node, diags, complete, spec.rate_stages);
}

void read_ramping_arrival_rate(ObjectReader& reader, ExecutorSpec& spec) {
    if (auto start = read_rate(reader, "start_rate", "executor")) spec.start_rate = *start;
    if (const auto* stages = reader.require("stages")) read_rate_stages(*stages, reader.diagnostics(), spec);
    read_open_model_options(reader, spec);
}

struct ExecutorType {
    std::string_view name;
    Kind kind;
    void (*read)(ObjectReader&, ExecutorSpec&);
};

constexpr ExecutorType executor_types[] = {
    {constant_vus, Kind::constant_vus, read_constant_vus},
    {ramping_vus, Kind::ramping_vus, read_ramping_vus},
    {constant_arrival_rate, Kind::constant_arrival_rate, read_constant_arrival_rate},
    {ramping_arrival_rate, Kind::ramping_arrival_rate, read_ramping_arrival_rate},
};

}  // namespace

core::ExecutorSpec parse_executor(const core::json::Value& node, core::Diagnostics& diags) {
    ExecutorSpec spec;
    ObjectReader reader(node, diags, "executor");
    if (!reader.valid()) return spec;
    std::vector<std::string_view> names;
    for (const auto& t : executor_types) names.push_back(t.name);
    const auto type = reader.choice("type", names, true);
    const auto* chosen = std::find_if(std::begin(executor_types), std::end(executor_types),
                                      [&](const ExecutorType& t) { return type == t.name; });
    if (chosen != std::end(executor_types)) {
        spec.kind = chosen->kind;
        chosen->read(reader, spec);
        reject_other_types_keys(reader, chosen->kind, chosen->name);
    } else {
        // Without a usable type the type-specific keys cannot be judged.
        for (const auto& typed : typed_keys()) reader.allow(typed.key);
    }
    const auto iterations = reader.integer("iterations", 1, std::numeric_limits<std::int64_t>::max());
    if (iterations) spec.iterations = static_cast<std::uint64_t>(*iterations);
    if (auto stop = reader.duration("graceful_stop")) spec.graceful_stop = *stop;
    if (!spec.is_open_model()) {
        // Closed models, or no usable type: the key is known (and, for open models, rejected above).
        if (auto ramp_down = reader.duration("graceful_ramp_down")) spec.graceful_ramp_down = *ramp_down;
        if (auto interval = reader.duration("expected_interval")) {
            // The correction records one value per missing interval: a tiny
            // interval would make one slow response cost millions of records.
            if (*interval < std::chrono::milliseconds(1))
                diags.error(*reader.get("expected_interval"), "`expected_interval` in executor must be at least 1ms");
            else
                spec.expected_interval = *interval;
        }
    }
    reader.finish();
    return spec;
}

}  // namespace throng::scenarios
