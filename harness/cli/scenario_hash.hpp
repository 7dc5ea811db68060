#pragma once
// A fingerprint of the scenario as it ran: the file's bytes (or, for --url,
// the request but not its host), and every command-line option that changes
// the load. Two results are comparable only when theirs are equal; the
// target's address is left out, so that `throng ab` (and --target) can
// compare two deployments of the same service.
#include <string>

#include "harness/cli/args.hpp"

namespace throng::cli {

// SHA-256, hex. `scenario_file` empty for a --url run.
std::string scenario_hash(const std::string& scenario_file, const Args& args);

}  // namespace throng::cli
