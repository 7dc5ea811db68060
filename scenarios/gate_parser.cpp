#include "scenarios/gate_parser.hpp"

#include <cmath>
#include <optional>
#include <string>

#include "harness/core/object_reader.hpp"
#include "harness/core/units.hpp"

namespace throng::scenarios {

namespace {

using core::GateMetric;
namespace json = core::json;

// "+10%" / "10%" -> 0.10; for throughput (and the check rate) the sign, if
// written, must be '-': fewer is worse.
std::optional<double> tolerance(const json::Value& value, bool fewer_is_worse, const std::string& what,
                                core::Diagnostics& diags) {
    const std::string example = fewer_is_worse ? "\"-10%\"" : "\"+10%\"";
    if (!value.is_string()) {
        diags.error(value, "the tolerance of " + what + " must be a percentage like " + example + ", got " +
                               core::describe_value(value));
        return std::nullopt;
    }
    std::string text = value.as_string();
    const char sign = text.empty() ? ' ' : text.front();
    if (sign == '+' || sign == '-') text.erase(0, 1);
    const auto share = core::parse_percentage(text);
    if (!share || *share < 0 || !std::isfinite(*share) || (sign == '-' && !fewer_is_worse) ||
        (sign == '+' && fewer_is_worse)) {
        diags.error(value, "the tolerance of " + what + " must be a percentage like " + example + " (" +
                               (fewer_is_worse ? "how much lower" : "how much higher") +
                               " the candidate may be), got \"" + value.as_string() + "\"");
        return std::nullopt;
    }
    return *share;
}

// "p95", "p(99.9)" -> 95, 99.9.
std::optional<double> percentile_of(const std::string& text) {
    std::string digits = text;
    if (digits.starts_with("p(") && digits.ends_with(")"))
        digits = digits.substr(2, digits.size() - 3);
    else if (digits.starts_with("p"))
        digits = digits.substr(1);
    else
        return std::nullopt;
    if (digits.empty()) return std::nullopt;
    char* end = nullptr;
    const double p = std::strtod(digits.c_str(), &end);
    if (end != digits.c_str() + digits.size() || !(p > 0 && p <= 100)) return std::nullopt;
    return p;
}

void read_latency(const std::string& key, const ThresholdKey& parsed, const json::Value& value,
                  std::vector<GateMetric>& out, core::Diagnostics& diags) {
    if (!value.is_object()) {
        diags.error(value, "gate `" + key +
                               "` must be an object of percentiles and tolerances like "
                               "{\"p95\": \"+10%\"}, got " +
                               core::describe_value(value));
        return;
    }
    for (const auto& member : value.members()) {
        const auto percentile = percentile_of(member.key);
        if (!percentile) {
            diags.error(member.key_position, member.value.pointer(),
                        "gate `" + key + "`: `" + member.key + "` is not a percentile like p50, p95 or p99.9");
            continue;
        }
        const auto share = tolerance(member.value, false, "`" + key + "` " + member.key, diags);
        if (!share) continue;
        GateMetric m;
        m.kind = GateMetric::Kind::latency;
        m.timing = parsed.timing == core::Threshold::Timing::service_time    ? GateMetric::Timing::service_time
                   : parsed.timing == core::Threshold::Timing::response_time ? GateMetric::Timing::response_time
                                                                             : GateMetric::Timing::automatic;
        m.filter = parsed.filter;
        m.percentile = *percentile;
        m.tolerance = *share;
        m.key = key;
        m.statistic = member.key;
        out.push_back(std::move(m));
    }
}

void read_validity(const json::Value& node, core::GateValidity& v, core::Diagnostics& diags) {
    core::ObjectReader reader(node, diags, "gate `invalid_if`");
    const auto share = [&](const char* key, double& into) {
        const json::Value* value = reader.get(key);
        if (value == nullptr) return;
        const auto parsed = value->is_string() ? core::parse_percentage(value->as_string()) : std::nullopt;
        if (!parsed || *parsed < 0 || *parsed > 1)
            diags.error(*value, std::string("`") + key +
                                    "` in gate `invalid_if` must be a percentage like \"10%\", got " +
                                    core::describe_value(*value));
        else
            into = *parsed;
    };
    if (const auto lag = reader.duration("send_lag_p99"))
        v.max_send_lag_p99_ms = static_cast<double>(lag->count()) / 1e6;
    if (const auto lag = reader.duration("loop_lag_p99"))
        v.max_loop_lag_p99_ms = static_cast<double>(lag->count()) / 1e6;
    share("dropped", v.max_dropped_share);
    share("worker_busy", v.max_worker_busy);
    share("saturated_intervals", v.max_saturated_share);
    share("late_intervals", v.max_late_share);
    share("errors", v.max_error_rate);
    if (const auto n = reader.integer("intervals_below", 1, 100000)) v.min_intervals = static_cast<int>(*n);
    if (const auto same = reader.boolean("testbed_differs")) v.same_testbed = *same;
    reader.finish();
}

}  // namespace

core::GateRules parse_gate(const json::Value& node, const KnownTags& known, core::Diagnostics& diags) {
    core::GateRules rules;
    core::ObjectReader reader(node, diags, "gate");
    if (!reader.valid()) return rules;
    if (const json::Value* c = reader.get("confidence")) {
        std::optional<double> level = c->is_string()   ? core::parse_percentage(c->as_string())
                                      : c->is_number() ? std::optional<double>(c->as_number())
                                                       : std::nullopt;
        if (!level || !(*level >= 0.5 && *level < 1))
            diags.error(*c, "`confidence` in gate must be between 50% and 99.99%, like \"95%\", got " +
                                core::describe_value(*c));
        else
            rules.confidence = *level;
    }
    if (const auto n = reader.integer("resamples", 100, 100000)) rules.resamples = static_cast<int>(*n);
    if (const json::Value* v = reader.get("invalid_if")) read_validity(*v, rules.validity, diags);
    for (const auto& member : node.members()) {
        if (member.key == "confidence" || member.key == "resamples" || member.key == "invalid_if" ||
            member.key.starts_with('$') || member.key.starts_with("//"))
            continue;
        reader.allow(member.key);
        // "throughput" is the requests metric under a name that says what is judged.
        std::string key_text = member.key;
        if (key_text.starts_with("throughput")) key_text.replace(0, 10, "requests");
        ThresholdKey parsed;
        try {
            parsed = parse_threshold_key(key_text);
        } catch (const ThresholdSyntaxError& e) {
            diags.error(member.key_position, member.value.pointer(),
                        "gate key `" + member.key +
                            "`: expected latency, service_time, response_time, throughput, "
                            "errors or checks, optionally with a tag filter like {step:login}");
            continue;
        }
        if (auto problem = unknown_tag("gate key", member.key, parsed.filter, known)) {
            diags.error(member.key_position, member.value.pointer(), std::move(*problem));
            continue;
        }
        GateMetric m;
        m.key = member.key;
        m.filter = parsed.filter;
        m.statistic = "rate";
        switch (parsed.metric) {
        case core::Threshold::Metric::latency:
            read_latency(member.key, parsed, member.value, rules.metrics, diags);
            continue;
        case core::Threshold::Metric::requests: m.kind = GateMetric::Kind::throughput; break;
        case core::Threshold::Metric::errors: m.kind = GateMetric::Kind::error_rate; break;
        case core::Threshold::Metric::checks:
            m.kind = GateMetric::Kind::check_rate;
            if (!parsed.filter.empty()) {
                diags.error(member.key_position, member.value.pointer(),
                            "gate key `" + member.key + "`: the check pass rate is judged over all checks (no filter)");
                continue;
            }
            break;
        case core::Threshold::Metric::iterations:
            diags.error(member.key_position, member.value.pointer(),
                        "gate key `" + member.key + "`: iterations are not judged; use throughput");
            continue;
        }
        const bool fewer_is_worse = m.kind != GateMetric::Kind::error_rate;
        if (const auto share = tolerance(member.value, fewer_is_worse, "`" + member.key + "`", diags)) {
            m.tolerance = *share;
            rules.metrics.push_back(std::move(m));
        }
    }
    reader.finish();
    return rules;
}

}  // namespace throng::scenarios
