#include "reports/result_json.hpp"

#include <nlohmann/json.hpp>

#include "harness/core/histogram_codec.hpp"
#include "harness/core/version.hpp"
#include "reports/atomic_file.hpp"
#include "reports/thresholds.hpp"

namespace throng::reports {

using nlohmann::json;

namespace {

double ms(double ns) { return ns / 1e6; }

json latency_json(const core::Histogram& h) {
    return {
        {"count", h.count()},
        {"min", ms(static_cast<double>(h.min()))},
        {"p50", ms(static_cast<double>(h.value_at_percentile(50)))},
        {"p75", ms(static_cast<double>(h.value_at_percentile(75)))},
        {"p90", ms(static_cast<double>(h.value_at_percentile(90)))},
        {"p95", ms(static_cast<double>(h.value_at_percentile(95)))},
        {"p99", ms(static_cast<double>(h.value_at_percentile(99)))},
        {"p99.9", ms(static_cast<double>(h.value_at_percentile(99.9)))},
        {"p99.99", ms(static_cast<double>(h.value_at_percentile(99.99)))},
        {"max", ms(static_cast<double>(h.max()))},
        {"mean", ms(h.mean())},
        {"stdev", ms(h.stdev())},
    };
}

json step_json(const core::StepResult& s, double duration_s) {
    json by_class = json::object();
    for (auto c : core::all_error_classes())
        if (c != core::ErrorClass::none && s.errors[static_cast<std::size_t>(c)] != 0)
            by_class[std::string(core::name_of(c))] = s.errors[static_cast<std::size_t>(c)];
    json statuses = json::object();
    for (const auto& [status, n] : s.statuses) statuses[std::to_string(status)] = n;
    json out = {
        {"name", s.name},
        {"requests", s.requests},
        {"responses", s.responses},
        {"errors", {{"total", s.error_count()}, {"rate", s.error_rate()}, {"by_class", by_class}}},
        {"statuses", statuses},
        {"bytes", {{"sent", s.bytes_sent}, {"received", s.bytes_received}}},
        {"throughput_rps", duration_s > 0 ? static_cast<double>(s.requests) / duration_s : 0.0},
        {"latency_ms", latency_json(s.latency)},
    };
    // Open models: latency from the intended start, corrected for coordinated omission.
    if (s.response_time.count() > 0) out["response_time_ms"] = latency_json(s.response_time);
    // Lossless, in HdrHistogram's own encoding: results merge and re-analyse exactly.
    out["histograms"] = {{"service_time", core::encode_compressed(s.latency)}};
    if (s.response_time.count() > 0) out["histograms"]["response_time"] = core::encode_compressed(s.response_time);
    if (!s.flow.empty()) out["flow"] = s.flow;
    if (!s.description.empty()) out["description"] = s.description;
    return out;
}

const char* metric_name(core::Threshold::Metric m) {
    switch (m) {
    case core::Threshold::Metric::latency: return "latency";
    case core::Threshold::Metric::errors: return "errors";
    case core::Threshold::Metric::requests: return "requests";
    }
    return "?";
}

}  // namespace

json result_to_json(const core::RunResult& r) {
    json intervals = json::array();
    for (const auto& iv : r.intervals) {
        json histograms = json::array();
        for (const auto& h : iv.histograms) {
            json entry = {{"service_time", h.service_time}};
            if (!h.response_time.empty()) entry["response_time"] = h.response_time;
            histograms.push_back(std::move(entry));
        }
        intervals.push_back({
            {"start_s", iv.start_s},
            {"length_s", iv.length_s},
            {"vus", iv.vus},
            {"requests", iv.requests},
            {"errors", iv.errors},
            {"iterations", iv.iterations},
            {"started", iv.started},
            {"dropped", iv.dropped},
            {"rps", iv.length_s > 0 ? static_cast<double>(iv.requests) / iv.length_s : 0.0},
            {"latency_ms",
             {{"p50", ms(static_cast<double>(iv.p50))},
              {"p90", ms(static_cast<double>(iv.p90))},
              {"p95", ms(static_cast<double>(iv.p95))},
              {"p99", ms(static_cast<double>(iv.p99))},
              {"max", ms(static_cast<double>(iv.max))}}},
            {"histograms", std::move(histograms)},
        });
    }
    json steps = json::array();
    for (const auto& s : r.steps) steps.push_back(step_json(s, r.duration_s));
    json thresholds = json::array();
    for (const auto& t : r.thresholds) {
        const bool latency = t.threshold.metric == core::Threshold::Metric::latency &&
                             t.threshold.aggregate != core::Threshold::Aggregate::count;
        json entry = {
            {"metric", metric_name(t.threshold.metric)},
            {"key", t.threshold.key},
            {"expression", t.threshold.source},
            {"evaluated", t.evaluated},
            {"passed", t.passed},
            {"unit", latency ? "ms" : observed_unit(t.threshold)},
            {"observed", t.evaluated ? json(latency ? ms(t.observed) : t.observed) : json(nullptr)},
        };
        if (!t.threshold.step.empty()) entry["step"] = t.threshold.step;
        if (t.threshold.metric == core::Threshold::Metric::latency)
            entry["judges"] = judges_response_time(t.threshold, r.open_model) ? "response_time" : "service_time";
        thresholds.push_back(std::move(entry));
    }
    json out = {
        {"schema_version", result_schema_version},
        {"throng_version", core::version},
        {"scenario", {{"name", r.scenario_name}, {"description", r.scenario_description}, {"file", r.scenario_file}}},
        {"run",
         {{"started_at", r.started_at},
          {"started_at_epoch_s", r.started_at_epoch_s},
          {"duration_s", r.duration_s},
          {"executor", r.executor},
          {"target", r.target_url},
          {"threads", r.threads},
          {"max_vus", r.max_vus},
          {"interrupted", r.interrupted},
          {"interrupt_reason", r.interrupt_reason},
          // What response_time_ms means in this result.
          {"response_time",
           r.open_model                ? json{{"kind", "intended_start"}}
           : r.expected_interval > 0 ? json{{"kind", "expected_interval"},
                                            {"expected_interval_ms", ms(static_cast<double>(r.expected_interval))}}
                                     : json{{"kind", "none"}}}}},
        {"iterations",
         {{"completed", r.iterations_completed},
          {"interrupted", r.iterations_interrupted},
          {"dropped", r.iterations_dropped}}},
        {"open_model", r.open_model},
        {"total", step_json(r.total, r.duration_s)},
        {"steps", steps},
        {"intervals", intervals},
        {"thresholds", thresholds},
        {"passed", r.thresholds_passed()},
    };
    if (r.open_model) {
        out["send_lag_ms"] = latency_json(r.send_lag);
        out["send_lag_histogram"] = core::encode_compressed(r.send_lag);
    }
    return out;
}

void write_result_json(const core::RunResult& result, const std::filesystem::path& path) {
    // Invalid UTF-8 (say, a Latin-1 scenario name) must not cost the report.
    write_file_atomically(path, result_to_json(result).dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

}  // namespace throng::reports
