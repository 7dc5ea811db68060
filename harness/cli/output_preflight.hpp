#pragma once
// Before any load: make sure the results can be written, and that no result
// of an earlier run can be mistaken for this one's.
//
// A run whose --out is a file, lies under a file, or cannot be written to used
// to be found out only after the whole load, and its data were lost. Now the
// folders are made and a file is created in each before the run starts.
//
// An earlier result.json saying "passed" must not survive a run that is
// killed (SIGKILL, the OOM killer) where CI would read it: it is renamed to
// result.previous.json, its reports removed, and result.json is from then on
// this run's checkpoint, marked incomplete, until the final one replaces it.
#include <filesystem>
#include <string>
#include <vector>

#include "harness/cli/report_outputs.hpp"

namespace throng::cli {

// Throws std::runtime_error naming the path and why it cannot be written.
void check_writable(const std::filesystem::path& result_file, const ReportFiles& reports);

// Moves an earlier result aside and removes the reports made from it. Returns
// what it did, for a note on stderr ("" when there was nothing).
std::string retire_previous_result(const std::filesystem::path& result_file, const ReportFiles& reports);

}  // namespace throng::cli
