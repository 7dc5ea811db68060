#include "reports/hlog_writer.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/core/histogram.hpp"
#include "harness/core/histogram_codec.hpp"
#include "harness/core/version.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using throng::core::Histogram;
using throng::reports::hlog_text;
using throng::reports::HlogInterval;
using throng::reports::write_hlog;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::vector<std::string> fields_of(const std::string& line) {
    std::vector<std::string> fields;
    std::istringstream in(line);
    for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
    return fields;
}

}  // namespace

TEST_CASE("hlog: header lines as Java's HistogramLogWriter writes them", "[reports][hlog]") {
    // 1700000000 s is Tue Nov 14 22:13:20 UTC 2023.
    const auto lines = lines_of(hlog_text(1'700'000'000.25, "", {}));
    REQUIRE(lines.size() == 5);
    const std::string logged_with = std::string("#[Logged with throng ").append(throng::core::version).append("]");
    CHECK(lines[0] == logged_with);
    CHECK(lines[1] == "#[Histogram log format version 1.3]");
    CHECK(lines[2] == "#[StartTime: 1700000000.250 (seconds since epoch), Tue Nov 14 22:13:20 UTC 2023]");
    CHECK(lines[3] == "#[BaseTime: 1700000000.250 (seconds since epoch)]");
    CHECK(lines[4] == R"("StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram")");
}

TEST_CASE("hlog: the start time is logged in whole milliseconds", "[reports][hlog]") {
    const auto lines = lines_of(hlog_text(1'700'000'000.2504, "", {}));
    CHECK(lines[2].rfind("#[StartTime: 1700000000.250 (", 0) == 0);
    CHECK(lines_of(hlog_text(0.0, "", {}))[2] ==
          "#[StartTime: 0.000 (seconds since epoch), Thu Jan 01 00:00:00 UTC 1970]");
    CHECK_THROWS_AS(hlog_text(-1.0, "", {}), std::invalid_argument);
}

TEST_CASE("hlog: one line per interval, tag, times, max in ms, histogram", "[reports][hlog]") {
    Histogram first;
    first.record(1'000);
    first.record(12'345'678);  // its bucket's highest value is 12,353,535 ns
    Histogram empty;
    const std::vector<HlogInterval> intervals{{0.0, 1.0, &first}, {1.0, 1.0, &empty}};

    const auto lines = lines_of(hlog_text(1'700'000'000.0, "all", intervals));
    REQUIRE(lines.size() == 7);
    const auto f = fields_of(lines[5]);
    REQUIRE(f.size() == 5);
    CHECK(f[0] == "Tag=all");
    CHECK(f[1] == "0.000");
    CHECK(f[2] == "1.000");
    CHECK(f[3] == "12.354");  // 12,353,535 ns / 1e6, as Java's getMaxValue() / 1,000,000
    CHECK(f[4] == throng::core::encode_compressed(first));
    CHECK(throng::core::decode_compressed(f[4]).count() == 2);
    CHECK(lines[6] == "Tag=all,1.000,1.000,0.000," + throng::core::encode_compressed(empty));

    // Without a tag the line starts with the timestamp.
    const auto untagged = lines_of(hlog_text(1'700'000'000.0, "", intervals));
    CHECK(untagged[5].rfind("0.000,1.000,12.354,HISTFAAA", 0) == 0);
}

TEST_CASE("hlog: numbers round like Java's %.3f (half-up on the shortest decimal)", "[reports][hlog]") {
    Histogram h;
    const auto line = [&](double start, double length) {
        return fields_of(lines_of(hlog_text(0.0, "", {{start, length, &h}}))[5]);
    };
    // printf would give 0.062 and 1.000 for these two.
    CHECK(line(0.0625, 1.0005)[0] == "0.063");
    CHECK(line(0.0625, 1.0005)[1] == "1.001");
    CHECK(line(9.9995, 0.0004)[0] == "10.000");
    CHECK(line(9.9995, 0.0004)[1] == "0.000");
    CHECK(line(123456.7894, 2.5)[0] == "123456.789");
    CHECK(line(-0.25, 2.5)[0] == "-0.250");
}

TEST_CASE("hlog: rejects tags with delimiters and intervals without histograms", "[reports][hlog]") {
    Histogram h;
    for (const std::string tag : {"a,b", "a b", "a\nb", "a\rb"}) {
        INFO(tag);
        CHECK_THROWS_WITH(hlog_text(0.0, tag, {}), Catch::Contains("comma, space or line break"));
    }
    CHECK_THROWS_WITH(hlog_text(0.0, "", {{0.0, 1.0, nullptr}}), Catch::Contains("no histogram"));
}

TEST_CASE("hlog: write_hlog writes the text to the file", "[reports][hlog]") {
    throng::test::TempDir dir;
    Histogram h;
    h.record(5'000);
    const std::vector<HlogInterval> intervals{{0.0, 1.0, &h}};
    const auto path = dir.path() / "sub" / "latency.hlog";
    write_hlog(path, 1'700'000'000.0, "step", intervals);
    CHECK(throng::test::read_text(path) == hlog_text(1'700'000'000.0, "step", intervals));
}
