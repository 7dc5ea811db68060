#pragma once
// junit.xml: a result as JUnit XML, for CI systems' test views (GitLab,
// Jenkins, GitHub test reporters). Every threshold and every metric the gate
// compared with a baseline is a test case; its outcome is the verdict.
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace throng::reports {

// One <testsuite> per scenario of the result, in <testsuites>. Test cases:
//  - each threshold, named "<key> <expression>": passed; <failure> with the
//    observed value; <skipped message="no data"> if it was not evaluated;
//  - with a comparison, each metric, named by its key: <failure> for a
//    regression (change, interval, tolerance), <skipped> if inconclusive,
//    passed for no_change and improvement; if the comparison is invalid, one
//    more case "gate" whose <error> lists the reasons;
//  - "setup" with an <error> if setup failed, "run" with an <error> if the
//    run was interrupted (not by a threshold, whose own case fails).
// Reads version 1 and 2 results; absent fields are left out.
std::string junit_report(const nlohmann::json& result);

// Atomically (temp file + rename); throws std::runtime_error on failure.
void write_junit_report(const nlohmann::json& result, const std::filesystem::path& path);

}  // namespace throng::reports
