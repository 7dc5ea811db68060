#pragma once
// Resampling a side of a comparison. Intervals of one run are not independent
// (a slow second is often followed by another), so they are drawn in blocks
// of consecutive intervals (the moving-block bootstrap, with blocks of about
// n^(1/3) intervals); when a side has several runs, the runs are drawn first,
// with replacement, so that the spread between runs counts too.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "harness/core/random.hpp"

namespace throng::reports::gate {

class BlockResampler {
public:
    // run_lengths: the number of intervals of each run (runs without any are ignored).
    BlockResampler(std::vector<std::size_t> run_lengths, std::uint64_t seed);

    // One resample: as many runs as the side has, drawn with replacement (the
    // one run itself when there is one), each resampled in blocks to its own
    // length; calls take(run, interval) once per drawn interval.
    template <typename Take>
    void draw(Take&& take) {
        for (std::size_t r = 0; r < runs_.size(); ++r) {
            const std::size_t run = runs_.size() == 1 ? 0 : core::uniform_below(rng_, runs_.size());
            const std::size_t n = runs_[run].length;
            const std::size_t block = runs_[run].block;
            std::size_t drawn = 0;
            while (drawn < n) {
                const std::size_t start = core::uniform_below(rng_, n - block + 1);
                for (std::size_t i = 0; i < block && drawn < n; ++i, ++drawn) take(runs_[run].index, start + i);
            }
        }
    }

    bool empty() const { return runs_.empty(); }

private:
    struct Run {
        std::size_t index = 0;   // in the side's list of runs
        std::size_t length = 0;  // intervals
        std::size_t block = 1;
    };
    std::vector<Run> runs_;
    core::Rng rng_;
};

// Block length for n intervals: round(n^(1/3)), at least 1.
std::size_t block_length(std::size_t intervals);

}  // namespace throng::reports::gate
