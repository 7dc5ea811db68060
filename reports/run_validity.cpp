#include "reports/run_validity.hpp"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "reports/gate_samples.hpp"

namespace throng::reports::gate {

using nlohmann::json;

namespace {

std::string percent(double share) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", 100.0 * share);
    return text;
}

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", value);
    return text;
}

double at(const json& object, const char* a, const char* b, double fallback = 0) {
    if (!object.contains(a) || !object[a].is_object() || !object[a].contains(b) || !object[a][b].is_number())
        return fallback;
    return object[a][b].get<double>();
}

}  // namespace

Findings trustworthiness(const json& result, const std::string& who, const core::GateValidity& bounds) {
    Findings findings;
    const auto say = [&](const std::string& why) { findings.reasons.push_back(who + ": " + why); };
    const json& run = result.at("run");
    if (result.contains("setup_error")) say("its setup failed, no load ran");
    if (run.value("interrupted", false))
        say("the run was interrupted (" + run.value("interrupt_reason", std::string("?")) + ")");

    const json& intervals = result.at("intervals");
    std::size_t measured_intervals = 0, stalled = 0, queued = 0;
    bool lag_per_interval = false;
    double worst_late = 0;
    for (const json& iv : intervals) {
        if (iv.value("warmup", false)) continue;
        ++measured_intervals;
        lag_per_interval = lag_per_interval || iv.contains("send_lag_ms");
        if (!started_late(iv, bounds)) continue;
        ++(generator_stalled(iv, bounds) ? stalled : queued);
        worst_late = std::max(worst_late, iv["send_lag_ms"].value("p99", 0.0));
    }
    const std::size_t kept = measured_intervals - stalled;
    if (static_cast<int>(kept) < bounds.min_intervals)
        say("only " + std::to_string(kept) + " measured interval(s) of about 1 s" +
            (stalled > 0 ? " the generator did not stall in" : "") + "; at least " +
            std::to_string(bounds.min_intervals) + " are needed to resample: run it longer");

    const double requests = at(result, "total", "requests");
    const double errors = result.at("total").at("errors").value("total", 0.0);
    if (requests > 0 && errors / requests > bounds.max_error_rate)
        say(percent(errors / requests) + " of the requests failed (more than " + percent(bounds.max_error_rate) +
            "): the target was failing, not slow");
    if (requests == 0) say("no request was made");

    if (result.value("open_model", false)) {
        const std::size_t late = stalled + queued;
        const auto of_intervals = [&](std::size_t n) {
            return std::to_string(n) + " of " + std::to_string(measured_intervals) + " intervals";
        };
        const std::string late_words = "the generator started iterations late (send lag p99 over " +
                                       number(bounds.max_send_lag_p99_ms) + " ms, up to " + number(worst_late) +
                                       " ms) in " + of_intervals(late);
        if (!lag_per_interval) {  // schema version 2 or older: the whole run's p99 decides
            const double lag = at(result, "send_lag_ms", "p99");
            if (lag > bounds.max_send_lag_p99_ms)
                say("the generator started iterations late (send lag p99 " + number(lag) + " ms, more than " +
                    number(bounds.max_send_lag_p99_ms) + " ms)");
        } else if (at(result, "send_lag_ms", "p99") > bounds.max_send_lag_p99_ms && late > 0 &&
                   static_cast<double>(late) > bounds.max_late_share * static_cast<double>(measured_intervals)) {
            // Both: a second of 40 iterations is late by its p99, i.e. by one
            // iteration, so the share alone would refuse runs the whole-run
            // p99 (the rule of schema version 2) trusts.
            say(late_words + " (at most " + percent(bounds.max_late_share) +
                " of them may be): " + std::to_string(stalled) + " because its event loop stalled, " +
                std::to_string(queued) + " waiting for a free VU");
        } else {
            if (stalled > 0)
                findings.warnings.push_back(who + ": the generator's event loop stalled in " + of_intervals(stalled) +
                                            " (send lag p99 and loop lag over " + number(bounds.max_send_lag_p99_ms) +
                                            " ms): their latencies measured the stall, and are left out");
            if (queued > 0)
                findings.warnings.push_back(who + ": iterations waited for a free VU in " + of_intervals(queued) +
                                            " (send lag p99 over " + number(bounds.max_send_lag_p99_ms) +
                                            " ms): their response times include the wait");
        }
        const double dropped = at(result, "iterations", "dropped");
        double due = dropped;
        for (const json& iv : intervals) due += iv.value("started", 0.0);
        if (due > 0 && dropped / due > bounds.max_dropped_share)
            say(number(dropped) + " of " + number(due) + " due iterations were dropped (every VU was busy)");
    }

    const double loop_lag = result.contains("generator") ? at(result["generator"], "loop_lag_ms", "p99") : 0;
    if (loop_lag > bounds.max_loop_lag_p99_ms)
        say("a worker thread's event loop woke late (loop lag p99 " + number(loop_lag) + " ms, more than " +
            number(bounds.max_loop_lag_p99_ms) + " ms): its latencies include its own delay");

    std::size_t saturated = 0, measured = 0;
    double busiest = 0;
    for (const json& iv : intervals) {
        if (!iv.contains("cpu")) continue;
        ++measured;
        const double busy = iv["cpu"].value("busiest_worker", 0.0);
        busiest = std::max(busiest, busy);
        if (busy >= bounds.max_worker_busy) ++saturated;
    }
    if (saturated > 0 && static_cast<double>(saturated) > bounds.max_saturated_share * static_cast<double>(measured))
        say("a worker thread of the generator was saturated (at least " + percent(bounds.max_worker_busy) +
            " busy) in " + std::to_string(saturated) + " of " + std::to_string(measured) + " intervals (busiest " +
            percent(busiest) + "): its latencies include its own queueing");
    return findings;
}

Findings comparability(const json& baseline, const json& candidate, const core::GateValidity& bounds) {
    Findings out;
    const std::string base_hash = baseline.at("scenario").value("hash", "");
    const std::string cand_hash = candidate.at("scenario").value("hash", "");
    if (!base_hash.empty() && !cand_hash.empty() && base_hash != cand_hash)
        out.reasons.push_back("the scenarios differ (scenario hash " + base_hash.substr(0, 12) + " vs " +
                              cand_hash.substr(0, 12) + "): the file or its command-line changes are not the same");
    if (baseline.value("open_model", false) != candidate.value("open_model", false))
        out.reasons.push_back("one run is an open model and the other a closed one");

    const json& base_bed = baseline.at("run").value("testbed", json::object());
    const json& cand_bed = candidate.at("run").value("testbed", json::object());
    if (base_bed.empty() || cand_bed.empty()) {
        out.warnings.push_back("a result does not say which machine it ran on (schema version 1)");
        return out;
    }
    for (const char* field : {"cpu_model", "cores", "build_type", "kernel", "throng_version"}) {
        const json a = base_bed.value(field, json()), b = cand_bed.value(field, json());
        if (a == b) continue;
        const std::string what = std::string("testbed differs in ") + field + ": " + a.dump() + " (baseline) vs " +
                                 b.dump() + " (candidate)";
        const bool essential =
            std::string(field) == "cpu_model" || std::string(field) == "cores" || std::string(field) == "build_type";
        (essential && bounds.same_testbed ? out.reasons : out.warnings).push_back(what);
    }
    return out;
}

}  // namespace throng::reports::gate
