#pragma once
// Parsing and printing of the units that appear in scenarios: durations
// ("250ms", "1m30s", "1.5s", "100us", "2h"), percentages ("1%", "0.5%"),
// rates ("100/s", "6000/m") and sizes ("10KB", "2MiB").
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace throng::core {

// Units: ns, us (or µs), ms, s, m, h; components may be combined in
// decreasing order ("1h2m3.5s"). A bare number is not accepted (the caller
// decides whether bare numbers mean seconds). Negative durations are rejected.
std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text);

// "1%" -> 0.01. Requires the % sign.
std::optional<double> parse_percentage(std::string_view text);

// "100/s" -> 100, "6000/m" -> 100, "36000/h" -> 10 (per second).
std::optional<double> parse_rate(std::string_view text);

// Bytes: a bare number or B, KB, MB, GB (powers of 1000), KiB, MiB, GiB
// (powers of 1024), case as written; "1.5MB" -> 1500000. A fraction of a
// byte is dropped. Negative numbers and overflow give nullopt.
std::optional<std::uint64_t> parse_size(std::string_view text);

// Human-readable, 3 significant digits: "850ns", "12.3us", "4.56ms", "1.20s", "2m05s".
std::string format_duration(std::chrono::nanoseconds d);

}  // namespace throng::core
