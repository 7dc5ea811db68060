#pragma once
// HdrHistogram's interval log (.hlog), as Java's HistogramLogWriter writes it,
// so that HistogramLogReader, HistogramLogAnalyzer and hdr-histogram-js read
// throng's per-interval latencies:
//
//   #[Logged with throng 0.1.0]
//   #[Histogram log format version 1.3]
//   #[StartTime: 1700000000.250 (seconds since epoch), Tue Nov 14 22:13:20 UTC 2023]
//   #[BaseTime: 1700000000.250 (seconds since epoch)]
//   "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
//   Tag=all,0.000,1.000,12.345,HISTFAAA...
//
// Interval starts are seconds relative to BaseTime (= StartTime), as Java
// logs them after setBaseTime(startTime). Interval_Max is the histogram's max
// (its highest equivalent value, as Java's getMaxValue) divided by 1,000,000:
// Java's default maxValueUnitRatio for nanosecond histograms, i.e. ms.
// Readers (Java's and hdr-histogram-js's) ignore that column; the compressed
// histogram is the data.
#include <filesystem>
#include <string>
#include <vector>

#include "harness/core/histogram.hpp"

namespace throng::reports {

struct HlogInterval {
    double start_s = 0;                          // seconds since the log's start time
    double length_s = 0;                         // seconds
    const core::Histogram* histogram = nullptr;  // values in ns
};

// The log's text. tag may be empty (no "Tag=" field); it must not contain
// ',', ' ', '\r' or '\n' (the format's delimiters): std::invalid_argument.
std::string hlog_text(double start_time_epoch_s, const std::string& tag, const std::vector<HlogInterval>& intervals);

// Writes hlog_text atomically (reports/atomic_file.hpp); throws
// std::runtime_error naming the path if it cannot.
void write_hlog(const std::filesystem::path& path, double start_time_epoch_s, const std::string& tag,
                const std::vector<HlogInterval>& intervals);

}  // namespace throng::reports
