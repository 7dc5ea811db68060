#include "reports/percentile_spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace throng::reports {

namespace {

// Samples per decade of 1/(1-q): smooth enough for a curve 600 pixels wide.
constexpr int points_per_decade = 24;

double ms(std::int64_t ns) { return static_cast<double>(ns) / 1e6; }

}  // namespace

std::vector<ChartPoint> percentile_spectrum(const core::Histogram& h) {
    std::vector<ChartPoint> all;
    if (h.count() == 0) return all;
    // Past the last sample's rank every percentile is the max: the curve ends there.
    const double x_end = std::max(1.0, std::log10(static_cast<double>(h.count())));
    for (int k = 0; static_cast<double>(k) / points_per_decade < x_end; ++k) {
        const double x = static_cast<double>(k) / points_per_decade;
        all.push_back({x, ms(h.value_at_percentile(100.0 * (1.0 - std::pow(10.0, -x))))});
    }
    // The 100th percentile, the max's bucket at its top, like every other point.
    all.push_back({x_end, ms(h.value_at_percentile(100.0))});
    // A flat run needs only its two ends: the shape is the same, the file smaller.
    std::vector<ChartPoint> out;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const bool flat = i > 0 && i + 1 < all.size() && all[i - 1].y == all[i].y && all[i + 1].y == all[i].y;
        if (!flat) out.push_back(all[i]);
    }
    return out;
}

std::vector<AxisTick> spectrum_ticks(double x_max) {
    std::vector<AxisTick> ticks;
    const int last = std::max(1, static_cast<int>(std::ceil(x_max - 1e-9)));
    for (int k = 0; k <= last; ++k) ticks.push_back({static_cast<double>(k), spectrum_percentile_text(k)});
    return ticks;
}

std::string spectrum_percentile_text(double x) {
    const double percent = 100.0 * (1.0 - std::pow(10.0, -x));
    // Two digits more than the nines: 90, 99, 99.9, 99.968.
    const int digits = std::clamp(static_cast<int>(std::floor(x)) + 2, 2, 12);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*g%%", digits, percent);
    return buf;
}

}  // namespace throng::reports
