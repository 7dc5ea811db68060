#pragma once
// Running the built throng binary on a scenario, for the end-to-end tests
// (integration_tests defines THRONG_BINARY and THRONG_SOURCE_DIR).
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace throng::test {

inline const std::string throng_binary = THRONG_BINARY;
inline const std::string source_dir = THRONG_SOURCE_DIR;

// result.json under DIR/out, or null when the run wrote none.
inline nlohmann::json read_result(const TempDir& dir) {
    const auto path = dir.path() / "out" / "result.json";
    return std::filesystem::exists(path) ? nlohmann::json::parse(read_text(path)) : nlohmann::json();
}

struct ScenarioRun {
    ProcessResult process;
    nlohmann::json result;  // null when no result.json was written
};

// Writes TEXT as DIR/s.json and runs it quietly with --out DIR/out.
inline ScenarioRun run_scenario(TempDir& dir, const std::string& text, std::vector<std::string> extra = {},
                                std::chrono::seconds limit = std::chrono::seconds(120)) {
    const auto file = dir.write("s.json", text);
    std::vector<std::string> argv = {throng_binary, "run", file.string(), "--out", "out", "--quiet"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    ScenarioRun run;
    run.process = run_process(argv, dir.path(), limit);
    run.result = read_result(dir);
    return run;
}

}  // namespace throng::test
