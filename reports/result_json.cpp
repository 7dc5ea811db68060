#include "reports/result_json.hpp"

#include <chrono>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/core/histogram_codec.hpp"
#include "harness/core/version.hpp"
#include "reports/atomic_file.hpp"
#include "reports/gate_json.hpp"
#include "reports/generator_health.hpp"
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

json tags_json(const core::Tags& tags) {
    json out = json::object();
    for (const auto& [key, value] : tags) out[key] = value;
    return out;
}

// A step's counters and latencies; `total` leaves out what names a step.
json step_json(const core::StepResult& s, double duration_s, bool total = false) {
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
        {"errors",
         {{"total", s.error_count()}, {"rate", s.error_rate()}, {"by_class", by_class}, {"by_code", s.error_codes}}},
        {"statuses", statuses},
        {"bytes", {{"sent", s.bytes_sent}, {"received", s.bytes_received}}},
        {"throughput_rps", duration_s > 0 ? static_cast<double>(s.requests) / duration_s : 0.0},
        {"latency_ms", latency_json(s.latency)},
    };
    // Open models: latency from the intended start, corrected for coordinated omission.
    if (s.response_time.count() > 0) out["response_time_ms"] = latency_json(s.response_time);
    if (s.rules_time.count() > 0) out["rules_ms"] = latency_json(s.rules_time);
    if (s.bytes_decoded > 0) out["bytes"]["decoded"] = s.bytes_decoded;
    // Lossless, in HdrHistogram's own encoding: results merge and re-analyse exactly.
    out["histograms"] = {{"service_time", core::encode_compressed(s.latency)}};
    if (s.response_time.count() > 0) out["histograms"]["response_time"] = core::encode_compressed(s.response_time);
    if (s.rules_time.count() > 0) out["histograms"]["rules_time"] = core::encode_compressed(s.rules_time);
    if (s.phases) {
        json phases = json::object();
        for (std::size_t i = 0; i < core::phase_count; ++i) {
            const core::Histogram& h = s.phases->of[i];
            if (h.count() == 0) continue;
            const std::string name(core::phase_names[i]);
            phases[name] = latency_json(h);
            out["histograms"]["phase_" + name] = core::encode_compressed(h);
        }
        if (!phases.empty()) out["phases_ms"] = std::move(phases);
    }
    if (!s.flow.empty()) out["flow"] = s.flow;
    if (!s.description.empty()) out["description"] = s.description;
    if (!total) {
        out["scenario"] = s.scenario;
        if (!s.group.empty()) out["group"] = s.group;
        out["tags"] = tags_json(s.tags);
    }
    return out;
}

json steps_json(const std::vector<core::StepResult>& steps, double duration_s) {
    json out = json::array();
    for (const auto& s : steps) out.push_back(step_json(s, duration_s));
    return out;
}

json scenarios_json(const std::vector<core::ScenarioResult>& scenarios) {
    json out = json::array();
    for (const auto& s : scenarios) {
        out.push_back({
            {"name", s.name},
            {"executor", s.executor},
            {"start_s", s.start_s},
            {"max_vus", s.max_vus},
            {"open_model", s.open_model},
            {"iterations",
             {{"completed", s.iterations_completed},
              {"interrupted", s.iterations_interrupted},
              {"dropped", s.iterations_dropped}}},
        });
    }
    return out;
}

json checks_json(const std::vector<core::CheckResult>& checks) {
    json out = json::array();
    for (const auto& c : checks) {
        const auto runs = c.passes + c.fails;
        out.push_back({
            {"name", c.name},
            {"step", c.step},
            {"scenario", c.scenario},
            {"tags", tags_json(c.tags)},
            {"passes", c.passes},
            {"fails", c.fails},
            // A check that never ran has no rate, rather than 0% or 100%.
            {"pass_rate", runs > 0 ? json(static_cast<double>(c.passes) / static_cast<double>(runs)) : json(nullptr)},
        });
    }
    return out;
}

// The rules as a comparison will apply them: the defaults when none were given.
core::GateRules effective_gate(const core::RunResult& r) {
    core::GateRules gate = r.gate;
    if (gate.metrics.empty()) gate.metrics = core::default_gate_metrics(!r.checks.empty());
    return gate;
}

json thresholds_json(const std::vector<core::ThresholdResult>& results, bool open_model) {
    json out = json::array();
    for (const auto& t : results) {
        const auto& threshold = t.threshold;
        const bool latency = observed_unit(threshold) == "ns";
        json entry = {
            {"metric", metric_name(threshold.metric)},
            {"key", key_text(threshold)},
            {"tags", tags_json(threshold.filter)},
            {"expression", threshold.source},
            {"evaluated", t.evaluated},
            {"passed", t.passed},
            {"unit", latency ? "ms" : observed_unit(threshold)},
            {"observed", t.evaluated ? json(latency ? ms(t.observed) : t.observed) : json(nullptr)},
            {"abort_on_fail", threshold.abort_on_fail},
        };
        if (threshold.abort_on_fail)
            entry["abort_delay_s"] = std::chrono::duration<double>(threshold.abort_delay).count();
        if (threshold.metric == core::Threshold::Metric::latency)
            entry["judges"] = judges_response_time(threshold, open_model) ? "response_time" : "service_time";
        out.push_back(std::move(entry));
    }
    return out;
}

}  // namespace

// The document, with or without each interval's histograms (checkpoints leave them out).
static json result_json(const core::RunResult& r, bool interval_histograms);

json result_to_json(const core::RunResult& r) { return result_json(r, true); }

json checkpoint_to_json(const core::RunResult& so_far) {
    json out = result_json(so_far, false);
    // The run's length is known only at its end: so far, up to the last interval.
    if (!so_far.intervals.empty() && so_far.duration_s == 0)
        out["run"]["duration_s"] = so_far.intervals.back().start_s + so_far.intervals.back().length_s;
    out["incomplete"] = true;
    out["passed"] = false;
    out["verdict"] = "incomplete";
    return out;
}

static json result_json(const core::RunResult& r, bool interval_histograms) {
    json intervals = json::array();
    for (const auto& iv : r.intervals) {
        json histograms = json::array();
        for (const auto& h : interval_histograms ? iv.histograms : std::vector<core::Interval::StepHistograms>{}) {
            json entry = {{"service_time", h.service_time}, {"requests", h.requests}, {"errors", h.errors}};
            if (!h.response_time.empty()) entry["response_time"] = h.response_time;
            if (h.warmup) entry["warmup"] = true;
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
            {"checks", {{"passes", iv.check_passes}, {"fails", iv.check_fails}}},
            {"cpu", {{"process_s", iv.process_cpu_s}, {"busiest_worker", iv.busiest_worker}}},
            {"loop_lag_ms",
             {{"p99", ms(static_cast<double>(iv.loop_lag_p99))}, {"max", ms(static_cast<double>(iv.loop_lag_max))}}},
            {"histograms", std::move(histograms)},
        });
        if (iv.warmup) intervals.back()["warmup"] = true;
        if (r.open_model)
            intervals.back()["send_lag_ms"] = {{"p99", ms(static_cast<double>(iv.send_lag_p99))},
                                               {"max", ms(static_cast<double>(iv.send_lag_max))}};
    }
    json runs = json::array();
    if (r.runs.empty()) {
        runs.push_back({{"started_at", r.started_at},
                        {"started_at_epoch_s", r.started_at_epoch_s},
                        {"duration_s", r.duration_s},
                        {"first_interval", 0},
                        {"intervals", r.intervals.size()}});
    }
    for (const auto& run : r.runs) {
        runs.push_back({{"started_at", run.started_at},
                        {"started_at_epoch_s", run.started_at_epoch_s},
                        {"duration_s", run.duration_s},
                        {"first_interval", run.first_interval},
                        {"intervals", run.interval_count}});
    }
    const auto& t = r.testbed;
    const json testbed = {{"cpu_model", t.cpu_model},           {"cores", t.cores},           {"kernel", t.kernel},
                          {"throng_version", t.throng_version}, {"build_type", t.build_type}, {"hostname", t.hostname}};
    json out = {
        {"schema_version", result_schema_version},
        {"throng_version", core::version},
        {"scenario",
         {{"name", r.scenario_name},
          {"description", r.scenario_description},
          {"file", r.scenario_file},
          {"hash", r.scenario_hash}}},
        {"run",
         {{"started_at", r.started_at},
          {"started_at_epoch_s", r.started_at_epoch_s},
          {"duration_s", r.duration_s},
          {"executor", r.executor},
          {"target", r.target_url},
          {"warnings", r.warnings},
          {"threads", r.threads},
          {"max_vus", r.max_vus},
          {"interrupted", r.interrupted},
          {"interrupt_reason", r.interrupt_reason},
          {"testbed", testbed},
          // What response_time_ms means in this result.
          {"response_time", r.open_model ? json{{"kind", "intended_start"}}
                            : r.expected_interval > 0
                                ? json{{"kind", "expected_interval"},
                                       {"expected_interval_ms", ms(static_cast<double>(r.expected_interval))}}
                                : json{{"kind", "none"}}}}},
        {"iterations",
         {{"completed", r.iterations_completed},
          {"interrupted", r.iterations_interrupted},
          {"dropped", r.iterations_dropped}}},
        {"open_model", r.open_model},
        {"scenarios", scenarios_json(r.scenarios)},
        {"total", step_json(r.total, r.duration_s, true)},
        {"steps", steps_json(r.steps, r.duration_s)},
        {"checks", checks_json(r.checks)},
        // Run once, outside the load: a throughput over the load's duration would mean nothing.
        {"setup", steps_json(r.setup, 0)},
        {"teardown", steps_json(r.teardown, 0)},
        {"setup_checks", checks_json(r.setup_checks)},
        {"teardown_checks", checks_json(r.teardown_checks)},
        {"intervals", intervals},
        {"runs", runs},
        {"thresholds", thresholds_json(r.thresholds, r.open_model)},
        {"passed", r.thresholds_passed()},
        {"aborted_by_threshold", r.aborted_by_threshold},
        {"gate", gate_to_json(effective_gate(r))},
    };
    if (r.warmup.duration_s > 0 || !r.warmup.steps.empty()) {
        out["warmup"] = {
            {"duration_s", r.warmup.duration_s},
            {"iterations",
             {{"completed", r.warmup.iterations_completed}, {"interrupted", r.warmup.iterations_interrupted}}},
            {"total", step_json(r.warmup.total, r.warmup.duration_s, true)},
            {"steps", steps_json(r.warmup.steps, r.warmup.duration_s)},
            {"checks", checks_json(r.warmup.checks)}};
    }
    const GeneratorHealth health = generator_health(r);
    out["generator"] = {{"loop_lag_ms", latency_json(r.loop_lag)},
                        {"loop_lag_histogram", core::encode_compressed(r.loop_lag)},
                        {"busiest_worker", health.busiest_worker},
                        {"saturated_intervals", health.saturated_intervals},
                        {"warnings", health.warnings}};
    out["verdict"] = verdict_of(out);
    if (!r.setup_error.empty()) out["setup_error"] = r.setup_error;
    if (r.open_model) {
        out["send_lag_ms"] = latency_json(r.send_lag);
        out["send_lag_histogram"] = core::encode_compressed(r.send_lag);
    }
    return out;
}

void require_readable_result(const json& result) {
    if (!result.is_object() || !result.contains("schema_version") || !result["schema_version"].is_number_integer())
        throw std::runtime_error("not a throng result (no schema_version)");
    const int version = result["schema_version"].get<int>();
    if (version > result_schema_version)
        throw std::runtime_error("result schema_version " + std::to_string(version) +
                                 " was written by a newer throng (" + result.value("throng_version", std::string("?")) +
                                 "); this one (" + core::version + ") reads versions " +
                                 std::to_string(oldest_readable_schema_version) + " to " +
                                 std::to_string(result_schema_version) + ": upgrade throng");
    if (version < oldest_readable_schema_version)
        throw std::runtime_error("unsupported result schema_version " + std::to_string(version));
}

std::string verdict_of(const json& result) {
    if (result.value("incomplete", false)) return "incomplete";
    if (result.contains("setup_error")) return "setup_failed";
    if (result.value("aborted_by_threshold", false)) return "thresholds_failed";
    if (result.contains("run") && result["run"].value("interrupted", false)) return "interrupted";
    if (!result.value("passed", true)) return "thresholds_failed";
    if (result.contains("comparison")) {
        std::string gate = result["comparison"].value("verdict", "");
        if (gate == "regression" || gate == "invalid" || gate == "inconclusive") return gate;
    }
    return "passed";
}

void write_result_json(const json& result, const std::filesystem::path& path) {
    // Invalid UTF-8 (say, a Latin-1 scenario name) must not cost the report.
    write_file_atomically(path, result.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

void write_result_json(const core::RunResult& result, const std::filesystem::path& path) {
    write_result_json(result_to_json(result), path);
}

}  // namespace throng::reports
