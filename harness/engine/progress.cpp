#include "harness/engine/progress.hpp"

#include <chrono>
#include <string>

#include "harness/core/units.hpp"

namespace throng::engine {

ProgressPrinter::ProgressPrinter(std::FILE* out, bool terminal, double plain_every_s)
    : out_(out), terminal_(terminal), plain_every_s_(plain_every_s), next_plain_s_(plain_every_s) {}

void ProgressPrinter::update(const IntervalUpdate& u) {
    const auto& iv = u.interval;
    const double rps = iv.length_s > 0 ? static_cast<double>(iv.requests) / iv.length_s : 0.0;
    const double error_pct =
        iv.requests ? 100.0 * static_cast<double>(iv.errors) / static_cast<double>(iv.requests) : 0.0;
    const std::string p95 =
        iv.max > 0 ? core::format_duration(std::chrono::nanoseconds(iv.p95)) : "-";  // "-": no response
    char line[256];
    std::snprintf(line, sizeof line, "%5.0fs/%.0fs  vus %4d  %9.0f req/s  p95 %8s  errors %5.2f%%  total %llu%s",
                  u.elapsed_s, u.planned_s, iv.vus, rps, p95.c_str(), error_pct,
                  static_cast<unsigned long long>(u.so_far.total.requests), u.stopping ? "  (stopping)" : "");
    if (terminal_) {
        std::fprintf(out_, "\r\033[K%s", line);
        line_open_ = true;
    } else {
        // A plain line every few seconds, and one when the load ends.
        const bool first_stopping = u.stopping && !stopping_printed_;
        if (u.elapsed_s + 1e-6 < next_plain_s_ && !first_stopping) return;
        stopping_printed_ = stopping_printed_ || u.stopping;
        while (next_plain_s_ <= u.elapsed_s) next_plain_s_ += plain_every_s_;
        std::fprintf(out_, "%s\n", line);
    }
    std::fflush(out_);
}

void ProgressPrinter::finish() {
    if (line_open_) std::fprintf(out_, "\n");
    line_open_ = false;
    std::fflush(out_);
}

}  // namespace throng::engine
