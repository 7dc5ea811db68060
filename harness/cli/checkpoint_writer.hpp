#pragma once
// Writes the run's checkpoint (reports::checkpoint_to_json) as result.json
// about once a second, so a killed run leaves at most a second unwritten.
// Writing must not slow the run: if it takes long (a very long run), the next
// one waits so that checkpoints take at most a twentieth of the time.
#include <filesystem>

#include "harness/core/clock.hpp"
#include "harness/core/run_result.hpp"

namespace throng::cli {

class CheckpointWriter {
public:
    explicit CheckpointWriter(std::filesystem::path file) : file_(std::move(file)) {}
    void operator()(const core::RunResult& so_far);

private:
    std::filesystem::path file_;
    core::Nanos next_ = 0;
    bool failed_ = false;
};

}  // namespace throng::cli
