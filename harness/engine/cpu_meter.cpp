#include "harness/engine/cpu_meter.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace throng::engine {

core::Nanos process_cpu_now() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto ns = [](const timeval& v) {
        return static_cast<core::Nanos>(v.tv_sec) * 1'000'000'000 + static_cast<core::Nanos>(v.tv_usec) * 1000;
    };
    return ns(usage.ru_utime) + ns(usage.ru_stime);
}

void CpuMeter::start(std::vector<core::Nanos> threads) {
    process_last_ = process_cpu_now();
    threads_last_ = std::move(threads);
}

CpuMeter::Reading CpuMeter::close(core::Nanos length, std::vector<core::Nanos> threads) {
    Reading r;
    const core::Nanos process = process_cpu_now();
    r.process_s = static_cast<double>(process - process_last_) / 1e9;
    process_last_ = process;
    if (length > 0 && threads.size() == threads_last_.size()) {
        for (std::size_t t = 0; t < threads.size(); ++t)
            r.busiest_worker = std::max(
                r.busiest_worker, static_cast<double>(threads[t] - threads_last_[t]) / static_cast<double>(length));
    }
    r.busiest_worker = std::clamp(r.busiest_worker, 0.0, 1.0);
    threads_last_ = std::move(threads);
    return r;
}

}  // namespace throng::engine
