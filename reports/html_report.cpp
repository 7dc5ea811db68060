#include "reports/html_report.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "reports/atomic_file.hpp"
#include "reports/html_charts.hpp"
#include "reports/html_comparison.hpp"
#include "reports/html_elements.hpp"
#include "reports/html_format.hpp"
#include "reports/html_style.hpp"
#include "reports/html_tables.hpp"
#include "reports/json_fields.hpp"

namespace throng::reports {

using nlohmann::json;

namespace {

// Nothing may load or run: inline styles only. Should an escaping bug ever let
// markup through, the browser refuses it (and says so on its console).
constexpr const char* content_policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

// The result's verdict; version-1 results have none, so it is worked out from
// the fields they do have (an untroubled run is "passed").
std::string verdict_of(const json& result) {
    std::string given = text(result, "verdict");
    if (!given.empty()) return given;
    if (!text(result, "setup_error").empty()) return "setup_failed";
    // An abort_on_fail threshold also marks the run interrupted; the threshold is the news.
    if (flag(result, "aborted_by_threshold")) return "thresholds_failed";
    if (flag(field(result, "run"), "interrupted")) return "interrupted";
    if (field(result, "passed").is_boolean() && !flag(result, "passed")) return "thresholds_failed";
    return "passed";
}

std::string verdict_words(const std::string& verdict) {
    if (verdict == "thresholds_failed") return "thresholds failed";
    if (verdict == "setup_failed") return "setup failed";
    return verdict;
}

bool known_verdict(const std::string& v) {
    for (const char* known : {"passed", "thresholds_failed", "regression", "invalid", "inconclusive", "interrupted",
                              "incomplete", "setup_failed"})
        if (v == known) return true;
    return false;
}

// What the verdict rests on, in one line: thresholds, the comparison, an interruption.
std::string verdict_reasons(const json& result) {
    std::string out;
    auto add = [&](const std::string& part) { out += (out.empty() ? "" : " · ") + part; };
    const auto& thresholds = list(result, "thresholds");
    if (!thresholds.empty()) {
        std::size_t failed = 0;
        for (const auto& t : thresholds) failed += !flag(t, "passed") && field(t, "evaluated") != false;
        add(failed == 0 ? "all " + std::to_string(thresholds.size()) + " thresholds passed"
                        : std::to_string(failed) + " of " + std::to_string(thresholds.size()) + " thresholds failed");
    }
    if (flag(result, "aborted_by_threshold")) add("aborted by a threshold");
    const auto& comparison = field(result, "comparison");
    if (comparison.is_object()) {
        const std::string summary = text(comparison, "summary");
        add("comparison: " + (summary.empty() ? text(comparison, "verdict") : summary));
    }
    const auto& run = field(result, "run");
    if (flag(run, "interrupted"))
        add("interrupted" + (text(run, "interrupt_reason").empty() ? "" : " by " + text(run, "interrupt_reason")));
    if (flag(result, "incomplete")) add("the run was killed before its end: this is its last checkpoint");
    for (const auto& warning : list(run, "warnings"))
        if (warning.is_string()) add("warning: " + warning.get<std::string>());
    return out;  // a setup error has its own box right below
}

std::string verdict_banner(const json& result, const std::string& verdict) {
    const std::string cls = known_verdict(verdict) ? verdict : "unknown";
    const std::string reasons = verdict_reasons(result);
    return "<div id=\"verdict\" class=\"verdict v-" + escape_attribute(cls) + "\" data-verdict=\"" +
           escape_attribute(verdict) + "\">" + element("span", verdict_words(verdict), "word") +
           (reasons.empty() ? "" : element("span", reasons, "why")) + "</div>\n";
}

std::string testbed_text(const json& t) {
    if (!t.is_object()) return "";
    std::string out = text(t, "cpu_model");
    auto add = [&](const std::string& part) {
        if (!part.empty()) out += (out.empty() ? "" : ", ") + part;
    };
    if (has_number(t, "cores")) add(scalar_text(field(t, "cores")) + " cores");
    if (!text(t, "kernel").empty()) add("kernel " + text(t, "kernel"));
    if (!text(t, "throng_version").empty()) add("throng " + text(t, "throng_version"));
    add(text(t, "build_type"));
    if (!text(t, "hostname").empty()) add("host " + text(t, "hostname"));
    return out;
}

std::string response_time_text(const json& run) {
    const auto& rt = field(run, "response_time");
    const std::string kind = text(rt, "kind");
    if (kind == "intended_start") return "from the intended start (open model, corrected for coordinated omission)";
    if (kind == "expected_interval")
        return "service time corrected for coordinated omission, expected interval " +
               latency_text(number(rt, "expected_interval_ms"));
    return "";
}

std::string scenarios_text(const json& result) {
    const auto& scenarios = list(result, "scenarios");
    if (scenarios.size() < 2) return "";
    std::string out;
    for (const auto& s : scenarios) {
        out += (out.empty() ? "" : "; ") + text(s, "name") + " (" + text(s, "executor") + ", max " +
               scalar_text(field(s, "max_vus")) + " VUs)";
    }
    return out;
}

std::string run_facts(const json& result) {
    const auto& scenario = field(result, "scenario");
    const auto& run = field(result, "run");
    const auto& iterations = field(result, "iterations");
    std::string out = "<dl class=\"facts\">";
    auto fact = [&](const char* name, const std::string& value) {
        if (!value.empty()) out += element("dt", name) + element("dd", value);
    };
    fact("scenario file", text(scenario, "file"));
    fact("scenario hash", text(scenario, "hash"));
    fact("target", text(run, "target"));
    fact("started at", text(run, "started_at"));
    if (has_number(run, "duration_s")) fact("duration", latency_text(1000.0 * number(run, "duration_s")));
    fact("executor", text(run, "executor"));
    fact("model", flag(result, "open_model") ? "open (arrival rate)" : "closed (virtual users)");
    if (has_number(run, "max_vus")) fact("max VUs", scalar_text(field(run, "max_vus")));
    if (has_number(run, "threads")) fact("threads", scalar_text(field(run, "threads")));
    fact("scenarios", scenarios_text(result));
    if (iterations.is_object()) {
        std::string it = scalar_text(field(iterations, "completed")) + " completed, " +
                         scalar_text(field(iterations, "interrupted")) + " interrupted";
        if (flag(result, "open_model")) it += ", " + scalar_text(field(iterations, "dropped")) + " dropped";
        fact("iterations", it);
    }
    fact("response time", response_time_text(run));
    const auto& lag = field(result, "send_lag_ms");
    if (lag.is_object()) {
        fact("send lag", "p50 " + latency_text(number(lag, "p50")) + ", p99 " + latency_text(number(lag, "p99")) +
                             ", max " + latency_text(number(lag, "max")));
    }
    fact("testbed", testbed_text(field(run, "testbed")));
    if (list(result, "runs").size() > 1) fact("runs merged", std::to_string(list(result, "runs").size()));
    return out + "</dl>\n";
}

std::string header(const json& result, const std::string& verdict) {
    const auto& scenario = field(result, "scenario");
    std::string out = element("div", "throng load test report", "kicker") + element("h1", text(scenario, "name"));
    if (!text(scenario, "description").empty()) out += element("p", text(scenario, "description"), "description");
    out += verdict_banner(result, verdict);
    if (!text(result, "setup_error").empty())
        out += element("p", "Setup failed: " + text(result, "setup_error"), "problem");
    return out + run_facts(result);
}

std::string footer(const json& result) {
    std::string out = "throng " + text(result, "throng_version", "?") + " · result schema version " +
                      scalar_text(field(result, "schema_version")) +
                      " · one self-contained file: it loads nothing and runs no script";
    return element("footer", out);
}

}  // namespace

std::string html_report(const json& result) {
    if (!result.is_object()) throw std::invalid_argument("not a throng result: the document is not a JSON object");
    const std::string verdict = verdict_of(result);
    const std::string name = text(field(result, "scenario"), "name");
    std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    page += "<meta http-equiv=\"Content-Security-Policy\" content=\"" + std::string(content_policy) + "\">\n";
    page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    page += element("title", "throng: " + name + " — " + verdict_words(verdict)) + "\n";
    page += "<style>" + std::string(report_css) + "</style>\n</head>\n<body>\n<main>\n";
    page += header(result, verdict);
    page += comparison_section(result);
    page += thresholds_section(result);
    page += steps_section(result);
    page += section("over-time", "Over time", "<div class=\"charts\">\n" + time_series_charts(result) + "</div>");
    page += section("spectra", "Latency by percentile",
                    element("p",
                            "Each step's latency at every percentile, from the embedded histograms; the x axis "
                            "is logarithmic in 1/(1 − percentile), so the tail gets the room.",
                            "quiet") +
                        "<div class=\"charts\">\n" + spectrum_charts(result) + "</div>");
    page += checks_section(result);
    page += errors_section(result);
    page += setup_teardown_section(result);
    page += footer(result);
    page += "\n</main>\n</body>\n</html>\n";
    return page;
}

void write_html_report(const json& result, const std::filesystem::path& path) {
    write_file_atomically(path, html_report(result));
}

}  // namespace throng::reports
