#pragma once
// How busy the generator itself was in each interval: the process's CPU time
// (all threads, the embedded demo service's too) and, per worker thread, the
// share of the interval it spent running. A worker near 100% was saturated:
// its VUs waited for it, and the latencies it measured include that wait, so
// the regression gate will not trust such a run.
#include <vector>

#include "harness/core/clock.hpp"

namespace throng::engine {

// CPU time the whole process has used (user + system), ns.
core::Nanos process_cpu_now();

class CpuMeter {
public:
    // The start of the first interval, with each worker thread's CPU time.
    void start(std::vector<core::Nanos> threads);

    struct Reading {
        double process_s = 0;       // CPU seconds in the interval
        double busiest_worker = 0;  // 0..1
    };
    // Closes an interval of the given length; `threads` as for start().
    Reading close(core::Nanos length, std::vector<core::Nanos> threads);

private:
    std::vector<core::Nanos> threads_last_;
    core::Nanos process_last_ = 0;
};

}  // namespace throng::engine
