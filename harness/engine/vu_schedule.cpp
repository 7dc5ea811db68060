#include "harness/engine/vu_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace throng::engine {

VuSchedule::VuSchedule(const core::ExecutorSpec& spec) {
    using Kind = core::ExecutorSpec::Kind;
    if (spec.is_open_model()) {
        // Open models start VUs on demand (see the VU group's dispatcher); the
        // schedule only bounds the load phase and the pool.
        core::Nanos length = spec.duration.count();
        if (spec.kind == Kind::ramping_arrival_rate) {
            length = 0;
            for (const auto& stage : spec.rate_stages) length = core::saturating_add(length, stage.duration.count());
        }
        segments_.push_back({0, length, 0, 0});
        duration_ = length;
        max_vus_ = std::max(spec.pre_allocated_vus, spec.max_vus);
        return;
    }
    if (spec.kind == Kind::constant_vus) {
        segments_.push_back({0, spec.duration.count(), spec.vus, spec.vus});
    } else {
        core::Nanos t = 0;
        int from = spec.start_vus;
        for (const auto& stage : spec.stages) {
            const core::Nanos end = core::saturating_add(t, stage.duration.count());
            segments_.push_back({t, end, from, stage.target});
            t = end;
            from = stage.target;
        }
    }
    for (const auto& s : segments_) {
        duration_ = std::max(duration_, s.end);
        max_vus_ = std::max({max_vus_, s.from, s.to});
    }
}

int VuSchedule::target_at(core::Nanos elapsed) const {
    if (elapsed < 0) return 0;
    for (const auto& s : segments_) {
        if (elapsed >= s.end) continue;
        if (s.from == s.to) return s.to;
        const double fraction = static_cast<double>(elapsed - s.start) / static_cast<double>(s.end - s.start);
        const double exact = s.from + (s.to - s.from) * fraction;
        // A tiny epsilon keeps values like 2.9999999 from losing a VU to rounding.
        return s.to > s.from ? static_cast<int>(std::floor(exact + 1e-9)) : static_cast<int>(std::ceil(exact - 1e-9));
    }
    return 0;
}

std::uint64_t VuSchedule::split(std::uint64_t total, int max_vus, int thread, int threads) {
    if (max_vus <= 0) return thread == 0 ? total : 0;
    const auto vus = static_cast<std::uint64_t>(max_vus);
    std::uint64_t given = 0;
    for (int w = 0; w < threads; ++w) {
        const auto part = static_cast<std::uint64_t>(share(max_vus, w, threads));
        // total * part / vus, without overflowing for huge totals.
        const std::uint64_t n = w == threads - 1 ? total - given : total / vus * part + total % vus * part / vus;
        if (w == thread) return n;
        given += n;
    }
    return 0;
}

int VuSchedule::share(int total, int thread, int threads) {
    if (total <= thread) return 0;
    return (total - thread + threads - 1) / threads;
}

}  // namespace throng::engine
