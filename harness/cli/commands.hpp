#pragma once
// The subcommands of the throng executable. Each takes the arguments after
// its name and returns the process exit code (exit_codes.hpp).
#include <string>
#include <vector>

namespace throng::cli {

int run_command(const std::vector<std::string>& args);
int validate_command(const std::vector<std::string>& args);
int demo_command(const std::vector<std::string>& args);
int report_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args);
int merge_command(const std::vector<std::string>& args);
int ab_command(const std::vector<std::string>& args);
int baseline_command(const std::vector<std::string>& args);
int import_command(const std::vector<std::string>& args);

}  // namespace throng::cli
