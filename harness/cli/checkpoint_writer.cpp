#include "harness/cli/checkpoint_writer.hpp"

#include <cstdio>
#include <exception>

#include <nlohmann/json.hpp>

#include "reports/result_json.hpp"

namespace throng::cli {

void CheckpointWriter::operator()(const core::RunResult& so_far) {
    const core::Nanos began = core::SteadyClock::read();
    if (failed_ || began < next_) return;
    try {
        reports::write_result_json(reports::checkpoint_to_json(so_far), file_);
    } catch (const std::exception& e) {
        // The final result is still attempted (and reported) at the end.
        std::fprintf(stderr, "throng run: cannot write the checkpoint: %s\n", e.what());
        failed_ = true;
        return;
    }
    const core::Nanos done = core::SteadyClock::read();
    next_ = done + 19 * (done - began);
}

}  // namespace throng::cli
