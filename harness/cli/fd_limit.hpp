#pragma once
// Every VU holds a connection per target it talks to, and each is a file
// descriptor. Run out of them mid-run and connects fail with EMFILE, which
// would read as the target's errors (and as a fast target: failed connects
// are quick). So the soft limit is raised before the load, and a run that
// still cannot fit is refused before it starts.
#include <cstdint>
#include <optional>
#include <string>

#include "harness/core/plan.hpp"

namespace throng::cli {

// Descriptors a run of `plan` may hold at once: a connection per VU and
// target, plus room for the process's own files.
std::uint64_t descriptors_needed(const core::Plan& plan);

// When the soft RLIMIT_NOFILE is below `needed`, raises it to the hard limit
// (never lowers it). Returns why the run cannot fit, or nullopt when it can.
std::optional<std::string> make_room_for_descriptors(std::uint64_t needed);

}  // namespace throng::cli
