#pragma once
// Reading result.json files given on the command line, with messages that
// name the file and what is wrong with it.
#include <filesystem>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/core/run_result.hpp"

namespace throng::cli {

// A file the user named is not a readable result: exit code 2.
class BadResultFile : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The parsed document, checked to be a result this throng reads.
nlohmann::json read_result_file(const std::filesystem::path& path);
// As a RunResult, thresholds parsed again from their text.
core::RunResult load_result(const nlohmann::json& document, const std::filesystem::path& path);

// Thresholds evaluated again on the result's own counts (after a merge).
void evaluate_thresholds_again(core::RunResult& result);

}  // namespace throng::cli
