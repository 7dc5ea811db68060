#pragma once
// The plan `throng run` executes, from the command line: a scenario file (with
// --env and --set), or one request in a loop (--url, like wrk), then the
// overrides k6 users expect (--vus, --duration, --iterations, --rate, --target).
#include "harness/cli/args.hpp"
#include "harness/core/plan.hpp"

namespace throng::cli {

// Throws core::InputError for a broken scenario (with positions) and
// std::invalid_argument for a bad --body file; other problems are recorded in args.
core::Plan build_plan(Args& args);
void apply_overrides(core::Plan& plan, Args& args);

}  // namespace throng::cli
