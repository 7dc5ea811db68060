#include "reports/result_reader.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/core/histogram_codec.hpp"
#include "reports/gate_json.hpp"
#include "reports/result_json.hpp"

namespace throng::reports {

using nlohmann::json;

namespace {

std::int64_t ns_of_ms(double ms) { return static_cast<std::int64_t>(std::llround(ms * 1e6)); }

// A class no protocol of this build declares (a plug-in's) keeps its name.
// What cannot be a class's name (the schema's pattern; `none` is no error),
// and names past ErrorClass::capacity, are counted as `other`.
core::ErrorClass class_named(const std::string& name) {
    const bool well_formed = !name.empty() && name != "none" && name.front() >= 'a' && name.front() <= 'z' &&
                             std::all_of(name.begin(), name.end(), [](char c) {
                                 return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                             });
    if (!well_formed) return core::ErrorClass::other;
    try {
        return core::ErrorClass::declare(name);
    } catch (const std::length_error&) {
        return core::ErrorClass::other;
    }
}

core::Histogram histogram(const json& step, const char* kind, const char* summary) {
    const json& encoded = step.value("histograms", json::object());
    if (!encoded.contains(kind)) return core::Histogram();
    core::Histogram h = core::decode_compressed(encoded[kind].get<std::string>());
    if (step.contains(summary)) {
        const json& s = step[summary];
        h.restore_extremes(ns_of_ms(s.value("min", 0.0)), ns_of_ms(s.value("max", 0.0)));
    }
    return h;
}

core::Tags tags_of(const json& object) { return object.value("tags", core::Tags{}); }

core::StepResult step_of(const json& j) {
    core::StepResult s;
    s.name = j.value("name", "");
    s.flow = j.value("flow", "");
    s.scenario = j.value("scenario", "");
    s.group = j.value("group", "");
    s.description = j.value("description", "");
    s.tags = tags_of(j);
    s.requests = j.value("requests", std::uint64_t{0});
    s.responses = j.value("responses", std::uint64_t{0});
    const json& errors = j.at("errors");
    const json by_class = errors.value("by_class", json::object());
    for (const auto& [name, n] : by_class.items())
        s.errors[static_cast<std::size_t>(class_named(name))] += n.get<std::uint64_t>();
    s.error_codes = errors.value("by_code", std::map<std::string, std::uint64_t>{});
    const json statuses = j.value("statuses", json::object());
    for (const auto& [status, n] : statuses.items()) s.statuses[std::stoi(status)] = n.get<std::uint64_t>();
    s.bytes_sent = j.at("bytes").value("sent", std::uint64_t{0});
    s.bytes_received = j.at("bytes").value("received", std::uint64_t{0});
    s.bytes_decoded = j.at("bytes").value("decoded", std::uint64_t{0});
    s.latency = histogram(j, "service_time", "latency_ms");
    s.response_time = histogram(j, "response_time", "response_time_ms");
    s.rules_time = histogram(j, "rules_time", "rules_ms");
    if (j.contains("phases_ms")) {
        s.phases.emplace();
        const json& phases = j["phases_ms"];
        const json& encoded = j.value("histograms", json::object());
        for (std::size_t i = 0; i < core::phase_count; ++i) {
            const std::string name(core::phase_names[i]);
            if (!encoded.contains("phase_" + name)) continue;
            core::Histogram h = core::decode_compressed(encoded["phase_" + name].get<std::string>());
            if (phases.contains(name))
                h.restore_extremes(ns_of_ms(phases[name].value("min", 0.0)), ns_of_ms(phases[name].value("max", 0.0)));
            s.phases->of[i] = std::move(h);
        }
    }
    return s;
}

std::vector<core::StepResult> steps_of(const json& list) {
    std::vector<core::StepResult> out;
    for (const json& j : list) out.push_back(step_of(j));
    return out;
}

std::vector<core::CheckResult> checks_of(const json& list) {
    std::vector<core::CheckResult> out;
    for (const json& j : list) {
        core::CheckResult c;
        c.name = j.value("name", "");
        c.step = j.value("step", "");
        c.scenario = j.value("scenario", "");
        c.tags = tags_of(j);
        c.passes = j.value("passes", std::uint64_t{0});
        c.fails = j.value("fails", std::uint64_t{0});
        out.push_back(std::move(c));
    }
    return out;
}

core::Interval interval_of(const json& j) {
    core::Interval iv;
    iv.start_s = j.value("start_s", 0.0);
    iv.length_s = j.value("length_s", 0.0);
    iv.vus = j.value("vus", 0);
    iv.requests = j.value("requests", std::uint64_t{0});
    iv.errors = j.value("errors", std::uint64_t{0});
    iv.iterations = j.value("iterations", std::uint64_t{0});
    iv.started = j.value("started", std::uint64_t{0});
    iv.dropped = j.value("dropped", std::uint64_t{0});
    const json& latency = j.value("latency_ms", json::object());
    iv.p50 = ns_of_ms(latency.value("p50", 0.0));
    iv.p90 = ns_of_ms(latency.value("p90", 0.0));
    iv.p95 = ns_of_ms(latency.value("p95", 0.0));
    iv.p99 = ns_of_ms(latency.value("p99", 0.0));
    iv.max = ns_of_ms(latency.value("max", 0.0));
    if (j.contains("checks")) {
        iv.check_passes = j["checks"].value("passes", std::uint64_t{0});
        iv.check_fails = j["checks"].value("fails", std::uint64_t{0});
    }
    if (j.contains("loop_lag_ms")) {
        iv.loop_lag_p99 = ns_of_ms(j["loop_lag_ms"].value("p99", 0.0));
        iv.loop_lag_max = ns_of_ms(j["loop_lag_ms"].value("max", 0.0));
    }
    if (j.contains("send_lag_ms")) {
        iv.send_lag_p99 = ns_of_ms(j["send_lag_ms"].value("p99", 0.0));
        iv.send_lag_max = ns_of_ms(j["send_lag_ms"].value("max", 0.0));
    }
    if (j.contains("cpu")) {
        iv.process_cpu_s = j["cpu"].value("process_s", 0.0);
        iv.busiest_worker = j["cpu"].value("busiest_worker", 0.0);
    }
    const json histograms = j.value("histograms", json::array());
    for (const json& h : histograms)
        iv.histograms.push_back({h.value("service_time", ""), h.value("response_time", ""),
                                 h.value("requests", std::uint64_t{0}), h.value("errors", std::uint64_t{0}),
                                 h.value("warmup", false)});
    iv.warmup = j.value("warmup", false);
    return iv;
}

core::ThresholdResult threshold_of(const json& j, const ThresholdParser& parse) {
    core::ThresholdResult t;
    t.threshold = parse(j.at("key").get<std::string>(), j.at("expression").get<std::string>());
    t.threshold.abort_on_fail = j.value("abort_on_fail", false);
    t.threshold.abort_delay =
        std::chrono::nanoseconds(static_cast<std::int64_t>(std::llround(j.value("abort_delay_s", 0.0) * 1e9)));
    t.evaluated = j.value("evaluated", false);
    t.passed = j.value("passed", false);
    if (t.evaluated && j["observed"].is_number()) {
        const double observed = j["observed"].get<double>();
        t.observed = j.value("unit", "") == "ms" ? observed * 1e6 : observed;
    }
    return t;
}

}  // namespace

core::RunResult result_from_json(const json& j, const ThresholdParser& parse_threshold) {
    require_readable_result(j);
    try {
        core::RunResult r;
        const json& scenario = j.at("scenario");
        r.scenario_name = scenario.value("name", "");
        r.scenario_description = scenario.value("description", "");
        r.scenario_file = scenario.value("file", "");
        r.scenario_hash = scenario.value("hash", "");
        const json& run = j.at("run");
        r.started_at = run.value("started_at", "");
        r.started_at_epoch_s = run.value("started_at_epoch_s", 0.0);
        r.duration_s = run.value("duration_s", 0.0);
        r.executor = run.value("executor", "");
        r.target_url = run.value("target", "");
        r.warnings = run.value("warnings", std::vector<std::string>{});
        r.threads = run.value("threads", 0);
        r.max_vus = run.value("max_vus", 0);
        r.interrupted = run.value("interrupted", false);
        r.interrupt_reason = run.value("interrupt_reason", "");
        const json& response_time = run.value("response_time", json::object());
        if (response_time.value("kind", "") == "expected_interval")
            r.expected_interval = ns_of_ms(response_time.value("expected_interval_ms", 0.0));
        if (run.contains("testbed")) {
            const json& t = run["testbed"];
            r.testbed.cpu_model = t.value("cpu_model", "");
            r.testbed.cores = t.value("cores", 0);
            r.testbed.kernel = t.value("kernel", "");
            r.testbed.throng_version = t.value("throng_version", "");
            r.testbed.build_type = t.value("build_type", "");
            r.testbed.hostname = t.value("hostname", "");
        }
        const json& iterations = j.at("iterations");
        r.iterations_completed = iterations.value("completed", std::uint64_t{0});
        r.iterations_interrupted = iterations.value("interrupted", std::uint64_t{0});
        r.iterations_dropped = iterations.value("dropped", std::uint64_t{0});
        r.open_model = j.value("open_model", false);
        if (j.contains("send_lag_histogram")) {
            r.send_lag = core::decode_compressed(j["send_lag_histogram"].get<std::string>());
            const json& lag = j.value("send_lag_ms", json::object());
            r.send_lag.restore_extremes(ns_of_ms(lag.value("min", 0.0)), ns_of_ms(lag.value("max", 0.0)));
        }
        if (j.contains("generator") && j["generator"].contains("loop_lag_histogram")) {
            r.loop_lag = core::decode_compressed(j["generator"]["loop_lag_histogram"].get<std::string>());
            const json& lag = j["generator"].value("loop_lag_ms", json::object());
            r.loop_lag.restore_extremes(ns_of_ms(lag.value("min", 0.0)), ns_of_ms(lag.value("max", 0.0)));
        }
        const json scenarios = j.value("scenarios", json::array());
        for (const json& s : scenarios) {
            core::ScenarioResult out;
            out.name = s.value("name", "");
            out.executor = s.value("executor", "");
            out.start_s = s.value("start_s", 0.0);
            out.max_vus = s.value("max_vus", 0);
            out.open_model = s.value("open_model", false);
            const json& it = s.value("iterations", json::object());
            out.iterations_completed = it.value("completed", std::uint64_t{0});
            out.iterations_interrupted = it.value("interrupted", std::uint64_t{0});
            out.iterations_dropped = it.value("dropped", std::uint64_t{0});
            r.scenarios.push_back(std::move(out));
        }
        r.steps = steps_of(j.at("steps"));
        r.total = step_of(j.at("total"));
        r.checks = checks_of(j.value("checks", json::array()));
        r.setup = steps_of(j.value("setup", json::array()));
        r.teardown = steps_of(j.value("teardown", json::array()));
        r.setup_checks = checks_of(j.value("setup_checks", json::array()));
        r.teardown_checks = checks_of(j.value("teardown_checks", json::array()));
        r.aborted_by_threshold = j.value("aborted_by_threshold", false);
        r.setup_error = j.value("setup_error", "");
        for (const json& iv : j.at("intervals")) r.intervals.push_back(interval_of(iv));
        if (j.contains("warmup")) {
            const json& w = j["warmup"];
            r.warmup.duration_s = w.value("duration_s", 0.0);
            r.warmup.steps = steps_of(w.at("steps"));
            r.warmup.total = step_of(w.at("total"));
            r.warmup.checks = checks_of(w.value("checks", json::array()));
            r.warmup.iterations_completed = w.at("iterations").value("completed", std::uint64_t{0});
            r.warmup.iterations_interrupted = w.at("iterations").value("interrupted", std::uint64_t{0});
        }
        const json& runs = j.value("runs", json::array());
        if (runs.size() > 1) {
            for (const json& run_json : runs)
                r.runs.push_back({run_json.value("started_at", ""), run_json.value("started_at_epoch_s", 0.0),
                                  run_json.value("duration_s", 0.0), run_json.value("first_interval", std::size_t{0}),
                                  run_json.value("intervals", std::size_t{0})});
        }
        const json thresholds = j.value("thresholds", json::array());
        for (const json& t : thresholds) r.thresholds.push_back(threshold_of(t, parse_threshold));
        r.gate = gate_from_json(j.value("gate", json()), !r.checks.empty());
        return r;
    } catch (const json::exception& e) {
        throw std::runtime_error(std::string("malformed result: ") + e.what());
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(std::string("malformed result: ") + e.what());
    }
}

}  // namespace throng::reports
