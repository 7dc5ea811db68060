#include "harness/core/units.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

#include "harness/core/ascii.hpp"

namespace throng::core {

namespace {

constexpr std::int64_t max_ns = std::numeric_limits<std::int64_t>::max();

// Duration units, longest spelling first so "ms" wins over "m". `rank` orders
// them from largest to smallest; components must strictly decrease in rank.
struct DurationUnit {
    std::string_view suffix;
    std::int64_t nanos;
    int rank;
};
constexpr DurationUnit duration_units[] = {
    {"ns", 1, 5},
    {"us", 1'000, 4},
    {"\xC2\xB5s", 1'000, 4},  // µs, MICRO SIGN
    {"\xCE\xBCs", 1'000, 4},  // μs, GREEK SMALL LETTER MU
    {"ms", 1'000'000, 3},
    {"s", 1'000'000'000, 2},
    {"m", 60'000'000'000, 1},
    {"h", 3'600'000'000'000, 0},
};

// One "12" or "12.5" at the front of `text`, consumed from it. Digits are
// required on both sides of the point.
struct Decimal {
    std::uint64_t whole = 0;
    std::string_view fraction;  // the digits after the point
    bool overflow = false;
};

std::optional<Decimal> take_decimal(std::string_view& text) {
    Decimal d;
    std::size_t i = 0;
    while (i < text.size() && is_digit(text[i])) {
        const auto digit = static_cast<std::uint64_t>(text[i] - '0');
        if (d.whole > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) d.overflow = true;
        d.whole = d.whole * 10 + digit;
        ++i;
    }
    if (i == 0) return std::nullopt;
    if (i < text.size() && text[i] == '.') {
        const std::size_t start = ++i;
        while (i < text.size() && is_digit(text[i])) ++i;
        if (i == start) return std::nullopt;
        d.fraction = text.substr(start, i - start);
    }
    text.remove_prefix(i);
    return d;
}

// A whole decimal string ("12", "0.5") as a double; no signs, exponents or spaces.
std::optional<double> parse_plain_number(std::string_view text) {
    std::string_view rest = text;
    if (!take_decimal(rest) || !rest.empty()) return std::nullopt;
    double value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc() || !std::isfinite(value)) return std::nullopt;
    return value;
}

// `d` in `unit` nanoseconds, rounded to the nearest nanosecond.
std::optional<std::int64_t> to_nanos(const Decimal& d, std::int64_t unit) {
    if (d.overflow || d.whole > static_cast<std::uint64_t>(max_ns / unit)) return std::nullopt;
    const auto whole = static_cast<std::int64_t>(d.whole) * unit;
    // The fraction only needs enough digits to resolve a nanosecond of an hour.
    long double fraction = 0;
    long double scale = 1;
    for (std::size_t i = 0; i < d.fraction.size() && i < 18; ++i) {
        scale /= 10;
        fraction += static_cast<long double>(d.fraction[i] - '0') * scale;
    }
    const auto part = static_cast<std::int64_t>(std::llround(fraction * static_cast<long double>(unit)));
    if (whole > max_ns - part) return std::nullopt;
    return whole + part;
}

}  // namespace

std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::int64_t total = 0;
    int previous_rank = -1;
    while (!text.empty()) {
        const auto number = take_decimal(text);
        if (!number) return std::nullopt;
        const DurationUnit* unit = nullptr;
        for (const auto& candidate : duration_units) {
            if (text.substr(0, candidate.suffix.size()) == candidate.suffix) {
                unit = &candidate;
                break;
            }
        }
        if (unit == nullptr || unit->rank <= previous_rank) return std::nullopt;
        text.remove_prefix(unit->suffix.size());
        previous_rank = unit->rank;
        const auto nanos = to_nanos(*number, unit->nanos);
        if (!nanos || total > max_ns - *nanos) return std::nullopt;
        total += *nanos;
    }
    return std::chrono::nanoseconds(total);
}

std::optional<double> parse_percentage(std::string_view text) {
    if (text.empty() || text.back() != '%') return std::nullopt;
    const auto value = parse_plain_number(text.substr(0, text.size() - 1));
    if (!value) return std::nullopt;
    return *value / 100.0;
}

std::optional<double> parse_rate(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto count = parse_plain_number(text.substr(0, slash));
    if (!count) return std::nullopt;
    const std::string_view per = text.substr(slash + 1);
    if (per == "s") return *count;
    if (per == "m") return *count / 60.0;
    if (per == "h") return *count / 3600.0;
    return std::nullopt;
}

std::optional<std::uint64_t> parse_size(std::string_view text) {
    struct SizeUnit {
        std::string_view suffix;
        std::uint64_t bytes;
    };
    static constexpr SizeUnit size_units[] = {
        {"", 1},          {"B", 1},         {"KB", 1'000},    {"MB", 1'000'000}, {"GB", 1'000'000'000},
        {"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
    };
    const auto number = take_decimal(text);
    if (!number || number->overflow) return std::nullopt;
    const SizeUnit* unit = nullptr;
    for (const auto& candidate : size_units) {
        if (text == candidate.suffix) unit = &candidate;
    }
    if (unit == nullptr) return std::nullopt;
    if (number->whole > std::numeric_limits<std::uint64_t>::max() / unit->bytes) return std::nullopt;
    // The fraction times the unit, digit by digit from the last one (long
    // multiplication): exact for any number of digits, and the final carry is
    // the whole bytes.
    std::uint64_t carry = 0;
    for (auto it = number->fraction.rbegin(); it != number->fraction.rend(); ++it) {
        carry = (static_cast<std::uint64_t>(*it - '0') * unit->bytes + carry) / 10;
    }
    const std::uint64_t whole = number->whole * unit->bytes;
    if (whole > std::numeric_limits<std::uint64_t>::max() - carry) return std::nullopt;
    return whole + carry;
}

namespace {

// `value` (>= 1) with three significant digits: "1.23", "12.3", "123".
// Returns nullopt if rounding reaches `limit` (the caller moves up a unit).
std::optional<std::string> three_digits(double value, double limit) {
    int decimals = value < 10 ? 2 : value < 100 ? 1 : 0;
    const double scale = std::pow(10.0, decimals);
    double rounded = std::round(value * scale) / scale;
    // 9.996 rounds to 10.00: one decimal fewer keeps three digits.
    if (decimals > 0 && rounded >= std::pow(10.0, 3 - decimals)) --decimals;
    if (rounded >= limit) return std::nullopt;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, rounded);
    return std::string(buf);
}

}  // namespace

std::string format_duration(std::chrono::nanoseconds d) {
    const std::int64_t ns = d.count();
    if (ns < 0) {
        // Negating the minimum would overflow; it is off by a nanosecond at worst.
        return "-" + format_duration(std::chrono::nanoseconds(ns == std::numeric_limits<std::int64_t>::min()
                                                                  ? std::numeric_limits<std::int64_t>::max()
                                                                  : -ns));
    }
    if (ns == 0) return "0s";
    if (ns < 1000) return std::to_string(ns) + "ns";
    const double x = static_cast<double>(ns);
    if (auto us = three_digits(x / 1e3, 1000)) return *us + "us";
    if (auto ms = three_digits(x / 1e6, 1000)) return *ms + "ms";
    if (auto s = three_digits(x / 1e9, 60)) return *s + "s";
    char buf[48];
    const auto total_seconds = static_cast<std::int64_t>(std::llround(x / 1e9));
    if (total_seconds < 3600) {
        std::snprintf(buf, sizeof buf, "%lldm%02llds", static_cast<long long>(total_seconds / 60),
                      static_cast<long long>(total_seconds % 60));
        return buf;
    }
    const auto total_minutes = static_cast<std::int64_t>(std::llround(x / 60e9));
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", static_cast<long long>(total_minutes / 60),
                  static_cast<long long>(total_minutes % 60));
    return buf;
}

}  // namespace throng::core
