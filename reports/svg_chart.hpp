#pragma once
// Line charts drawn as inline SVG by the report itself: nothing to fetch, no
// script to run. Each series is one <polyline class="series"> (and, when it has
// few points, one <circle class="pt"> per point), so a test can count what was
// drawn. A chart without points says so in words instead.
#include <cstddef>
#include <string>
#include <vector>

namespace throng::reports {

struct ChartPoint {
    double x = 0;
    double y = 0;
};

struct ChartSeries {
    std::string label;
    std::string colour;   // a CSS class of the page's palette: "c1" ... "c6"
    bool dashed = false;  // a baseline's series, drawn over the candidate's
    std::vector<ChartPoint> points;
};

struct AxisTick {
    double at = 0;
    std::string label;
};

struct LineChart {
    std::string id;  // data-chart attribute: names the chart for tests and links
    std::string title;
    std::string x_unit;                             // "s"; shown under the x axis
    std::string y_unit;                             // "ms", "req/s"; shown with the title
    std::vector<AxisTick> x_ticks;                  // fixed ticks (and the x range they span); empty: round numbers
    std::string (*x_value_text)(double) = nullptr;  // a point's x in its tooltip; nullptr: the number
    bool mark_points = true;  // a marker on each point of a short series (measured points, not a curve's samples)
    std::vector<ChartSeries> series;
    std::string no_data;  // why there is nothing to draw, when no series has a point
};

// A <figure> with the chart, its title and its legend (all text escaped).
std::string render_line_chart(const LineChart& chart);

// At most about max_points points that keep the curve's shape: the lowest and
// the highest point of each run of neighbours, in order, and the first and the
// last point. Peaks survive, which plain sampling would lose.
std::vector<ChartPoint> decimate(const std::vector<ChartPoint>& points, std::size_t max_points);

// The series draw at most this many points each.
inline constexpr std::size_t max_points_per_series = 1000;

}  // namespace throng::reports
