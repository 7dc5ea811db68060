#pragma once
// throng's exit codes; README documents them.
namespace throng::cli {

enum ExitCode : int {
    exit_ok = 0,                 // the run finished and every threshold passed
    exit_threshold_failed = 1,   // the run finished and a threshold failed
    exit_usage = 2,              // bad command line or scenario (nothing ran)
    exit_runtime_error = 3,      // the run could not start or its result could not be written
    exit_interrupted = 4,        // stopped by SIGINT/SIGTERM; a partial result was written
};

}  // namespace throng::cli
