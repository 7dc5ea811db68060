#include "harness/cli/exit_codes.hpp"

#include <nlohmann/json.hpp>

#include "reports/result_json.hpp"

namespace throng::cli {

int exit_code_for(const nlohmann::json& result) {
    const std::string verdict = reports::verdict_of(result);
    if (verdict == "setup_failed") return exit_runtime_error;
    if (verdict == "interrupted") return exit_interrupted;
    if (verdict == "thresholds_failed") return exit_threshold_failed;
    if (verdict == "regression") return exit_regression;
    if (verdict == "invalid" || verdict == "inconclusive") return exit_gate_unsure;
    return exit_ok;
}

}  // namespace throng::cli
