#pragma once
// The report's tables, each a <section> made from the result alone; empty
// when the result has nothing for it (no checks, no errors, no setup).
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace throng::reports {

// One row per step and one for all requests, as the terminal summary shows
// them: requests, errors, req/s, p50 p90 p95 p99 p99.9 max; a second table of
// response times when the result has them, and one of where the time went
// (request phases) for the steps whose protocol says.
std::string steps_section(const nlohmann::json& result);
// Each check's passes, failures and pass rate.
std::string checks_section(const nlohmann::json& result);
// Each threshold: passed or failed, its expression, the observed value in its unit.
std::string thresholds_section(const nlohmann::json& result);
// Errors by class and by protocol code, for all requests and per step.
std::string errors_section(const nlohmann::json& result);
// Setup and teardown steps and checks.
std::string setup_teardown_section(const nlohmann::json& result);

}  // namespace throng::reports
