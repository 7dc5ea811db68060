#pragma once
// Building a plan in C++ instead of JSON (as Gatling's DSL does): small
// constructors for the plan's parts, so that code reads like a scenario file.
// Protocol steps come from the drivers (targets/drivers/http/http_request.hpp).
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "harness/core/plan.hpp"

namespace throng::core::build {

ExecutorSpec constant_vus(int vus, std::chrono::nanoseconds duration);
ExecutorSpec ramping_vus(int start_vus, std::vector<Stage> stages);
ExecutorSpec constant_arrival_rate(double per_second, std::chrono::nanoseconds duration, int pre_allocated_vus,
                                   int max_vus = 0);

Flow flow(std::string name, double weight, std::vector<Step> steps);
Scenario scenario(std::string name, ExecutorSpec executor, std::vector<Flow> flows);

Step pause(ThinkTime think);
Step group(std::string name, std::vector<Step> steps);
Step repeat(int count, std::vector<Step> steps);
Step only_if(Condition condition, Step step);

// Checks and extractions; patterns are compiled here.
Check status(std::string name, std::vector<int> statuses, bool abort = false);
Check body_contains(std::string name, std::string text);
Check json_equals(std::string name, std::string pointer, std::string expected_json);
Check latency_below(std::string name, std::chrono::nanoseconds bound);
Extraction json_value(std::string variable, std::string pointer);
Extraction header_value(std::string variable, std::string header);
Extraction regex_group(std::string variable, std::string pattern, int group = 1);

}  // namespace throng::core::build
