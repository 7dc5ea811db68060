#pragma once
// A step's request phases (phase_times.hpp) over many requests.
#include <array>

#include "harness/core/histogram.hpp"
#include "harness/core/phase_times.hpp"

namespace throng::core {

// 1 ns to 1 h at 2 significant digits: a breakdown needs less precision than
// the latency it explains, and a step's five histograms stay small.
inline constexpr HistogramLayout phase_layout{1, 3'600'000'000'000, 2};

struct PhaseHistograms {
    std::array<Histogram, phase_count> of{Histogram(phase_layout), Histogram(phase_layout), Histogram(phase_layout),
                                          Histogram(phase_layout), Histogram(phase_layout)};

    void record(const PhaseTimes& times) {
        for (std::size_t i = 0; i < phase_count; ++i)
            if (times.ns[i] > 0) of[i].record(times.ns[i]);
    }
    void merge(const PhaseHistograms& other) {
        for (std::size_t i = 0; i < phase_count; ++i) of[i].merge(other.of[i]);
    }
    void reset() {
        for (auto& h : of) h.reset();
    }
    const Histogram& operator[](Phase p) const { return of[static_cast<std::size_t>(p)]; }
};

}  // namespace throng::core
