#pragma once
// Numbers as the report shows them: short (4 significant digits at most),
// latencies as the terminal summary writes them (3.96ms, 165us), rates as
// percentages.
#include <string>
#include <string_view>

namespace throng::reports {

// 4 significant digits, never an exponent for numbers a person reads
// (12346, 812.4, 0.0123); "-" for NaN or infinity.
std::string short_number(double value);
// A latency in milliseconds written like the terminal summary: 269us, 3.83ms, 1.2s.
std::string latency_text(double ms);
// A ratio (0..1) as a percentage with two decimals: 3.20%.
std::string percent_text(double ratio);
// A value in one of the result's units: ms (a latency), ratio (a percentage),
// 1/s (a rate per second) or anything else (the number, then the unit).
std::string value_with_unit(double value, std::string_view unit);
// With an explicit sign, for changes: +18.3%, -0.50 pp, +2.1ms.
std::string signed_percent(double ratio);

}  // namespace throng::reports
