#include "reports/report_values.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "reports/result_fields.hpp"

namespace throng::reports::values {

using nlohmann::json;

namespace {

const std::string missing = "n/a";

// What follows a number in `unit` (a result's "ms", "1/s", "count", ...; not "ratio").
std::string unit_suffix(const std::string& unit) {
    if (unit == "ms") return " ms";
    if (unit == "1/s") return "/s";
    if (unit == "count" || unit.empty()) return "";
    return " " + unit;
}

// A value in a result's unit: a ratio as a percentage.
std::string in_unit(double value, const std::string& unit, int digits) {
    if (unit == "ratio") return significant(100 * value, digits) + "%";
    // Counts are whole: all their digits.
    if (unit == "count") return significant(value, std::max(digits, 15));
    return significant(value, digits) + unit_suffix(unit);
}

std::string signed_number(double value, int digits) {
    std::string number = significant(value, digits);
    return number.front() == '-' || number == "0" ? number : "+" + number;
}

bool relative(const json& metric) { return fields::text(metric, "tolerance_kind") != "absolute"; }

// A change, or a bound of its interval, in the metric's tolerance kind.
std::string signed_change(const json& metric, double value) {
    if (relative(metric)) return signed_number(100 * value, 3) + "%";
    const std::string unit = fields::text(metric, "unit");
    if (unit == "ratio") return signed_number(100 * value, 3) + " pp";  // percentage points
    return signed_number(value, 3) + unit_suffix(unit);
}

}  // namespace

std::string significant(double value, int digits) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    if (value == 0) return "0";
    const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
    const int decimals = std::clamp(digits - 1 - magnitude, 0, 9);
    char buffer[400];  // %.0f of the largest double has 309 digits
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    std::string text = buffer;
    if (text.find('.') != std::string::npos) {
        text.erase(text.find_last_not_of('0') + 1);
        if (text.back() == '.') text.pop_back();
    }
    return text == "-0" ? "0" : text;
}

std::string observed(const json& threshold) {
    const auto value = fields::number(threshold, "observed");
    if (!fields::flag(threshold, "evaluated", value.has_value()) || !value) return "no data";
    return in_unit(*value, fields::text(threshold, "unit"), 4);
}

std::string threshold_outcome(const json& threshold) {
    return fields::text(threshold, "expression") + ": observed " + observed(threshold);
}

std::string latency(double ms) {
    if (std::fabs(ms) < 1) {
        // 0.9996 ms would round to "1000 µs": that is 1 ms.
        if (significant(ms * 1000, 3) != "1000") return significant(ms * 1000, 3) + " µs";
        return "1 ms";
    }
    if (std::fabs(ms) < 1000 && significant(ms, 3) != "1000") return significant(ms, 3) + " ms";
    return significant(ms / 1000, 3) + " s";
}

std::string metric_value(const json& metric, const std::string& key) {
    const auto value = fields::number(metric, key);
    return value ? in_unit(*value, fields::text(metric, "unit"), 4) : missing;
}

std::string change(const json& metric) {
    const auto value = fields::number(metric, "change");
    return value ? signed_change(metric, *value) : missing;
}

std::string interval(const json& metric) {
    const json& bounds = fields::member(metric, "interval");
    if (!bounds.is_array() || bounds.size() != 2 || !bounds[0].is_number() || !bounds[1].is_number()) return missing;
    return signed_change(metric, bounds[0].get<double>()) + " to " + signed_change(metric, bounds[1].get<double>());
}

std::string tolerance(const json& metric) {
    const auto value = fields::number(metric, "tolerance");
    if (!value) return missing;
    const bool higher_is_better = fields::text(metric, "better") == "higher";
    return signed_change(metric, higher_is_better ? -std::fabs(*value) : std::fabs(*value));
}

std::string confidence(const json& comparison) {
    const auto value = fields::number(comparison, "confidence");
    return value ? significant(100 * *value, 3) + "%" : std::string();
}

std::string metric_outcome(const json& metric, const json& comparison) {
    const std::string level = confidence(comparison);
    return change(metric) + " (" + (level.empty() ? "" : level + " ") + "interval " + interval(metric) +
           "), tolerance " + tolerance(metric) + "; " + metric_value(metric, "baseline") + " → " +
           metric_value(metric, "candidate");
}

}  // namespace throng::reports::values
