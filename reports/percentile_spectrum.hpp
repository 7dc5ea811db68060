#pragma once
// The percentile spectrum of a latency histogram, as HdrHistogram plots it:
// latency against the percentile, the percentile on a log scale of 1/(1-q) so
// that 90%, 99%, 99.9%, 99.99% are evenly spaced and the tail gets the room.
#include <string>
#include <vector>

#include "harness/core/histogram.hpp"
#include "reports/svg_chart.hpp"

namespace throng::reports {

// Points (x = log10(1 / (1 - q)), y = latency in ms) from the 0th percentile to
// the max, which is drawn at the rank of the last sample (q = 1 - 1/count).
// Empty for an empty histogram.
std::vector<ChartPoint> percentile_spectrum(const core::Histogram& latencies_ns);

// Ticks 0%, 90%, 99%, 99.9%, ... up to at least x_max.
std::vector<AxisTick> spectrum_ticks(double x_max);

// The percentile at x, as "99.9%".
std::string spectrum_percentile_text(double x);

}  // namespace throng::reports
