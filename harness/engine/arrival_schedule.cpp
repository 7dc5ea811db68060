#include "harness/engine/arrival_schedule.hpp"

#include <cmath>

namespace throng::engine {

namespace {
constexpr double ns_per_s = 1e9;
}

ArrivalSchedule::ArrivalSchedule(const core::ExecutorSpec& spec) {
    auto add = [&](core::Nanos length, double from, double to) {
        Segment s;
        s.start = duration_;
        s.end = core::saturating_add(duration_, length);
        s.from = from;
        s.to = to;
        s.count_before = segments_.empty() ? 0.0
                                           : segments_.back().count_before +
                                                 0.5 * (segments_.back().from + segments_.back().to) *
                                                     static_cast<double>(segments_.back().end - segments_.back().start) /
                                                     ns_per_s;
        segments_.push_back(s);
        duration_ = s.end;
    };
    if (spec.kind == core::ExecutorSpec::Kind::constant_arrival_rate) {
        add(spec.duration.count(), spec.rate, spec.rate);
    } else {
        double from = spec.start_rate;
        for (const auto& stage : spec.rate_stages) {
            add(stage.duration.count(), from, stage.target);
            from = stage.target;
        }
    }
}

double ArrivalSchedule::rate_at(core::Nanos elapsed) const {
    for (const auto& s : segments_) {
        if (elapsed < s.start || elapsed >= s.end) continue;
        const double f = static_cast<double>(elapsed - s.start) / static_cast<double>(s.end - s.start);
        return s.from + (s.to - s.from) * f;
    }
    return 0;
}

double ArrivalSchedule::count_at(core::Nanos elapsed) const {
    double count = 0;
    for (const auto& s : segments_) {
        if (elapsed <= s.start) break;
        const double tau = static_cast<double>(std::min(elapsed, s.end) - s.start) / ns_per_s;
        const double length = static_cast<double>(s.end - s.start) / ns_per_s;
        const double slope = length > 0 ? (s.to - s.from) / length : 0;
        count = s.count_before + s.from * tau + 0.5 * slope * tau * tau;
    }
    return count;
}

std::optional<core::Nanos> ArrivalSchedule::time_of(double count) const {
    for (const auto& s : segments_) {
        const double length = static_cast<double>(s.end - s.start) / ns_per_s;
        const double in_segment = 0.5 * (s.from + s.to) * length;
        const double need = count - s.count_before;
        if (need >= in_segment || length <= 0) continue;
        // Solve from*tau + slope/2*tau^2 = need for the first tau >= 0.
        const double slope = (s.to - s.from) / length;
        double tau = 0;
        if (need <= 0) {
            tau = 0;
        } else if (std::abs(slope) < 1e-12) {
            tau = need / s.from;
        } else {
            const double disc = s.from * s.from + 2 * slope * need;
            tau = (-s.from + std::sqrt(std::max(0.0, disc))) / slope;
        }
        return s.start + static_cast<core::Nanos>(tau * ns_per_s);
    }
    return std::nullopt;
}

ArrivalStream::ArrivalStream(const ArrivalSchedule& schedule, int thread, int threads, bool poisson,
                             std::uint64_t seed)
    : schedule_(schedule), threads_(threads), poisson_(poisson), rng_(seed), count_(thread) {
    if (poisson_) count_ = threads_ * -std::log(1.0 - rng_.uniform01());
}

std::optional<core::Nanos> ArrivalStream::next() {
    const auto due = schedule_.time_of(count_);
    if (!due) return std::nullopt;
    if (poisson_)
        count_ += threads_ * -std::log(1.0 - rng_.uniform01());  // Exp(1) gaps, scaled to this worker's share
    else
        count_ += threads_;
    return due;
}

}  // namespace throng::engine
