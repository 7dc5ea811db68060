#include "targets/components/cache/frequency_sketch.hpp"

#include <algorithm>
#include <bit>

#include "harness/core/random.hpp"

namespace throng::components {

namespace {

constexpr std::uint64_t counter_mask = 0xf;
constexpr std::uint64_t low_bits_of_each = 0x1111111111111111ULL;  // bit 0 of every counter
constexpr std::uint64_t all_but_top_bits = 0x7777777777777777ULL;  // what a halving keeps

}  // namespace

FrequencySketch::FrequencySketch(std::size_t capacity)
    : words_(std::bit_ceil(std::max<std::size_t>(capacity, 16))),
      block_mask_(words_.size() / 8 - 1),
      sample_size_(10 * std::max<std::size_t>(capacity, 1)) {}

FrequencySketch::Slot FrequencySketch::slot(std::uint64_t mixed, unsigned i) const {
    // All four counters of a key in one 64-byte block of eight words (one
    // cache miss, not four), one in each pair of words, each at its own 4 bits.
    const std::size_t block = (static_cast<std::size_t>(mixed) & block_mask_) * 8;
    const std::size_t word = block + (std::size_t{2} * i) + ((mixed >> (32 + i)) & 1);
    return {word, static_cast<unsigned>((mixed >> (40 + 4 * i)) & 15) * 4};
}

void FrequencySketch::increment(std::uint64_t hash) {
    // SplitMix64's mix: a key's four counters are independent even for
    // hashes that differ in few bits.
    const std::uint64_t mixed = core::splitmix64_mix(hash);
    bool added = false;
    for (unsigned i = 0; i < 4; ++i) {
        const Slot s = slot(mixed, i);
        std::uint64_t& word = words_[s.word];
        if (((word >> s.shift) & counter_mask) != counter_mask) {
            word += std::uint64_t{1} << s.shift;
            added = true;
        }
    }
    if (added && ++additions_ >= sample_size_) reset();
}

unsigned FrequencySketch::frequency(std::uint64_t hash) const {
    const std::uint64_t mixed = core::splitmix64_mix(hash);
    unsigned least = 15;
    for (unsigned i = 0; i < 4; ++i) {
        const Slot s = slot(mixed, i);
        least = std::min(least, static_cast<unsigned>((words_[s.word] >> s.shift) & counter_mask));
    }
    return least;
}

void FrequencySketch::reset() {
    // Halving drops each odd counter's half increment: a key counts in four
    // counters, so a quarter of those are increments that no longer count.
    std::size_t odd = 0;
    for (std::uint64_t& word : words_) {
        odd += static_cast<std::size_t>(std::popcount(word & low_bits_of_each));
        word = (word >> 1) & all_but_top_bits;
    }
    const std::size_t dropped = odd / 4;
    additions_ = additions_ > dropped ? (additions_ - dropped) / 2 : 0;
    ++resets_;
}

}  // namespace throng::components
