#pragma once
// The monotonic clock at the kernel tick's resolution (CLOCK_MONOTONIC_COARSE,
// a few milliseconds), read in a few nanoseconds where the precise clock
// costs about twenty: a cache hit reads the time to check a TTL, and a TTL
// needs no better than milliseconds.
#include <time.h>

#include "harness/core/clock.hpp"

namespace throng::components {

class CoarseClock final : public core::Clock {
public:
    core::Nanos now() const override {
        timespec ts{};
        clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
        return static_cast<core::Nanos>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
    }
};

}  // namespace throng::components
