#pragma once
// The summary's table of where each step's time went (request phases, for
// protocols that say), printed on request (`throng run --timings`).
#include <string>

#include "harness/core/run_result.hpp"

namespace throng::reports {

// Empty when no step has phases.
std::string phase_summary_text(const core::RunResult& result);

}  // namespace throng::reports
