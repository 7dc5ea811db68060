#pragma once
// throng's exit codes; README documents them.
#include <nlohmann/json_fwd.hpp>

namespace throng::cli {

enum ExitCode : int {
    exit_ok = 0,  // the run finished, every threshold passed, and a comparison (if any) found no regression
    exit_threshold_failed = 1,  // the run finished and a threshold failed
    exit_usage = 2,             // bad command line or scenario (nothing ran)
    exit_runtime_error = 3,     // the run could not start or its result could not be written
    exit_interrupted = 4,       // stopped by SIGINT/SIGTERM; a partial result was written
    exit_regression = 5,        // the comparison with the baseline found a regression
    exit_gate_unsure = 6,       // the comparison was invalid or inconclusive: no verdict either way
};

// The exit code a finished result calls for, from its "verdict" (the highest
// concern first: setup, interruption, thresholds, then the comparison).
int exit_code_for(const nlohmann::json& result);

}  // namespace throng::cli
