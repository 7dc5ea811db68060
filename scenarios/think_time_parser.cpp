#include "scenarios/think_time_parser.hpp"

#include <algorithm>
#include <initializer_list>
#include <optional>

#include "harness/core/object_reader.hpp"

namespace throng::scenarios {

namespace {

using core::ObjectReader;
using core::ThinkTime;

constexpr std::string_view distribution_keys[] = {"value", "min", "max", "mean"};

// Keys that only other distributions use are named as such rather than "unknown".
void reject_other_keys(ObjectReader& reader, const std::string& distribution,
                       std::initializer_list<std::string_view> used) {
    for (auto key : distribution_keys) {
        if (std::find(used.begin(), used.end(), key) != used.end()) continue;
        reader.reject(key, "`" + std::string(key) + "` is not used by the " + distribution + " distribution");
    }
}

std::optional<ThinkTime> read_distribution(const core::json::Value& node, core::Diagnostics& diags,
                                           const std::string& what) {
    ObjectReader reader(node, diags, what);
    const auto distribution = reader.choice("distribution", {"constant", "uniform", "exponential"}, true);
    std::optional<ThinkTime> out;
    if (distribution == "constant") {
        if (auto value = reader.duration("value", true)) out = ThinkTime::constant(*value);
        reject_other_keys(reader, *distribution, {"value"});
    } else if (distribution == "uniform") {
        const auto min = reader.duration("min", true);
        const auto max = reader.duration("max", true);
        if (min && max && *min > *max) {
            diags.error(*reader.get("max"), "`max` in " + what + " must not be less than `min`");
        } else if (min && max) {
            out = ThinkTime::uniform(*min, *max);
        }
        reject_other_keys(reader, *distribution, {"min", "max"});
    } else if (distribution == "exponential") {
        const auto mean = reader.duration("mean", true);
        const auto cap = reader.duration("max");
        if (mean) out = ThinkTime::exponential(*mean, cap.value_or(std::chrono::nanoseconds{0}));
        reject_other_keys(reader, *distribution, {"mean", "max"});
    } else {
        for (auto key : distribution_keys) reader.allow(key);
    }
    reader.finish();
    return out;
}

// A THINK value found at owner[key]; none when absent or wrong.
ThinkTime read_think_time(ObjectReader& owner, std::string_view key) {
    const core::json::Value* node = owner.get(key);
    if (node == nullptr) return {};
    if (node->is_object()) {
        return read_distribution(*node, owner.diagnostics(), "think_time." + std::string(key)).value_or(ThinkTime{});
    }
    if (node->is_string() || node->is_number()) {
        if (auto pause = owner.duration(key)) return ThinkTime::constant(*pause);
        return {};
    }
    owner.diagnostics().error(*node, "`" + std::string(key) +
                                         "` in think_time must be a duration like \"100ms\" or an object like "
                                         "{\"distribution\": \"uniform\", \"min\": \"50ms\", \"max\": \"150ms\"}, got " +
                                         std::string(node->kind_name()));
    return {};
}

}  // namespace

ThinkTimes parse_think_times(const core::json::Value& node, core::Diagnostics& diags) {
    ThinkTimes out;
    ObjectReader reader(node, diags, "think_time");
    out.between_steps = read_think_time(reader, "between_steps");
    out.between_iterations = read_think_time(reader, "between_iterations");
    reader.finish();
    return out;
}

}  // namespace throng::scenarios
