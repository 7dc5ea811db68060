#include "harness/core/think_time.hpp"

#include <algorithm>
#include <cmath>

namespace throng::core {

Nanos sample(const ThinkTime& think, Rng& rng) {
    switch (think.kind) {
    case ThinkTime::Kind::none: return 0;
    case ThinkTime::Kind::constant: return think.value.count();
    case ThinkTime::Kind::uniform: {
        const double lo = static_cast<double>(think.value.count());
        const double hi = static_cast<double>(think.max.count());
        return static_cast<Nanos>(lo + (hi - lo) * rng.uniform01());
    }
    case ThinkTime::Kind::exponential: {
        // Inverse transform; 1 - u is in (0, 1], so the log is finite.
        const double u = 1.0 - rng.uniform01();
        auto d = static_cast<Nanos>(-std::log(u) * static_cast<double>(think.value.count()));
        if (think.max.count() > 0) d = std::min(d, think.max.count());
        return d;
    }
    case ThinkTime::Kind::normal: {
        // Box-Muller; clamped rather than redrawn, so a draw costs the same every time.
        const double u1 = 1.0 - rng.uniform01();
        const double u2 = rng.uniform01();
        const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
        double d = static_cast<double>(think.value.count()) + z * static_cast<double>(think.stddev.count());
        d = std::max(d, static_cast<double>(std::max<Nanos>(think.min.count(), 0)));
        if (think.max.count() > 0) d = std::min(d, static_cast<double>(think.max.count()));
        return static_cast<Nanos>(d);
    }
    }
    return 0;
}

}  // namespace throng::core
