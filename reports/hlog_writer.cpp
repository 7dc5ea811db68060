#include "reports/hlog_writer.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "harness/core/histogram_codec.hpp"
#include "harness/core/version.hpp"
#include "reports/atomic_file.hpp"

namespace throng::reports {

namespace {

// Java's "%.3f" (Locale.US): Java rounds the shortest decimal form of the
// double half-up (so 0.0625 gives 0.063 and 1.0005 gives 1.001, where printf
// gives 0.062 and 1.000). Independent of the C locale.
std::string fixed3(double v) {
    std::array<char, 400> text{};
    const auto r = std::to_chars(text.data(), text.data() + text.size(), v, std::chars_format::fixed);
    std::string s(text.data(), r.ptr);
    const bool negative = !s.empty() && s[0] == '-';
    if (negative) s.erase(0, 1);
    const auto dot = s.find('.');
    std::string digits = dot == std::string::npos ? s : s.substr(0, dot);
    std::string fraction = dot == std::string::npos ? "" : s.substr(dot + 1);
    const bool round_up = fraction.size() > 3 && fraction[3] >= '5';
    fraction.resize(3, '0');
    digits += fraction;
    for (auto i = digits.size(); round_up && i-- > 0;) {
        if (digits[i] == '9') {
            digits[i] = '0';
            if (i == 0) digits.insert(0, 1, '1');
        } else {
            ++digits[i];
            break;
        }
    }
    return (negative ? "-" : "") + digits.substr(0, digits.size() - 3) + "." + digits.substr(digits.size() - 3);
}

// java.util.Date.toString() ("EEE MMM dd HH:mm:ss zzz yyyy") in UTC, with
// English names whatever the C locale.
std::string java_date_utc(std::int64_t epoch_s) {
    static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto t = static_cast<std::time_t>(epoch_s);
    std::tm tm{};
    if (::gmtime_r(&t, &tm) == nullptr) throw std::invalid_argument("hlog: start time out of range");
    char text[64];
    std::snprintf(text, sizeof text, "%s %s %02d %02d:%02d:%02d UTC %d", days[tm.tm_wday], months[tm.tm_mon],
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
    return text;
}

}  // namespace

std::string hlog_text(double start_time_epoch_s, const std::string& tag, const std::vector<HlogInterval>& intervals) {
    if (tag.find_first_of(", \r\n") != std::string::npos) {
        throw std::invalid_argument("hlog: tag '" + tag + "' contains a comma, space or line break");
    }
    if (!std::isfinite(start_time_epoch_s) || start_time_epoch_s < 0) {
        throw std::invalid_argument("hlog: start time must be a finite number of seconds since the epoch");
    }
    // Java logs a start time in whole milliseconds (outputStartTime(long msec)).
    const auto start_ms = static_cast<std::int64_t>(std::llround(start_time_epoch_s * 1000.0));
    const std::string start = fixed3(static_cast<double>(start_ms) / 1000.0);

    std::string out;
    out += "#[Logged with throng " + std::string(core::version) + "]\n";
    out += "#[Histogram log format version 1.3]\n";
    out += "#[StartTime: " + start + " (seconds since epoch), " + java_date_utc(start_ms / 1000) + "]\n";
    out += "#[BaseTime: " + start + " (seconds since epoch)]\n";
    out += "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n";
    for (const HlogInterval& interval : intervals) {
        if (interval.histogram == nullptr) throw std::invalid_argument("hlog: an interval has no histogram");
        const core::Histogram& h = *interval.histogram;
        const std::int64_t max = h.count() == 0 ? 0 : h.highest_equivalent(h.max());
        if (!tag.empty()) out += "Tag=" + tag + ",";
        out += fixed3(interval.start_s) + "," + fixed3(interval.length_s) + "," +
               fixed3(static_cast<double>(max) / 1e6) + "," + core::encode_compressed(h) + "\n";
    }
    return out;
}

void write_hlog(const std::filesystem::path& path, double start_time_epoch_s, const std::string& tag,
                const std::vector<HlogInterval>& intervals) {
    write_file_atomically(path, hlog_text(start_time_epoch_s, tag, intervals));
}

}  // namespace throng::reports
