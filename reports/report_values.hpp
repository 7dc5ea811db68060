#pragma once
// Numbers of a result document as the JUnit and Markdown reports show them:
// one spelling for the same value in both.
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace throng::reports::values {

// `value` rounded to `digits` significant digits, without trailing zeros and
// never in exponent form: 312.4, 3.959, 0.1504, 3621.
std::string significant(double value, int digits);

// A threshold's observed value in the unit the result gives it: "312.4 ms",
// "9.589%" (a ratio), "3621/s", "17"; "no data" if it was not evaluated.
std::string observed(const nlohmann::json& threshold);
// "p(95)<250ms: observed 312.4 ms"
std::string threshold_outcome(const nlohmann::json& threshold);

// A latency from a result's *_ms fields, unit chosen by size: "32.6 µs",
// "4.71 ms", "1.23 s".
std::string latency(double ms);

// Of a comparison metric (see the comparison section of result.json):
// a baseline or candidate value in the metric's unit: "4.21 ms", "812/s", "0.95%";
std::string metric_value(const nlohmann::json& metric, const std::string& key);
// its change, signed: "+18.3%" (relative) or "+0.05 pp" (absolute, for rates);
std::string change(const nlohmann::json& metric);
// its confidence interval: "+10.8% to +25.8%";
std::string interval(const nlohmann::json& metric);
// its tolerance, signed the way that is worse: "+10%" when lower is better,
// "-10%" when higher is.
std::string tolerance(const nlohmann::json& metric);
// The comparison's confidence: "95%" ("" if absent).
std::string confidence(const nlohmann::json& comparison);
// "+18.3% (95% interval +10.8% to +25.8%), tolerance +10%; 4.21 ms -> 4.98 ms"
std::string metric_outcome(const nlohmann::json& metric, const nlohmann::json& comparison);

}  // namespace throng::reports::values
