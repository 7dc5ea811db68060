#include "harness/engine/arrival_schedule.hpp"

#include <algorithm>
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
        s.count_before = segments_.empty()
                             ? 0.0
                             : segments_.back().count_before +
                                   0.5 * (segments_.back().from + segments_.back().to) *
                                       static_cast<double>(segments_.back().end - segments_.back().start) / ns_per_s;
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
        // A count at the very end of a segment belongs to the next one: the
        // tolerance keeps rounding (1000/m over 1m sums to 1000.0000000000001)
        // from adding an iteration at the end of the run.
        if (length <= 0 || need >= in_segment - 1e-9 * std::max(1.0, in_segment)) continue;
        if (need <= 0) return s.start;
        // Solve from*tau + slope/2*tau^2 = need for the first tau >= 0, in the
        // form that neither divides by a tiny slope nor cancels.
        const double slope = (s.to - s.from) / length;
        const double root = std::sqrt(std::max(0.0, s.from * s.from + 2 * slope * need));
        const double denominator = s.from + root;
        if (denominator <= 0) continue;
        const double tau = std::min(2 * need / denominator, length);
        return s.start + static_cast<core::Nanos>(tau * ns_per_s);
    }
    return std::nullopt;
}

ArrivalStream::ArrivalStream(const ArrivalSchedule& schedule, int thread, int threads, int slots, bool poisson,
                             std::uint64_t seed)
    : schedule_(schedule), poisson_(poisson), rng_(seed), slots_(slots) {
    for (int s = thread; s < slots; s += threads) owned_.push_back(s);
    if (owned_.empty()) return;
    gap_scale_ = static_cast<double>(slots) / static_cast<double>(owned_.size());
    count_ = poisson_ ? gap_scale_ * -std::log(1.0 - rng_.uniform01()) : owned_.front();
}

std::optional<core::Nanos> ArrivalStream::next() {
    if (owned_.empty()) return std::nullopt;
    const auto due = schedule_.time_of(count_);
    if (!due) return std::nullopt;
    if (poisson_) {
        count_ += gap_scale_ * -std::log(1.0 - rng_.uniform01());  // Exp(1) gaps, scaled to this thread's share
    } else if (++next_owned_ == owned_.size()) {
        next_owned_ = 0;
        cycle_ += slots_;
        count_ = cycle_ + owned_.front();
    } else {
        count_ = cycle_ + owned_[next_owned_];
    }
    return due;
}

}  // namespace throng::engine
