#include "reports/markdown_report.hpp"

#include <vector>

#include <nlohmann/json.hpp>

#include "reports/atomic_file.hpp"
#include "reports/report_values.hpp"
#include "reports/result_fields.hpp"
#include "reports/text_escape.hpp"

namespace throng::reports {

using nlohmann::json;

namespace {

// Untrusted text goes through `md` on its way in: everything else written
// here is ours.
std::string md(const std::string& text) { return markdown_text(text); }

std::string verdict_heading(const json& result) {
    const std::string verdict = fields::verdict(result);
    const std::string compared = fields::text(fields::member(result, "comparison"), "verdict");
    if (verdict == "passed" && compared == "improvement") return "✅ Passed, with an improvement";
    if (verdict == "passed") return "✅ Passed";
    if (verdict == "thresholds_failed") return "❌ Thresholds failed";
    if (verdict == "regression") return "❌ Regression";
    if (verdict == "setup_failed") return "❌ Setup failed";
    if (verdict == "invalid") return "⚠️ Comparison invalid";
    if (verdict == "inconclusive") return "⚠️ Comparison inconclusive";
    if (verdict == "interrupted") return "⏹ Interrupted";
    if (verdict == "incomplete") return "⏹ Incomplete";
    return "⚠️ " + md(verdict);
}

std::string count(const json& value) {
    return value.is_number() ? values::significant(value.get<double>(), 15) : std::string("n/a");
}

// "3.01 s · constant-vus · max 3 VUs · 10887 requests · started ... · throng 0.1.0"
std::string run_line(const json& result) {
    const json& run = fields::member(result, "run");
    std::vector<std::string> parts;
    if (auto duration = fields::number(run, "duration_s")) parts.push_back(values::significant(*duration, 3) + " s");
    if (auto executor = fields::text(run, "executor"); !executor.empty()) parts.push_back(md(executor));
    if (auto vus = fields::number(run, "max_vus")) parts.push_back("max " + values::significant(*vus, 15) + " VUs");
    if (const json& requests = fields::member(fields::member(result, "total"), "requests"); requests.is_number())
        parts.push_back(count(requests) + " requests");
    if (auto started = fields::text(run, "started_at"); !started.empty()) parts.push_back("started " + md(started));
    if (auto version = fields::text(result, "throng_version"); !version.empty())
        parts.push_back("throng " + md(version));
    std::string line;
    for (const auto& part : parts) line += (line.empty() ? "" : " · ") + part;
    return line;
}

// Setup failure, interruption, an abort: why the run is not a whole one.
std::string stop_notes(const json& result) {
    const json& run = fields::member(result, "run");
    const std::string reason = fields::text(run, "interrupt_reason");
    std::string out;
    if (auto error = fields::text(result, "setup_error"); !error.empty())
        out += "**Setup failed:** " + md(error) + "\n\n";
    if (fields::flag(result, "incomplete"))
        out += "**Incomplete:** the run was killed before its end; this is its last checkpoint.\n\n";
    if (fields::flag(result, "aborted_by_threshold"))
        out += "**Stopped early by a threshold**" + (reason.empty() ? "" : ": " + md(reason)) + "\n\n";
    else if (fields::flag(run, "interrupted"))
        out += "**Interrupted**" + (reason.empty() ? "" : ": " + md(reason)) + "\n\n";
    for (const auto& warning : fields::array(run, "warnings"))
        if (warning.is_string()) out += "**Warning:** " + md(warning.get<std::string>()) + "\n\n";
    return out;
}

std::string thresholds_section(const json& result) {
    const json& thresholds = fields::array(result, "thresholds");
    if (thresholds.empty()) return "";
    std::size_t failed = 0;
    std::string rows;
    for (const auto& t : thresholds) {
        const bool evaluated = fields::flag(t, "evaluated", true) && fields::number(t, "observed");
        const bool passed = fields::flag(t, "passed", true);
        failed += evaluated && !passed;
        const char* mark = !evaluated ? "❔" : passed ? "✅" : "❌";
        rows += "| " + std::string(mark) + " | " + md(fields::text(t, "key")) + " | " +
                md(fields::text(t, "expression")) + " | " + values::observed(t) + " |\n";
    }
    const std::string total = std::to_string(thresholds.size());
    return "#### Thresholds: " + (failed == 0 ? total : std::to_string(failed)) + " of " + total +
           (failed == 0 ? " passed" : " failed") + "\n\n|   | metric | threshold | observed |\n|:-:|:--|:--|--:|\n" +
           rows + "\n";
}

std::string metric_verdict(const std::string& verdict) {
    if (verdict == "regression") return "🔺 regression";
    if (verdict == "improvement") return "🟢 improvement";
    if (verdict == "no_change") return "➖ no change";
    if (verdict == "inconclusive") return "❔ inconclusive";
    return "⚠️ " + md(verdict);
}

std::string bullet_list(const json& items) {
    std::string out;
    for (const auto& item : items) out += "- " + md(item.is_string() ? item.get<std::string>() : item.dump()) + "\n";
    return out;
}

std::string comparison_section(const json& result) {
    const json& comparison = fields::member(result, "comparison");
    if (!comparison.is_object()) return "";
    const json& baseline = fields::member(comparison, "baseline");
    std::string label = fields::text(baseline, "label");
    if (label.empty()) label = fields::text(baseline, "file");
    const std::string verdict = fields::text(comparison, "verdict");
    std::string out = "#### Compared with the baseline" + (label.empty() ? "" : " " + md(label)) + ": " +
                      (verdict == "invalid" ? "⚠️ invalid" : metric_verdict(verdict)) + "\n\n";
    if (auto summary = fields::text(comparison, "summary"); !summary.empty()) out += md(summary) + "\n\n";
    if (const json& reasons = fields::array(comparison, "invalid_reasons"); !reasons.empty())
        out += "Reasons:\n\n" + bullet_list(reasons) + "\n";
    if (const json& metrics = fields::array(comparison, "metrics"); !metrics.empty()) {
        const std::string level = values::confidence(comparison);
        out += "| metric | baseline | this run | change | " + (level.empty() ? "" : level + " ") +
               "interval | tolerance | verdict |\n|:--|--:|--:|--:|:-:|--:|:--|\n";
        for (const auto& m : metrics) {
            out += "| " + md(fields::text(m, "key")) + " | " + values::metric_value(m, "baseline") + " | " +
                   values::metric_value(m, "candidate") + " | " + values::change(m) + " | " + values::interval(m) +
                   " | " + values::tolerance(m) + " | " + metric_verdict(fields::text(m, "verdict")) + " |\n";
        }
        out += "\n";
    }
    if (const json& warnings = fields::array(comparison, "warnings"); !warnings.empty())
        out += "Warnings:\n\n" + bullet_list(warnings) + "\n";
    if (auto method = fields::text(comparison, "method"); !method.empty()) out += "Method: " + md(method) + ".\n\n";
    return out;
}

// Open models judge latency from each request's intended start; closed ones
// from when it was sent.
bool from_intended_start(const json& result) {
    return fields::text(fields::member(fields::member(result, "run"), "response_time"), "kind") == "intended_start";
}

std::string step_row(const json& step, const std::string& label, bool intended_start) {
    const json& errors = fields::member(step, "errors");
    std::string error_cell = count(fields::member(errors, "total"));
    if (auto rate = fields::number(errors, "rate"); rate && *rate > 0)
        error_cell += " (" + values::significant(100 * *rate, 3) + "%)";
    const json& measured = fields::member(step, intended_start ? "response_time_ms" : "latency_ms");
    const json& latency = measured.is_object() ? measured : fields::member(step, "latency_ms");
    const bool any = fields::number(latency, "count").value_or(1) > 0;
    auto at = [&](const char* percentile) {
        const auto ms = fields::number(latency, percentile);
        return any && ms ? values::latency(*ms) : std::string("-");
    };
    return "| " + label + " | " + count(fields::member(step, "requests")) + " | " + error_cell + " | " + at("p50") +
           " | " + at("p95") + " | " + at("p99") + " |\n";
}

constexpr const char* step_table_head = "| step | requests | errors | p50 | p95 | p99 |\n|:--|--:|--:|--:|--:|--:|\n";

// "checkout › pay › charge": a step under its groups.
std::string step_label(const json& step) {
    const std::string group = fields::text(step, "group");
    std::string label;
    if (!group.empty()) {
        std::size_t start = 0;
        for (std::size_t sep; (sep = group.find("::", start)) != std::string::npos; start = sep + 2)
            label += md(group.substr(start, sep - start)) + " › ";
        label += md(group.substr(start)) + " › ";
    }
    return label + md(fields::text(step, "name"));
}

std::string scenario_heading(const json& scenario, bool named) {
    std::string heading = named ? "Scenario " + md(fields::text(scenario, "name")) : std::string("Steps");
    if (auto executor = fields::text(scenario, "executor"); !executor.empty()) heading += " · " + md(executor);
    const json& iterations = fields::member(scenario, "iterations");
    if (auto completed = fields::number(iterations, "completed")) {
        heading += " · " + values::significant(*completed, 15) + " iterations";
        if (auto dropped = fields::number(iterations, "dropped"); dropped && fields::flag(scenario, "open_model"))
            heading += ", " + values::significant(*dropped, 15) + " dropped";
    }
    return "#### " + heading + "\n\n";
}

std::string steps_section(const json& result) {
    const bool intended_start = from_intended_start(result);
    const json& steps = fields::array(result, "steps");
    json scenarios = fields::array(result, "scenarios");
    // Steps of a scenario the list does not name still get a table.
    for (const auto& step : steps) {
        const std::string name = fields::text(step, "scenario");
        bool listed = false;
        for (const auto& s : scenarios) listed = listed || fields::text(s, "name") == name;
        if (!listed) scenarios.push_back({{"name", name}});
    }
    const bool several = scenarios.size() > 1;
    const json& total = fields::member(result, "total");
    std::string out;
    for (const auto& scenario : scenarios) {
        const std::string name = fields::text(scenario, "name");
        out += scenario_heading(scenario, several || (!name.empty() && name != "default"));
        std::string rows;
        for (const auto& step : steps)
            if (fields::text(step, "scenario") == name) rows += step_row(step, step_label(step), intended_start);
        if (!several && steps.size() > 1 && total.is_object())
            rows += step_row(total, "**" + md(fields::text(total, "name")) + "**", intended_start);
        out += rows.empty() ? "No requests.\n\n" : step_table_head + rows + "\n";
    }
    if (several && total.is_object()) {
        out += "#### All scenarios\n\n" + std::string(step_table_head) +
               step_row(total, "**" + md(fields::text(total, "name")) + "**", intended_start) + "\n";
    }
    if (!out.empty()) {
        out += intended_start ? "Latency: response time, from each request's intended start (open model: "
                                "corrected for coordinated omission).\n"
                              : "Latency: service time, from sending the request to the end of its response.\n";
    }
    return out;
}

}  // namespace

std::string markdown_report(const json& result) {
    const json& scenario = fields::member(result, "scenario");
    std::string out = "### " + verdict_heading(result) + "\n\n**" + md(fields::scenario_title(result)) + "**";
    if (auto description = fields::text(scenario, "description"); !description.empty()) out += ": " + md(description);
    out += "\n\n";
    if (auto line = run_line(result); !line.empty()) out += line + "\n\n";
    out += stop_notes(result);
    out += thresholds_section(result);
    out += comparison_section(result);
    out += steps_section(result);
    return out;
}

void write_markdown_report(const json& result, const std::filesystem::path& path) {
    write_file_atomically(path, markdown_report(result));
}

}  // namespace throng::reports
