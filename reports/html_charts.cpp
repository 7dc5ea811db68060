#include "reports/html_charts.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/core/histogram_codec.hpp"
#include "reports/html_elements.hpp"
#include "reports/json_fields.hpp"
#include "reports/percentile_spectrum.hpp"
#include "reports/svg_chart.hpp"

namespace throng::reports {

using nlohmann::json;

namespace {

// Each interval drawn at its end, the time being the sum of the lengths so
// far: monotonic even for results that merge several runs.
std::vector<double> interval_ends(const json& intervals) {
    std::vector<double> ends;
    double t = 0;
    for (const auto& iv : intervals) {
        t += number(iv, "length_s");
        ends.push_back(t);
    }
    return ends;
}

// One value of each interval; intervals that lack it are left out.
template <class Value>
std::vector<ChartPoint> per_interval(const json& intervals, Value value) {
    const auto ends = interval_ends(intervals);
    std::vector<ChartPoint> points;
    for (std::size_t i = 0; i < intervals.size(); ++i)
        if (auto v = value(intervals[i])) points.push_back({ends[i], *v});
    return points;
}

auto member(const char* key) {
    return [key](const json& iv) -> std::optional<double> {
        if (!has_number(iv, key)) return std::nullopt;
        return number(iv, key);
    };
}

// An interval without requests (a run's last one often: the few
// milliseconds after the load stopped) has no latency; the result writes
// zeros there, which are no measurement. A baseline's intervals keep the rate
// but not the count.
bool without_requests(const json& iv) {
    if (has_number(iv, "requests")) return number(iv, "requests") == 0;
    return has_number(iv, "rps") && number(iv, "rps") == 0;
}

auto latency(const char* key) {
    return [key](const json& iv) -> std::optional<double> {
        const auto& l = field(iv, "latency_ms");
        if (!has_number(l, key) || without_requests(iv)) return std::nullopt;
        return number(l, key);
    };
}

const json& baseline_of(const json& result) { return field(field(result, "comparison"), "baseline"); }

LineChart time_chart(std::string id, std::string title, std::string y_unit) {
    LineChart c;
    c.id = std::move(id);
    c.title = std::move(title);
    c.x_unit = "s";
    c.y_unit = std::move(y_unit);
    c.no_data = "the run recorded no intervals.";
    return c;
}

// Decodes one of a step's histograms; a missing one is empty, a corrupt one
// too, with the reason kept for the chart's "no data" text.
core::Histogram decoded(const json& histograms, const char* kind, std::string& problem) {
    const auto& encoded = field(histograms, kind);
    if (!encoded.is_string()) return core::Histogram{};
    try {
        return core::decode_compressed(encoded.get<std::string>());
    } catch (const std::invalid_argument& e) {
        problem = std::string(kind) + " histogram cannot be decoded (" + e.what() + ")";
        return core::Histogram{};
    }
}

void add_spectrum(LineChart& chart, const json& histograms, const char* kind, const std::string& label,
                  const char* colour, bool dashed, std::string& problem) {
    auto points = percentile_spectrum(decoded(histograms, kind, problem));
    if (!points.empty()) chart.series.push_back({label, colour, dashed, std::move(points)});
}

std::string spectrum_chart(std::string id, const std::string& title, const json& histograms,
                           const json* baseline_histograms, const std::string& baseline_label) {
    LineChart chart;
    chart.id = std::move(id);
    chart.title = title;
    chart.y_unit = "ms";
    chart.x_unit = "percentile";
    chart.x_value_text = [](double x) { return spectrum_percentile_text(x); };
    chart.mark_points = false;  // samples of a curve
    std::string problem;
    add_spectrum(chart, histograms, "service_time", "service time", "c1", false, problem);
    add_spectrum(chart, histograms, "response_time", "response time", "c3", false, problem);
    if (baseline_histograms != nullptr) {
        add_spectrum(chart, *baseline_histograms, "service_time", baseline_label + " service time", "c1", true,
                     problem);
        add_spectrum(chart, *baseline_histograms, "response_time", baseline_label + " response time", "c3", true,
                     problem);
    }
    double x_max = 1;
    for (const auto& s : chart.series) x_max = std::max(x_max, s.points.back().x);
    chart.x_ticks = spectrum_ticks(x_max);
    chart.no_data = problem.empty() ? "no latency was recorded here." : problem + ".";
    return render_line_chart(chart);
}

// The baseline's histograms of the step of that name, if it had one.
const json* baseline_step(const json& result, const std::string& name) {
    for (const auto& step : list(baseline_of(result), "steps"))
        if (text(step, "name") == name && field(step, "histograms").is_object()) return &field(step, "histograms");
    return nullptr;
}

}  // namespace

std::string time_series_charts(const json& result) {
    const auto& intervals = list(result, "intervals");
    const auto& baseline = list(baseline_of(result), "intervals");
    const std::string base = "baseline ";

    auto lat = time_chart("latency", "Latency (service time) per interval", "ms");
    lat.series.push_back({"p50", "c1", false, per_interval(intervals, latency("p50"))});
    lat.series.push_back({"p95", "c2", false, per_interval(intervals, latency("p95"))});
    lat.series.push_back({"p99", "c3", false, per_interval(intervals, latency("p99"))});
    lat.series.push_back({base + "p50", "c1", true, per_interval(baseline, latency("p50"))});
    lat.series.push_back({base + "p95", "c2", true, per_interval(baseline, latency("p95"))});
    lat.series.push_back({base + "p99", "c3", true, per_interval(baseline, latency("p99"))});

    auto rps = time_chart("throughput", "Throughput", "req/s");
    rps.series.push_back({"requests per second", "c1", false, per_interval(intervals, member("rps"))});
    rps.series.push_back({base + "requests per second", "c1", true, per_interval(baseline, member("rps"))});

    auto errors = time_chart("errors", "Errors per interval", "errors");
    errors.series.push_back({"errors", "c3", false, per_interval(intervals, member("errors"))});

    std::string out;
    // The warm-up's intervals are in the series, but in none of the figures.
    const auto& warmup = field(result, "warmup");
    if (warmup.is_object()) {
        std::size_t warm = 0;
        for (const auto& iv : intervals) warm += flag(iv, "warmup") ? 1 : 0;
        out += element("p",
                       "Warm-up is drawn here but left out of the totals, the thresholds and the comparison; " +
                           std::to_string(warm) + " interval(s) were warm-up only.",
                       "note");
    }
    out += render_line_chart(lat) + render_line_chart(rps) + render_line_chart(errors);
    if (flag(result, "open_model")) {
        auto load = time_chart("iterations", "Iterations started and dropped per interval", "iterations");
        load.series.push_back({"started", "c1", false, per_interval(intervals, member("started"))});
        load.series.push_back({"dropped", "c3", false, per_interval(intervals, member("dropped"))});
        out += render_line_chart(load);
    } else {
        auto vus = time_chart("vus", "Active VUs", "VUs");
        vus.series.push_back({"VUs", "c4", false, per_interval(intervals, member("vus"))});
        out += render_line_chart(vus);
    }
    return out;
}

std::string spectrum_charts(const json& result) {
    const bool compared = baseline_of(result).is_object();
    const std::string label = "baseline";  // the baseline's own name is in the comparison section
    const auto& base_total = field(field(baseline_of(result), "total"), "histograms");
    std::string out = spectrum_chart("spectrum-total", "All requests", field(field(result, "total"), "histograms"),
                                     compared && base_total.is_object() ? &base_total : nullptr, label);
    const auto& steps = list(result, "steps");
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const std::string name = text(steps[i], "name");
        out += spectrum_chart("spectrum-step-" + std::to_string(i), "Step " + name, field(steps[i], "histograms"),
                              compared ? baseline_step(result, name) : nullptr, label);
    }
    return out;
}

}  // namespace throng::reports
