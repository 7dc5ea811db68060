#pragma once
// The end-of-run table printed on stdout: one row per step and one for all,
// then iterations, errors by class and thresholds.
#include <string>

#include "harness/core/run_result.hpp"

namespace throng::reports {

std::string summary_text(const core::RunResult& result);

}  // namespace throng::reports
