#pragma once
// What the JUnit and Markdown reports must show of a value in a result
// document, worked out in the test from the value and its unit: the tests
// read their expectations from the fixtures (real runs, whose numbers change
// when the fixtures are made again) instead of pasting the numbers.
// Rounding is values::significant's, pinned by report_text_test.cpp; the
// units, signs and wording are spelled out here, independently of the
// writers' own helpers, so that a wrong unit or sign still shows.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "reports/report_values.hpp"

namespace throng::test {

// A value in a result's unit: "11.04 ms", "324.1/s", a ratio as "0.308%".
inline std::string expected_in_unit(double value, const std::string& unit) {
    using reports::values::significant;
    if (unit == "ms") return significant(value, 4) + " ms";
    if (unit == "1/s") return significant(value, 4) + "/s";
    if (unit == "ratio") return significant(100 * value, 4) + "%";
    FAIL("a unit the fixtures were not expected to have: " << unit);
    return "";
}

// A threshold's observed value: "11.04 ms".
inline std::string expected_observed(const nlohmann::json& threshold) {
    return expected_in_unit(threshold.at("observed").get<double>(), threshold.at("unit").get<std::string>());
}

// A change of a gate metric, or a bound of its interval, in its tolerance
// kind, signed: "+39.9%" (relative), "-0.198 pp" (absolute, of a ratio).
inline std::string expected_change(double change, const nlohmann::json& metric) {
    std::string number;
    if (metric.at("tolerance_kind") == "relative") {
        number = reports::values::significant(100 * change, 3) + "%";
    } else {
        REQUIRE(metric.at("unit") == "ratio");
        number = reports::values::significant(100 * change, 3) + " pp";
    }
    return number.starts_with('-') || number.starts_with("0 ") || number == "0%" ? number : "+" + number;
}

// The metric's tolerance, signed the way that is worse: "+10%" when lower is better.
inline std::string expected_tolerance(const nlohmann::json& metric) {
    const double tolerance = std::fabs(metric.at("tolerance").get<double>());
    return expected_change(metric.at("better") == "higher" ? -tolerance : tolerance, metric);
}

// "+39.9% (95% interval +33.8% to +43.6%), tolerance +10%; 5.087 ms → 7.115 ms"
inline std::string expected_metric_outcome(const nlohmann::json& metric, const nlohmann::json& comparison) {
    const std::string unit = metric.at("unit");
    return expected_change(metric.at("change").get<double>(), metric) + " (" +
           reports::values::significant(100 * comparison.at("confidence").get<double>(), 3) + "% interval " +
           expected_change(metric.at("interval")[0].get<double>(), metric) + " to " +
           expected_change(metric.at("interval")[1].get<double>(), metric) + "), tolerance " +
           expected_tolerance(metric) + "; " + expected_in_unit(metric.at("baseline").get<double>(), unit) + " → " +
           expected_in_unit(metric.at("candidate").get<double>(), unit);
}

}  // namespace throng::test
