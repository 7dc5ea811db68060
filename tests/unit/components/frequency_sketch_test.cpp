// The cache's frequency sketch: counts up to 15 and never below the truth
// between resets, keeps keys mostly apart at its size, and halves every
// count once its sample is full, so a once-popular key fades while a
// steadily popular one stays ahead.
#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "targets/components/cache/frequency_sketch.hpp"

using throng::components::FrequencySketch;

namespace frequency_sketch_test {
std::uint64_t key_hash(int key) { return std::hash<std::string>{}("key" + std::to_string(key)); }
}  // namespace frequency_sketch_test
using frequency_sketch_test::key_hash;

TEST_CASE("frequency sketch: counts each key up to 15, never less than it was seen", "[components][cache]") {
    FrequencySketch sketch(1000);
    CHECK(sketch.frequency(key_hash(1)) == 0);
    for (unsigned i = 1; i <= 20; ++i) {
        sketch.increment(key_hash(1));
        CHECK(sketch.frequency(key_hash(1)) == std::min(i, 15u));
    }
    // 1000 keys seen i % 8 times each, in a sketch for 1000 entries: no key
    // below its count, and collisions lift few of them.
    FrequencySketch shared(1000);
    for (int round = 0; round < 8; ++round)
        for (int key = 0; key < 1000; ++key)
            if (round < key % 8) shared.increment(key_hash(key));
    int exact = 0;
    for (int key = 0; key < 1000; ++key) {
        const unsigned seen = shared.frequency(key_hash(key));
        REQUIRE(seen >= static_cast<unsigned>(key % 8));
        if (seen == static_cast<unsigned>(key % 8)) ++exact;
    }
    CHECK(exact >= 900);
    CHECK(shared.resets() == 0);  // 3500 increments: under the sample of 10000
}

TEST_CASE("frequency sketch: a full sample halves every count", "[components][cache]") {
    FrequencySketch sketch(100);  // a sample of 1000 increments
    REQUIRE(sketch.sample_size() == 1000);
    for (int i = 0; i < 12; ++i) sketch.increment(key_hash(-1));  // once popular
    for (int i = 0; i < 8; ++i) sketch.increment(key_hash(-2));   // steadily popular, from here on
    const unsigned before = sketch.frequency(key_hash(-1));
    CHECK(before == 12);
    // One-off keys fill the sample; the steady key keeps coming.
    int key = 0;
    while (sketch.resets() == 0) {
        sketch.increment(key_hash(key++));
        if (key % 50 == 0) sketch.increment(key_hash(-2));
    }
    CHECK(sketch.frequency(key_hash(-1)) == before / 2);
    CHECK(sketch.frequency(key_hash(-2)) > sketch.frequency(key_hash(-1)));
    // A second sample fades the old favourite further; the steady one holds.
    while (sketch.resets() == 1) {
        sketch.increment(key_hash(key++));
        if (key % 50 == 0) sketch.increment(key_hash(-2));
    }
    CHECK(sketch.frequency(key_hash(-1)) <= 3);
    CHECK(sketch.frequency(key_hash(-2)) >= 5);
}
