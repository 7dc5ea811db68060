#include "reports/gate_json.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace throng::reports {

using core::GateMetric;
using nlohmann::json;

namespace {

const char* kind_name(GateMetric::Kind kind) {
    switch (kind) {
    case GateMetric::Kind::latency: return "latency";
    case GateMetric::Kind::throughput: return "throughput";
    case GateMetric::Kind::error_rate: return "error_rate";
    case GateMetric::Kind::check_rate: return "check_rate";
    }
    return "?";
}

GateMetric::Kind kind_from(const std::string& name) {
    if (name == "latency") return GateMetric::Kind::latency;
    if (name == "throughput") return GateMetric::Kind::throughput;
    if (name == "error_rate") return GateMetric::Kind::error_rate;
    if (name == "check_rate") return GateMetric::Kind::check_rate;
    throw std::invalid_argument("unknown gate metric `" + name + "`");
}

const char* timing_name(GateMetric::Timing timing) {
    switch (timing) {
    case GateMetric::Timing::automatic: return "automatic";
    case GateMetric::Timing::service_time: return "service_time";
    case GateMetric::Timing::response_time: return "response_time";
    }
    return "?";
}

GateMetric::Timing timing_from(const std::string& name) {
    if (name == "service_time") return GateMetric::Timing::service_time;
    if (name == "response_time") return GateMetric::Timing::response_time;
    return GateMetric::Timing::automatic;
}

}  // namespace

std::string gate_statistic(const GateMetric& metric) {
    if (!metric.statistic.empty()) return metric.statistic;
    if (metric.kind != GateMetric::Kind::latency) return "rate";
    char text[32];
    std::snprintf(text, sizeof text, "p%g", metric.percentile);
    return text;
}

std::string gate_metric_label(const GateMetric& metric) {
    std::string key = metric.key;
    if (key.empty()) {
        key = metric.kind == GateMetric::Kind::error_rate   ? "errors"
              : metric.kind == GateMetric::Kind::check_rate ? "checks"
                                                            : kind_name(metric.kind);
        if (!metric.filter.empty()) {
            key += "{";
            bool first = true;
            for (const auto& [tag, value] : metric.filter) {
                key += (first ? "" : ",") + tag + ":" + value;
                first = false;
            }
            key += "}";
        }
    }
    return metric.kind == GateMetric::Kind::latency ? key + " " + gate_statistic(metric) : key;
}

json gate_to_json(const core::GateRules& rules) {
    json metrics = json::array();
    for (const auto& m : rules.metrics) {
        json entry = {{"key", gate_metric_label(m)},
                      {"metric", kind_name(m.kind)},
                      {"statistic", gate_statistic(m)},
                      {"tags", m.filter},
                      {"tolerance", m.tolerance}};
        if (m.kind == GateMetric::Kind::latency) {
            entry["percentile"] = m.percentile;
            entry["judges"] = timing_name(m.timing);
        }
        metrics.push_back(std::move(entry));
    }
    const auto& v = rules.validity;
    return {{"confidence", rules.confidence},
            {"resamples", rules.resamples},
            {"metrics", metrics},
            {"invalid_if",
             {{"send_lag_p99_ms", v.max_send_lag_p99_ms},
              {"loop_lag_p99_ms", v.max_loop_lag_p99_ms},
              {"dropped_share", v.max_dropped_share},
              {"worker_busy", v.max_worker_busy},
              {"saturated_share", v.max_saturated_share},
              {"late_share", v.max_late_share},
              {"error_rate", v.max_error_rate},
              {"intervals_below", v.min_intervals},
              {"testbed_differs", v.same_testbed}}}};
}

core::GateRules gate_from_json(const json& gate, bool has_checks) {
    core::GateRules rules;
    if (!gate.is_object()) {
        rules.metrics = core::default_gate_metrics(has_checks);
        return rules;
    }
    try {
        rules.confidence = gate.value("confidence", rules.confidence);
        rules.resamples = gate.value("resamples", rules.resamples);
        if (gate.contains("invalid_if")) {
            const json& v = gate.at("invalid_if");
            auto& out = rules.validity;
            out.max_send_lag_p99_ms = v.value("send_lag_p99_ms", out.max_send_lag_p99_ms);
            out.max_loop_lag_p99_ms = v.value("loop_lag_p99_ms", out.max_loop_lag_p99_ms);
            out.max_dropped_share = v.value("dropped_share", out.max_dropped_share);
            out.max_worker_busy = v.value("worker_busy", out.max_worker_busy);
            out.max_saturated_share = v.value("saturated_share", out.max_saturated_share);
            out.max_late_share = v.value("late_share", out.max_late_share);
            out.max_error_rate = v.value("error_rate", out.max_error_rate);
            out.min_intervals = v.value("intervals_below", out.min_intervals);
            out.same_testbed = v.value("testbed_differs", out.same_testbed);
        }
        for (const json& entry : gate.value("metrics", json::array())) {
            GateMetric m;
            m.kind = kind_from(entry.at("metric").get<std::string>());
            m.tolerance = entry.at("tolerance").get<double>();
            m.filter = entry.value("tags", std::map<std::string, std::string>{});
            m.statistic = entry.value("statistic", "");
            if (m.kind == GateMetric::Kind::latency) {
                m.percentile = entry.at("percentile").get<double>();
                m.timing = timing_from(entry.value("judges", "automatic"));
            }
            std::string key = entry.value("key", "");
            // The label carries the statistic; the key is the part before it.
            if (m.kind == GateMetric::Kind::latency && key.ends_with(" " + m.statistic))
                key.resize(key.size() - m.statistic.size() - 1);
            m.key = key;
            rules.metrics.push_back(std::move(m));
        }
    } catch (const json::exception& e) {
        throw std::invalid_argument(std::string("malformed gate section: ") + e.what());
    }
    if (!(rules.confidence > 0.5 && rules.confidence < 1))
        throw std::invalid_argument("gate confidence must be in (0.5, 1)");
    if (rules.resamples < 100) throw std::invalid_argument("gate resamples must be at least 100");
    if (rules.metrics.empty()) rules.metrics = core::default_gate_metrics(has_checks);
    return rules;
}

}  // namespace throng::reports
