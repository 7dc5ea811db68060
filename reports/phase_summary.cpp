#include "reports/phase_summary.hpp"

#include <chrono>
#include <cstdio>

#include "harness/core/units.hpp"

namespace throng::reports {

namespace {

std::string dur(std::int64_t ns) { return core::format_duration(std::chrono::nanoseconds(ns)); }

void append_phases(std::string& out, const std::string& label, const core::PhaseHistograms& phases) {
    char line[256];
    std::snprintf(line, sizeof line, "%s\n", label.c_str());
    out += line;
    for (std::size_t i = 0; i < core::phase_count; ++i) {
        const core::Histogram& h = phases.of[i];
        if (h.count() == 0) continue;
        std::snprintf(line, sizeof line, "  %-16s %10llu %9s %9s %9s %9s %9s\n",
                      std::string(core::phase_names[i]).c_str(), static_cast<unsigned long long>(h.count()),
                      dur(h.value_at_percentile(50)).c_str(), dur(h.value_at_percentile(90)).c_str(),
                      dur(h.value_at_percentile(95)).c_str(), dur(h.value_at_percentile(99)).c_str(),
                      dur(h.max()).c_str());
        out += line;
    }
}

}  // namespace

std::string phase_summary_text(const core::RunResult& r) {
    std::string body;
    for (const auto& step : r.steps)
        if (step.phases) append_phases(body, step.name, *step.phases);
    if (body.empty()) return "";
    char head[256];
    std::snprintf(head, sizeof head, "\n%-18s %10s %9s %9s %9s %9s %9s\n", "where the time went", "count", "p50", "p90",
                  "p95", "p99", "max");
    return head + body +
           "  (connect and tls_handshake: new connections only, before the request, not in its latency;\n"
           "   sending + waiting (for the first byte) + receiving: the request's service time)\n";
}

}  // namespace throng::reports
