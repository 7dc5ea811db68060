#include "reports/html_format.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "harness/core/units.hpp"

namespace throng::reports {

std::string short_number(double value) {
    if (!std::isfinite(value)) return "-";
    char buf[48];
    // Past 4 digits %g would switch to an exponent; a whole number reads better.
    if (std::fabs(value) >= 1e4) {
        std::snprintf(buf, sizeof buf, "%.0f", value);
    } else {
        std::snprintf(buf, sizeof buf, "%.4g", value);
    }
    return buf;
}

std::string latency_text(double ms) {
    if (!std::isfinite(ms)) return "-";
    if (std::fabs(ms) > 1e12) return short_number(ms) + "ms";  // would not fit int64 nanoseconds
    return core::format_duration(std::chrono::nanoseconds(std::llround(ms * 1e6)));
}

std::string percent_text(double ratio) {
    if (!std::isfinite(ratio)) return "-";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * ratio);
    return buf;
}

std::string signed_percent(double ratio) {
    if (!std::isfinite(ratio)) return "-";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%+.1f%%", 100.0 * ratio);
    return buf;
}

std::string value_with_unit(double value, std::string_view unit) {
    if (unit == "ms") return latency_text(value);
    if (unit == "ratio") return percent_text(value);
    if (unit == "1/s") return short_number(value) + "/s";
    if (unit.empty()) return short_number(value);
    return short_number(value) + " " + std::string(unit);
}

}  // namespace throng::reports
