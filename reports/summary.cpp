#include "reports/summary.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <set>

#include "harness/core/units.hpp"
#include "reports/generator_health.hpp"
#include "reports/thresholds.hpp"

namespace throng::reports {

namespace {

std::string dur(std::int64_t ns) { return core::format_duration(std::chrono::nanoseconds(ns)); }

// One line of the step table: a scenario's heading (no numbers), a group's
// subtotal, a step, or all requests.
struct Row {
    std::string label;
    const core::StepResult* step = nullptr;      // nullptr: a heading
    std::unique_ptr<core::StepResult> subtotal;  // groups: their steps merged (step points here)
};

Row heading(std::string label) { return Row{std::move(label), nullptr, nullptr}; }
Row numbers(std::string label, const core::StepResult& s) { return Row{std::move(label), &s, nullptr}; }

std::vector<std::string> split_group(const std::string& group) {
    std::vector<std::string> out;
    if (group.empty()) return out;
    std::size_t start = 0;
    for (std::size_t sep; (sep = group.find("::", start)) != std::string::npos; start = sep + 2)
        out.push_back(group.substr(start, sep - start));
    out.push_back(group.substr(start));
    return out;
}

bool same_block(const core::StepResult& a, const core::StepResult& b) {
    return a.scenario == b.scenario && a.flow == b.flow;
}

// Whether `group` is `outer` or nested in it.
bool within(const std::string& group, const std::string& outer) {
    return group == outer || group.starts_with(outer + "::");
}

bool several_scenarios(const core::RunResult& r) {
    std::set<std::string> names;
    for (const auto& s : r.steps) names.insert(s.scenario);
    return names.size() > 1 || r.scenarios.size() > 1;
}

std::string scenario_heading(const core::RunResult& r, const std::string& name) {
    for (const auto& s : r.scenarios)
        if (s.name == name) return name + " (" + s.executor + ")";
    return name;
}

// The step table's rows in plan order: with several scenarios, each under its
// name; a group's subtotal above its steps, which are indented below it.
std::vector<Row> table_rows(const core::RunResult& r) {
    std::vector<Row> rows;
    const bool by_scenario = several_scenarios(r);
    const std::size_t base = by_scenario ? 2 : 0;
    std::vector<std::string> open;  // the groups the previous step was in, outermost first
    for (std::size_t i = 0; i < r.steps.size(); ++i) {
        const auto& step = r.steps[i];
        const bool new_scenario = i == 0 || step.scenario != r.steps[i - 1].scenario;
        if (by_scenario && new_scenario) rows.push_back(heading(scenario_heading(r, step.scenario)));
        // A group of another flow or scenario is another group, even if named alike.
        if (i == 0 || !same_block(step, r.steps[i - 1])) open.clear();
        const auto path = split_group(step.group);
        std::size_t common = 0;
        while (common < open.size() && common < path.size() && open[common] == path[common]) ++common;
        open.assign(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(common));
        for (std::size_t depth = common; depth < path.size(); ++depth) {
            open.push_back(path[depth]);
            std::string name;
            for (const auto& segment : open) name += (name.empty() ? "" : "::") + segment;
            auto subtotal = std::make_unique<core::StepResult>();
            for (std::size_t j = i; j < r.steps.size() && same_block(r.steps[j], step); ++j) {
                if (!within(r.steps[j].group, name)) break;
                subtotal->merge(r.steps[j]);
            }
            Row row = numbers(std::string(base + 2 * depth, ' ') + "[" + path[depth] + "]", *subtotal);
            row.subtotal = std::move(subtotal);
            rows.push_back(std::move(row));
        }
        rows.push_back(numbers(std::string(base + 2 * path.size(), ' ') + step.name, step));
    }
    if (r.steps.size() > 1) rows.push_back(numbers(r.total.name, r.total));
    return rows;
}

std::string row_text(const Row& row, bool response_time, double duration_s, std::size_t width) {
    if (row.step == nullptr) return row.label + "\n";
    const core::StepResult& s = *row.step;
    const core::Histogram& h = response_time ? s.response_time : s.latency;
    const bool any = h.count() > 0;
    auto p = [&](double q) { return any ? dur(h.value_at_percentile(q)) : std::string("-"); };
    char line[512];
    std::snprintf(line, sizeof line, "%-*s %10llu %7.2f%% %10.1f %8s %8s %8s %8s %8s %8s %8s %8s\n",
                  static_cast<int>(width), row.label.c_str(), static_cast<unsigned long long>(s.requests),
                  100.0 * s.error_rate(), duration_s > 0 ? static_cast<double>(s.requests) / duration_s : 0.0,
                  p(50).c_str(), p(75).c_str(), p(90).c_str(), p(95).c_str(), p(99).c_str(), p(99.9).c_str(),
                  p(99.99).c_str(), any ? dur(h.max()).c_str() : "-");
    return line;
}

std::string table(const std::vector<Row>& rows, bool response_time, double duration_s, std::size_t width) {
    std::string out;
    for (const auto& row : rows) out += row_text(row, response_time, duration_s, width);
    return out;
}

// "  ✓ status is 200 (home)   1200/1200  100.00%", one line per check.
std::string checks_text(const core::RunResult& r) {
    const bool by_scenario = several_scenarios(r);
    std::vector<std::string> labels;
    std::size_t width = 0;
    for (const auto& c : r.checks) {
        labels.push_back(c.name + " (" + (by_scenario ? c.scenario + "/" : "") + c.step + ")");
        width = std::max(width, labels.back().size());
    }
    width = std::min<std::size_t>(width, 60);
    std::string out = "\nchecks:\n";
    char line[512];
    for (std::size_t i = 0; i < r.checks.size(); ++i) {
        const auto& c = r.checks[i];
        const auto runs = c.passes + c.fails;
        char rate[32] = "-";
        if (runs > 0) {
            std::snprintf(rate, sizeof rate, "%.2f%%",
                          100.0 * static_cast<double>(c.passes) / static_cast<double>(runs));
        }
        const std::string counts = std::to_string(c.passes) + "/" + std::to_string(runs);
        std::snprintf(line, sizeof line, "  %s %-*s %15s %8s\n", c.fails == 0 ? "✓" : "✗", static_cast<int>(width),
                      labels[i].c_str(), counts.c_str(), rate);
        out += line;
    }
    return out;
}

}  // namespace

std::string summary_text(const core::RunResult& r) {
    std::string out;
    char line[512];
    const std::string stopped = r.aborted_by_threshold ? "  [ABORTED by a threshold]"
                                : r.interrupted        ? "  [INTERRUPTED by " + r.interrupt_reason + "]"
                                                       : "";
    std::snprintf(line, sizeof line, "\n%s — %s, max %d VUs, %d thread%s, %.1f s%s\n\n", r.scenario_name.c_str(),
                  r.executor.c_str(), r.max_vus, r.threads, r.threads == 1 ? "" : "s", r.duration_s, stopped.c_str());
    out += line;
    for (const auto& warning : r.warnings) out += "warning: " + warning + "\n";
    if (!r.warnings.empty()) out += "\n";

    const auto rows = table_rows(r);
    std::size_t width = 4;
    for (const auto& row : rows)
        if (row.step != nullptr) width = std::max(width, row.label.size());
    width = std::min<std::size_t>(width, 40);
    std::snprintf(line, sizeof line, "%-*s %10s %8s %10s %8s %8s %8s %8s %8s %8s %8s %8s\n", static_cast<int>(width),
                  "step", "requests", "errors", "req/s", "p50", "p75", "p90", "p95", "p99", "p99.9", "p99.99", "max");
    out += line;
    out += table(rows, false, r.duration_s, width);
    out += "  (service time: response end - request sent)\n";
    if (r.total.response_time.count() > 0) {
        out += "\n";
        out += table(rows, true, r.duration_s, width);
        if (r.open_model) {
            out += "  (response time: response end - intended start, corrected for coordinated omission)\n";
        } else {
            out += "  (service time corrected for coordinated omission with an expected interval of " +
                   dur(r.expected_interval) + ", as HdrHistogram does)\n";
        }
    }

    std::snprintf(line, sizeof line, "\niterations: %llu completed, %llu interrupted\n",
                  static_cast<unsigned long long>(r.iterations_completed),
                  static_cast<unsigned long long>(r.iterations_interrupted));
    out += line;
    if (!r.warmup.steps.empty()) {
        const auto& w = r.warmup.total;
        std::snprintf(line, sizeof line,
                      "warm-up, not in the figures above: %llu requests, %llu errors, p50 %s, p95 %s (%.1f s)\n",
                      static_cast<unsigned long long>(w.requests), static_cast<unsigned long long>(w.error_count()),
                      dur(w.latency.value_at_percentile(50)).c_str(), dur(w.latency.value_at_percentile(95)).c_str(),
                      r.warmup.duration_s);
        out += line;
    }
    if (r.scenarios.size() > 1) {
        for (const auto& s : r.scenarios) {
            std::snprintf(line, sizeof line, "  %s: %llu completed, %llu interrupted%s\n", s.name.c_str(),
                          static_cast<unsigned long long>(s.iterations_completed),
                          static_cast<unsigned long long>(s.iterations_interrupted),
                          s.open_model ? (", " + std::to_string(s.iterations_dropped) + " dropped").c_str() : "");
            out += line;
        }
    }
    if (r.open_model) {
        const auto& lag = r.send_lag;
        std::snprintf(line, sizeof line, "open model: %llu dropped; send lag p50 %s, p99 %s, max %s\n",
                      static_cast<unsigned long long>(r.iterations_dropped),
                      lag.count() ? dur(lag.value_at_percentile(50)).c_str() : "-",
                      lag.count() ? dur(lag.value_at_percentile(99)).c_str() : "-",
                      lag.count() ? dur(lag.max()).c_str() : "-");
        out += line;
    }
    if (r.total.error_count() > 0) {
        out += "errors:";
        for (auto c : core::all_error_classes()) {
            const auto n = r.total.errors[static_cast<std::size_t>(c)];
            if (c == core::ErrorClass::none || n == 0) continue;
            out += " " + std::string(core::name_of(c)) + " " + std::to_string(n);
        }
        out += "\n";
        // Attempts that never reached the target are in `requests` and req/s
        // (they were made), but they are not the target's throughput: say
        // apart how many there were and what the target itself answered.
        const auto refused = r.total.errors[static_cast<std::size_t>(core::ErrorClass::connect_refused)];
        const auto unreachable = r.total.errors[static_cast<std::size_t>(core::ErrorClass::connect_timeout)];
        if (refused + unreachable > 0) {
            std::snprintf(line, sizeof line,
                          "never connected: %llu of the requests (%llu refused, %llu timed out); the target "
                          "answered %llu (%.1f/s)\n",
                          static_cast<unsigned long long>(refused) + unreachable,
                          static_cast<unsigned long long>(refused), static_cast<unsigned long long>(unreachable),
                          static_cast<unsigned long long>(r.total.responses),
                          r.duration_s > 0 ? static_cast<double>(r.total.responses) / r.duration_s : 0.0);
            out += line;
        }
        // The protocol's own codes say which SQLSTATE or Redis error it was.
        if (!r.total.error_codes.empty()) {
            out += "error codes:";
            for (const auto& [code, n] : r.total.error_codes) out += " " + code + " " + std::to_string(n);
            out += "\n";
        }
    }
    if (!r.checks.empty()) out += checks_text(r);
    if (!r.thresholds.empty()) {
        out += "\nthresholds:\n";
        for (const auto& t : r.thresholds) {
            std::snprintf(line, sizeof line, "  %-4s %-28s %-18s observed %s%s\n", t.passed ? "ok" : "FAIL",
                          key_text(t.threshold).c_str(), t.threshold.source.c_str(), format_observed(t).c_str(),
                          t.threshold.abort_on_fail ? "  (abort on fail)" : "");
            out += line;
        }
    }
    if (r.aborted_by_threshold) {
        out += "\naborted: " +
               (r.interrupt_reason.empty() ? std::string("an abort_on_fail threshold failed") : r.interrupt_reason) +
               "\n";
    }
    const GeneratorHealth health = generator_health(r);
    if (!health.warnings.empty()) {
        out += "\nwarning: throng itself may have skewed this run:\n";
        for (const auto& w : health.warnings) out += "  - " + w + "\n";
    }
    return out;
}

}  // namespace throng::reports
