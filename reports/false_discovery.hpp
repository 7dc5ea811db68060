#pragma once
// Benjamini-Hochberg: with many metrics compared at once, some would cross
// their tolerance by chance; q-values keep the expected share of false alarms
// among the metrics called regressions at the chosen level.
#include <vector>

namespace throng::reports::gate {

// The BH-adjusted p-value of each p-value, in the same order.
std::vector<double> benjamini_hochberg(const std::vector<double>& p_values);

}  // namespace throng::reports::gate
