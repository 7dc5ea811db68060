#include "reports/block_bootstrap.hpp"

#include <algorithm>
#include <cmath>

namespace throng::reports::gate {

std::size_t block_length(std::size_t intervals) {
    if (intervals == 0) return 1;
    const auto length = static_cast<std::size_t>(std::lround(std::cbrt(static_cast<double>(intervals))));
    return std::clamp<std::size_t>(length, 1, intervals);
}

BlockResampler::BlockResampler(std::vector<std::size_t> run_lengths, std::uint64_t seed) : rng_(seed) {
    for (std::size_t i = 0; i < run_lengths.size(); ++i)
        if (run_lengths[i] > 0) runs_.push_back({i, run_lengths[i], block_length(run_lengths[i])});
}

}  // namespace throng::reports::gate
