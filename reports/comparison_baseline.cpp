#include "reports/comparison_baseline.hpp"

#include <nlohmann/json.hpp>

#include "reports/gate_samples.hpp"

namespace throng::reports {

using nlohmann::json;

json baseline_section(const json& baseline, const std::string& label, const std::string& file) {
    json intervals = json::array();
    for (const json& iv : baseline.at("intervals")) {
        intervals.push_back({{"start_s", iv.value("start_s", 0.0)},
                             {"length_s", iv.value("length_s", 0.0)},
                             {"rps", iv.value("rps", 0.0)},
                             {"errors", iv.value("errors", 0)},
                             {"latency_ms", iv.value("latency_ms", json::object())}});
    }
    json steps = json::array();
    for (const json& step : baseline.at("steps"))
        steps.push_back({{"name", step.value("name", "")}, {"histograms", step.value("histograms", json::object())}});
    const json& total = baseline.at("total");
    return {{"label", label},
            {"file", file},
            {"started_at", baseline.at("run").value("started_at", "")},
            {"scenario_hash", baseline.at("scenario").value("hash", "")},
            {"testbed", baseline.at("run").value("testbed", json::object())},
            {"runs", gate::run_spans(baseline).size()},
            {"intervals", intervals},
            {"steps", steps},
            {"total",
             {{"requests", total.value("requests", 0)},
              {"latency_ms", total.value("latency_ms", json::object())},
              {"histograms", total.value("histograms", json::object())}}}};
}

}  // namespace throng::reports
