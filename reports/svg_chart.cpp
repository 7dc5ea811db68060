#include "reports/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "reports/html_escape.hpp"
#include "reports/html_format.hpp"

namespace throng::reports {

namespace {

// The drawing's own coordinates (the page scales the SVG to its width).
constexpr double width = 640, height = 240;
constexpr double left = 58, right = 610, top = 12, bottom = 204;  // room for the labels
// Series with this many points or fewer also get a marker on each point:
// a short run's few intervals should be visible as points, not only as bends.
constexpr std::size_t max_marked_points = 60;

struct Range {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double v) {
        if (!std::isfinite(v)) return;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    bool empty() const { return lo > hi; }
};

// 1, 2 or 5 times a power of ten, so that about `count` steps span `span`.
double round_step(double span, int count) {
    const double raw = span / count;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / magnitude;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
}

// Tick values from lo to at least hi, in round steps; the range grows to them.
std::vector<double> round_ticks(Range& r, int count) {
    if (r.hi - r.lo <= 0) r.hi = r.lo + (r.lo == 0 ? 1 : std::fabs(r.lo));
    const double step = round_step(r.hi - r.lo, count);
    r.lo = std::floor(r.lo / step + 1e-9) * step;
    r.hi = std::ceil(r.hi / step - 1e-9) * step;
    std::vector<double> ticks;
    for (double t = r.lo; t <= r.hi + step / 2; t += step) ticks.push_back(std::fabs(t) < step / 1e6 ? 0 : t);
    return ticks;
}

std::string coordinate(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

struct Scale {
    Range x, y;
    double px(double v) const { return left + (v - x.lo) / (x.hi - x.lo) * (right - left); }
    double py(double v) const { return bottom - (v - y.lo) / (y.hi - y.lo) * (bottom - top); }
};

std::string axes(const LineChart& chart, const Scale& s, const std::vector<AxisTick>& x_ticks,
                 const std::vector<double>& y_ticks) {
    std::string out = "<g class=\"axes\">";
    for (double t : y_ticks) {
        const auto y = coordinate(s.py(t));
        out += "<line class=\"grid\" x1=\"" + coordinate(left) + "\" x2=\"" + coordinate(right) + "\" y1=\"" + y +
               "\" y2=\"" + y + "\"/>";
        out += "<text class=\"tick y\" x=\"" + coordinate(left - 6) + "\" y=\"" + y + "\">" +
               escape_html(short_number(t)) + "</text>";
    }
    for (const auto& t : x_ticks) {
        const auto x = coordinate(s.px(t.at));
        out += "<line class=\"tick-mark\" x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + coordinate(bottom) + "\" y2=\"" +
               coordinate(bottom + 4) + "\"/>";
        out += "<text class=\"tick x\" x=\"" + x + "\" y=\"" + coordinate(bottom + 16) + "\">" + escape_html(t.label) +
               "</text>";
    }
    out += "<line class=\"axis\" x1=\"" + coordinate(left) + "\" x2=\"" + coordinate(right) + "\" y1=\"" +
           coordinate(bottom) + "\" y2=\"" + coordinate(bottom) + "\"/>";
    if (!chart.x_unit.empty()) {
        out += "<text class=\"axis-label\" x=\"" + coordinate(right) + "\" y=\"" + coordinate(height - 4) + "\">" +
               escape_html(chart.x_unit) + "</text>";
    }
    return out + "</g>";
}

std::string series_svg(const LineChart& chart, const ChartSeries& series, const Scale& s) {
    std::vector<ChartPoint> finite;
    for (const auto& p : series.points)
        if (std::isfinite(p.x) && std::isfinite(p.y)) finite.push_back(p);
    const auto points = decimate(finite, max_points_per_series);
    const std::string classes = series.colour + (series.dashed ? " dashed" : "");
    std::string out = "<polyline class=\"series " + escape_attribute(classes) + "\" data-series=\"" +
                      escape_attribute(series.label) + "\" data-points=\"" + std::to_string(points.size()) +
                      "\" points=\"";
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (i > 0) out += ' ';
        out += coordinate(s.px(points[i].x)) + "," + coordinate(s.py(points[i].y));
    }
    out += "\"/>";
    if (!chart.mark_points || points.size() > max_marked_points) return out;
    for (const auto& p : points) {
        const std::string x = chart.x_value_text ? chart.x_value_text(p.x) : short_number(p.x) + " " + chart.x_unit;
        out += "<circle class=\"pt " + escape_attribute(classes) + "\" cx=\"" + coordinate(s.px(p.x)) + "\" cy=\"" +
               coordinate(s.py(p.y)) + "\" r=\"2.5\"><title>" +
               escape_html(series.label + ": " + short_number(p.y) + " " + chart.y_unit + " at " + x) +
               "</title></circle>";
    }
    return out;
}

std::string legend(const LineChart& chart) {
    std::string out = "<ul class=\"legend\">";
    for (const auto& series : chart.series) {
        if (series.points.empty()) continue;
        out += "<li><span class=\"swatch " + escape_attribute(series.colour + (series.dashed ? " dashed" : "")) +
               "\"></span>" + escape_html(series.label) + "</li>";
    }
    return out + "</ul>";
}

std::string caption(const LineChart& chart) {
    std::string out = "<figcaption>" + escape_html(chart.title);
    if (!chart.y_unit.empty()) out += " <span class=\"unit\">(" + escape_html(chart.y_unit) + ")</span>";
    return out + "</figcaption>";
}

}  // namespace

std::vector<ChartPoint> decimate(const std::vector<ChartPoint>& points, std::size_t max_points) {
    if (points.size() <= max_points || max_points < 4) return points;
    const std::size_t buckets = (max_points - 2) / 2;
    const std::size_t inner = points.size() - 2;  // first and last are kept as they are
    std::vector<ChartPoint> out{points.front()};
    for (std::size_t b = 0; b < buckets; ++b) {
        const std::size_t begin = 1 + b * inner / buckets, end = 1 + (b + 1) * inner / buckets;
        if (begin >= end) continue;
        std::size_t lo = begin, hi = begin;
        for (std::size_t i = begin; i < end; ++i) {
            if (points[i].y < points[lo].y) lo = i;
            if (points[i].y > points[hi].y) hi = i;
        }
        out.push_back(points[std::min(lo, hi)]);
        if (lo != hi) out.push_back(points[std::max(lo, hi)]);
    }
    out.push_back(points.back());
    return out;
}

std::string render_line_chart(const LineChart& chart) {
    Scale s;
    for (const auto& series : chart.series) {
        for (const auto& p : series.points) {
            s.x.add(p.x);
            s.y.add(p.y);
        }
    }
    const std::string id = escape_attribute(chart.id);
    if (s.x.empty() || s.y.empty()) {
        return "<figure class=\"chart empty\" data-chart=\"" + id + "\" data-empty=\"true\">" + caption(chart) +
               "<p class=\"no-data\">No data: " + escape_html(chart.no_data) + "</p></figure>\n";
    }
    // Both axes from zero: counts, rates and latencies read best from there,
    // and time from the run's start.
    s.x.add(0);
    s.y.add(0);
    std::vector<AxisTick> x_ticks = chart.x_ticks;
    if (x_ticks.empty()) {
        for (double t : round_ticks(s.x, 6)) x_ticks.push_back({t, short_number(t)});
    } else {
        for (const auto& t : x_ticks) s.x.add(t.at);
        if (s.x.hi <= s.x.lo) s.x.hi = s.x.lo + 1;
    }
    const auto y_ticks = round_ticks(s.y, 4);

    std::string out = "<figure class=\"chart\" data-chart=\"" + id + "\">" + caption(chart);
    out += "<svg viewBox=\"0 0 " + coordinate(width) + " " + coordinate(height) + "\" role=\"img\" aria-label=\"" +
           escape_attribute(chart.title) + "\">";
    out += axes(chart, s, x_ticks, y_ticks);
    // Baselines first: the candidate's lines are drawn over them.
    for (const bool baseline : {true, false})
        for (const auto& series : chart.series)
            if (series.dashed == baseline && !series.points.empty()) out += series_svg(chart, series, s);
    out += "</svg>" + legend(chart) + "</figure>\n";
    return out;
}

}  // namespace throng::reports
