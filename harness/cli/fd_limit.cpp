#include "harness/cli/fd_limit.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <string>

namespace throng::cli {

namespace {
// Result files, reports, the checkpoint, the event loop's own descriptors.
constexpr std::uint64_t descriptors_for_throng = 64;
}  // namespace

std::uint64_t descriptors_needed(const core::Plan& plan) {
    const auto vus = static_cast<std::uint64_t>(std::max(plan.max_vus(), 1));
    return vus * std::max<std::uint64_t>(plan.targets.size(), 1) + descriptors_for_throng;
}

std::optional<std::string> make_room_for_descriptors(std::uint64_t needed) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return std::nullopt;  // cannot tell: let the run say
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= needed) return std::nullopt;
    const rlim_t hard = limit.rlim_max;
    // Up to the hard limit, not just to the estimate: an estimate can be short.
    limit.rlim_cur = hard == RLIM_INFINITY ? static_cast<rlim_t>(needed) : hard;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur >= needed) return std::nullopt;
    return "this run may hold about " + std::to_string(needed) +
           " open connections and files (a connection per VU and target), but the limit on open files is " +
           std::to_string(limit.rlim_cur) + " (hard limit " +
           (hard == RLIM_INFINITY ? std::string("unlimited") : std::to_string(hard)) + "): raise it (`ulimit -n " +
           std::to_string(needed) + "`) or run fewer VUs";
}

}  // namespace throng::cli
