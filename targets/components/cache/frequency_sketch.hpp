#pragma once
// How often each key was seen lately, approximately and in little memory:
// a count-min sketch of 4-bit counters (saturating at 15), four counters a
// key in one cache line, all halved once `sample_size` increments have been counted so that
// old popularity fades (TinyLFU's reset). The cache's W-TinyLFU policy
// admits a newcomer only if the sketch says it is more popular than the
// entry it would evict. Keys come as 64-bit hashes. Not thread-safe: a
// cache shard uses it under its own lock.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace throng::components {

class FrequencySketch {
public:
    // Sized for a cache of `capacity` entries: one 4-bit counter row of at
    // least that many 16-counter words, and a sample of 10 x capacity.
    explicit FrequencySketch(std::size_t capacity);

    void increment(std::uint64_t hash);
    // The smallest of the key's counters, 0..15: never below the true count
    // since the last reset (collisions only add).
    unsigned frequency(std::uint64_t hash) const;

    std::size_t sample_size() const { return sample_size_; }
    std::size_t resets() const { return resets_; }

private:
    // Where counter i (0..3) of a key (its mixed hash) is: its word, and its 4-bit slot there.
    struct Slot {
        std::size_t word;
        unsigned shift;
    };
    Slot slot(std::uint64_t mixed, unsigned i) const;
    void reset();  // halves every counter

    std::vector<std::uint64_t> words_;  // 16 counters each
    std::size_t block_mask_;            // blocks of 8 words, a power of two of them, less 1
    std::size_t sample_size_;
    std::size_t additions_ = 0;  // increments counted since the last reset
    std::size_t resets_ = 0;
};

}  // namespace throng::components
