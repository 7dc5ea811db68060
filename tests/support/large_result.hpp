#pragma once
// A result the size of a long run, for the report tests: a 10-minute run with
// 20 steps (600 one-second intervals), compared with a baseline of the same
// shape. Built from a fixture by repeating its histograms, with latencies and
// rates that wander so that the charts have something to draw.
#include <cmath>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace throng::test {

inline nlohmann::json golden_result(const std::string& name) {
    const auto path = std::filesystem::path(THRONG_SOURCE_DIR) / "tests" / "golden" / "results" / (name + ".json");
    return nlohmann::json::parse(read_text(path));
}

inline nlohmann::json large_result(int steps = 20, int intervals = 600) {
    using nlohmann::json;
    json r = golden_result("regression");
    const json fixture_steps = r["steps"];
    json fixture_intervals = json::array();  // the whole seconds (the fixture's last interval is a sliver)
    for (const auto& iv : r["intervals"])
        if (iv["length_s"].get<double>() > 0.5) fixture_intervals.push_back(iv);
    json& baseline = r["comparison"]["baseline"];

    r["steps"] = json::array();
    baseline["steps"] = json::array();
    for (int s = 0; s < steps; ++s) {
        json step = fixture_steps[static_cast<std::size_t>(s) % fixture_steps.size()];
        step["name"] = "step " + std::to_string(s);
        step["tags"]["step"] = step["name"];
        baseline["steps"].push_back({{"name", step["name"]}, {"histograms", step["histograms"]}});
        r["steps"].push_back(std::move(step));
    }

    r["intervals"] = json::array();
    baseline["intervals"] = json::array();
    for (int i = 0; i < intervals; ++i) {
        json iv = fixture_intervals[static_cast<std::size_t>(i) % fixture_intervals.size()];
        const double wave = 1.0 + 0.3 * std::sin(i / 40.0) + (i % 97 == 0 ? 2.0 : 0.0);  // a slow swell, rare spikes
        iv["start_s"] = i;
        iv["length_s"] = 1.0;
        iv["vus"] = 3;
        iv["rps"] = 3600.0 / wave;
        iv["requests"] = static_cast<int>(3600.0 / wave);
        iv["errors"] = i % 50 == 0 ? 12 : 0;
        for (auto& [key, value] : iv["latency_ms"].items()) value = value.get<double>() * wave;
        json per_step = json::array();
        for (int s = 0; s < steps; ++s)
            per_step.push_back(iv["histograms"][static_cast<std::size_t>(s) % iv["histograms"].size()]);
        iv["histograms"] = std::move(per_step);

        json base = {{"start_s", i}, {"length_s", 1.0}, {"rps", 3700.0}, {"errors", 0}, {"latency_ms", json::object()}};
        for (auto& [key, value] : iv["latency_ms"].items()) base["latency_ms"][key] = value.get<double>() * 0.85 / wave;
        baseline["intervals"].push_back(std::move(base));
        r["intervals"].push_back(std::move(iv));
    }
    r["run"]["duration_s"] = intervals;
    r["runs"][0]["duration_s"] = intervals;
    r["runs"][0]["intervals"] = intervals;
    r["scenario"]["name"] = "long run: " + std::to_string(steps) + " steps, " + std::to_string(intervals) + " s";
    return r;
}

}  // namespace throng::test
