#include "scenarios/think_time_parser.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>

#include "harness/core/object_reader.hpp"

namespace throng::scenarios {

namespace {

using core::ObjectReader;
using core::ThinkTime;
using std::chrono::nanoseconds;

constexpr std::string_view distribution_keys[] = {"value", "min", "max", "mean", "stddev"};

// Keys that only other distributions use are named as such rather than "unknown".
void reject_other_keys(ObjectReader& reader, const std::string& distribution,
                       std::initializer_list<std::string_view> used) {
    for (auto key : distribution_keys) {
        if (std::find(used.begin(), used.end(), key) != used.end()) continue;
        reader.reject(key, "`" + std::string(key) + "` is not used by the " + distribution + " distribution");
    }
}

// `max` below `min` is reported at `max`; true when the range is usable.
bool ordered(ObjectReader& reader, const std::optional<nanoseconds>& min, const std::optional<nanoseconds>& max,
             const std::string& what) {
    if (!min || !max || *min <= *max) return true;
    reader.diagnostics().error(*reader.get("max"), "`max` in " + what + " must not be less than `min`");
    return false;
}

std::optional<ThinkTime> read_distribution(const core::json::Value& node, core::Diagnostics& diags,
                                           const std::string& what) {
    ObjectReader reader(node, diags, what);
    const auto distribution = reader.choice("distribution", {"constant", "uniform", "exponential", "normal"}, true);
    std::optional<ThinkTime> out;
    if (distribution == "constant") {
        if (auto value = reader.duration("value", true)) out = ThinkTime::constant(*value);
        reject_other_keys(reader, *distribution, {"value"});
    } else if (distribution == "uniform") {
        const auto min = reader.duration("min", true);
        const auto max = reader.duration("max", true);
        if (min && max && ordered(reader, min, max, what)) out = ThinkTime::uniform(*min, *max);
        reject_other_keys(reader, *distribution, {"min", "max"});
    } else if (distribution == "exponential") {
        const auto mean = reader.duration("mean", true);
        const auto cap = reader.duration("max");
        if (mean) out = ThinkTime::exponential(*mean, cap.value_or(nanoseconds{0}));
        reject_other_keys(reader, *distribution, {"mean", "max"});
    } else if (distribution == "normal") {
        const auto mean = reader.duration("mean", true);
        const auto stddev = reader.duration("stddev", true);
        const auto min = reader.duration("min");
        const auto max = reader.duration("max");
        if (mean && stddev && ordered(reader, min, max, what)) {
            out = ThinkTime::normal(*mean, *stddev, min.value_or(nanoseconds{0}), max.value_or(nanoseconds{0}));
        }
        reject_other_keys(reader, *distribution, {"mean", "stddev", "min", "max"});
    } else {
        for (auto key : distribution_keys) reader.allow(key);
    }
    reader.finish();
    return out;
}

}  // namespace

std::optional<ThinkTime> parse_think(const core::json::Value& node, std::string_view key, std::string_view owner,
                                     core::Diagnostics& diags) {
    const std::string name = "`" + std::string(key) + "` in " + std::string(owner);
    if (node.is_object()) return read_distribution(node, diags, std::string(owner) + "." + std::string(key));
    if (node.is_string() || node.is_number()) {
        if (auto pause = core::duration_of(node)) return ThinkTime::constant(*pause);
        diags.error(node, name +
                              " must be a duration like \"250ms\", \"30s\" or \"1m30s\", or a number of seconds, "
                              "got " +
                              core::describe_value(node));
        return std::nullopt;
    }
    diags.error(node, name +
                          " must be a duration like \"100ms\" or an object like {\"distribution\": \"uniform\", "
                          "\"min\": \"50ms\", \"max\": \"150ms\"}, got " +
                          std::string(node.kind_name()));
    return std::nullopt;
}

ThinkTimes parse_think_times(const core::json::Value& node, core::Diagnostics& diags) {
    ThinkTimes out;
    ObjectReader reader(node, diags, "think_time");
    if (const auto* between_steps = reader.get("between_steps")) {
        out.between_steps = parse_think(*between_steps, "between_steps", "think_time", diags);
    }
    if (const auto* between_iterations = reader.get("between_iterations")) {
        out.between_iterations = parse_think(*between_iterations, "between_iterations", "think_time", diags);
    }
    reader.finish();
    return out;
}

}  // namespace throng::scenarios
