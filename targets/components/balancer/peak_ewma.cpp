#include "targets/components/balancer/peak_ewma.hpp"

#include <algorithm>
#include <cmath>

namespace throng::components {

namespace {

// exp(-x) for x >= 0. Under load samples and reads come microseconds apart,
// x around 1e-6: there a Taylor polynomial is exact to double precision and
// several times cheaper than std::exp, which a pick would call per endpoint.
double fade(double x) {
    if (x < 1e-3) return 1 - x + x * x / 2 - x * x * x / 6;  // error under x^4 / 24 < 5e-14
    return std::exp(-x);
}

}  // namespace

PeakEwma::PeakEwma(std::chrono::nanoseconds decay) : decay_ns_(static_cast<double>(decay.count())) {}

void PeakEwma::observe(std::chrono::nanoseconds latency, bool ok, core::Nanos now) {
    const auto sample = static_cast<double>(std::max<std::int64_t>(latency.count(), 0));
    // Threads read the clock before taking the balancer's lock: a sample may
    // come stamped a little before the last one.
    const core::Nanos elapsed = std::max<core::Nanos>(now - stamp_, 0);
    if (!sampled_ || sample > average_) {
        average_ = sample;
    } else if (ok) {
        const double kept = fade(static_cast<double>(elapsed) / decay_ns_);
        average_ = average_ * kept + sample * (1 - kept);
    }
    stamp_ = std::max(stamp_, now);
    sampled_ = true;
}

double PeakEwma::estimate(core::Nanos now) const {
    if (!sampled_) return 0;
    const core::Nanos idle = std::max<core::Nanos>(now - stamp_, 0);
    return average_ * fade(static_cast<double>(idle) / decay_ns_);
}

}  // namespace throng::components
