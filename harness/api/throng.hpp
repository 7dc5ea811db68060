#pragma once
// throng's C++ API in one include, for load tests written in code: build a
// plan (core::build, and http::get/post/request for HTTP steps) or load a
// scenario file, run it with every protocol throng speaks, then print or
// write its result. Nothing here pulls in Asio or a protocol's client library.
#include <string>

#include "harness/core/plan.hpp"
#include "harness/core/plan_builder.hpp"
#include "harness/core/run_result.hpp"
#include "harness/engine/engine_options.hpp"
#include "reports/result_json.hpp"
#include "reports/summary.hpp"
#include "scenarios/scenario_parser.hpp"
#include "scenarios/threshold_parser.hpp"
#include "targets/drivers/http/http_request.hpp"

namespace throng {

using RunOptions = engine::EngineOptions;

// Reads a scenario file as `throng run` does: every protocol's steps,
// `${env.X}` from options.env (empty: the process environment), options.sets
// ("PATH=VALUE", as --set) applied first, and each target's URL read as its
// driver will. Throws core::InputError listing every problem with
// file:line:column.
core::Plan load_scenario(const std::string& path, const scenarios::ScenarioOptions& options = {});

// Runs `plan` with a fresh driver of every protocol, ends it early when an
// abort_on_fail threshold fails (as well as when options.should_abort says
// so), and evaluates its thresholds into the result's `thresholds`. Throws
// std::runtime_error when the run cannot start (a step no driver can run, a
// target that refuses its options).
core::RunResult run(const core::Plan& plan, const RunOptions& options = {});

}  // namespace throng
