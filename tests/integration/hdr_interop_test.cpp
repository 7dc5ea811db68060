// Interop with an independent HdrHistogram implementation: hdr-histogram-js
// 3.0.1 (pinned in tests/interop/package-lock.json, installed by
// scripts/test.sh), driven through the small scripts in tests/interop.
//
// What must agree, and how exactly:
// - total counts, and every bucket count (throng decodes what JS encodes):
//   exactly.
// - min and max: a decoded histogram knows only buckets, so HdrHistogram sets
//   min to the lowest and max to the highest value of the first and last
//   non-zero bucket. JS's min/max of throng's encoding must therefore be
//   lowest_equivalent(min) / highest_equivalent(max) of throng's histogram,
//   exactly: the values differ from throng's recorded ones by less than one
//   bucket width (HdrHistogram's value equivalence), never more.
// - percentiles: exactly. Both take the sample at rank ceil(p / 100 * n),
//   guarded against a one-ulp round-off (Java 2.1.12, which throng follows,
//   takes an ulp off p; hdr-histogram-js off the product), and return the
//   highest value of the bucket that holds it. The two guards could pick
//   neighbouring ranks only when p * n / 100 lies within a few ulps of an
//   integer; for the percentiles used here they agree (a check of 3 million
//   random p with 3 decimals and n up to 10^7 found no difference either).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include "examples/demo-service/demo_service.hpp"
#include "harness/core/histogram.hpp"
#include "harness/core/histogram_codec.hpp"
#include "reports/hlog_writer.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using throng::core::Histogram;
using throng::core::HistogramLayout;
using throng::core::latency_layout;
using throng::test::TempDir;

namespace {

namespace fs = std::filesystem;

const fs::path interop_dir = fs::path(THRONG_SOURCE_DIR) / "tests" / "interop";
const std::vector<double> percentiles{50, 90, 99, 99.9, 99.99, 100};
constexpr const char* how_to_install =
    "run scripts/test.sh, which installs Node.js and the pinned npm packages "
    "(npm ci --prefix tests/interop)";

// The interop tools must be there: a missing tool fails the test, it never
// lets it pass unchecked.
std::string node_binary() {
    const std::string node = throng::test::executable_on_path("node");
    if (node.empty()) FAIL("node is not on PATH: " << how_to_install);
    const fs::path package = interop_dir / "node_modules" / "hdr-histogram-js" / "package.json";
    if (!fs::exists(package)) {
        FAIL("hdr-histogram-js is not installed in tests/interop/node_modules: " << how_to_install);
    }
    const auto version = json::parse(throng::test::read_text(package)).value("version", "");
    if (version != "3.0.1") FAIL("tests/interop has hdr-histogram-js " << version << ", not 3.0.1: " << how_to_install);
    return node;
}

std::string run_script(const std::string& script, std::vector<std::string> args, const TempDir& dir) {
    std::vector<std::string> argv{node_binary(), (interop_dir / script).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = throng::test::run_process(argv, dir.path(), std::chrono::seconds(60));
    INFO("node " << script << " stderr:\n" << r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
}

// Checks hdr-histogram-js's reading of throng's encoding of h.
void check_js_decodes(const Histogram& h) {
    TempDir dir;
    const auto file = dir.write("histogram.txt", throng::core::encode_compressed(h));
    std::vector<std::string> args{file.string()};
    for (double p : percentiles) args.push_back(std::to_string(p));
    const json js = json::parse(run_script("decode_histogram.js", args, dir));
    INFO("hdr-histogram-js: " << js.dump());

    REQUIRE(js["totalCount"].get<std::uint64_t>() == h.count());
    if (h.count() == 0) return;
    CHECK(js["minNonZeroValue"].get<std::int64_t>() == h.lowest_equivalent(h.min()));
    // hdr-histogram-js 3.0.1 stores a decoded max as value + (2^unit - 1)
    // (Java ORs the unit mask in, which is a no-op on a highest-equivalent
    // value), so its maxValue is the bucket's top only for unit magnitude 0
    // (lowest_discernible 1); its 100th percentile is the bucket's top always.
    if (h.equivalent_range(0) == 1) CHECK(js["maxValue"].get<std::int64_t>() == h.highest_equivalent(h.max()));

    const auto& values = js["percentiles"];
    REQUIRE(values.size() == percentiles.size());
    for (std::size_t k = 0; k < percentiles.size(); ++k) {
        INFO("p" << percentiles[k]);
        CHECK(values[k][1].get<std::int64_t>() == h.value_at_percentile(percentiles[k]));
    }
    CHECK(values.back()[1].get<std::int64_t>() == h.highest_equivalent(h.max()));
}

}  // namespace

TEST_CASE("hdr-histogram-js decodes throng's encodings: same counts, equivalent min/max, same percentiles",
          "[integration][interop]") {
    std::mt19937_64 rng(7);

    SECTION("uniform latencies") {
        Histogram h;
        std::uniform_int_distribution<std::int64_t> d(1'000, 10'000'000);
        for (int i = 0; i < 50'000; ++i) h.record(d(rng));
        check_js_decodes(h);
    }
    SECTION("skewed latencies with a far tail") {
        Histogram h;
        std::lognormal_distribution<double> d(12.0, 1.5);
        for (int i = 0; i < 100'000; ++i) h.record(static_cast<std::int64_t>(d(rng)) + 1);
        h.record(2'000'000'000'000);
        check_js_decodes(h);
    }
    SECTION("41,000 consecutive values: every bucket up to there filled") {
        Histogram h;
        for (std::int64_t v = 1; v <= 41'000; ++v) h.record(v);
        check_js_decodes(h);
    }
    SECTION("coordinated-omission corrected") {
        Histogram h(HistogramLayout{1, 3600LL * 1000 * 1000, 3});
        for (int i = 0; i < 10'000; ++i) h.record_corrected(1'000, 10'000);
        h.record_corrected(100'000'000, 10'000);
        check_js_decodes(h);
    }
    SECTION("one value; an empty histogram") {
        Histogram one;
        one.record(123'456'789);
        check_js_decodes(one);
        check_js_decodes(Histogram{});
    }
    SECTION("layouts with a coarser unit and other precisions") {
        for (const HistogramLayout layout : {HistogramLayout{1'000, 10'000'000'000, 2}, HistogramLayout{1, 100'000, 1},
                                             HistogramLayout{1, 1'000'000'000, 5}}) {
            INFO("layout " << layout.lowest_discernible << ".." << layout.highest_trackable << " "
                           << layout.significant_digits);
            Histogram h(layout);
            std::uniform_int_distribution<std::int64_t> d(1, layout.highest_trackable);
            for (int i = 0; i < 20'000; ++i) h.record(d(rng) >> (i % 30));
            check_js_decodes(h);
        }
    }
}

TEST_CASE("throng decodes hdr-histogram-js's encodings to the counts it records itself", "[integration][interop]") {
    struct Case {
        const char* name;
        HistogramLayout layout;
        std::vector<std::int64_t> values;
        std::int64_t expected_interval = 0;
    };
    std::mt19937_64 rng(11);
    std::vector<std::int64_t> random_values;
    std::lognormal_distribution<double> d(13.0, 2.0);
    for (int i = 0; i < 5'000; ++i) random_values.push_back(static_cast<std::int64_t>(d(rng)) + 1);
    random_values.push_back(3'000'000'000'000);

    std::vector<std::int64_t> classic(10'000, 1'000);
    classic.push_back(100'000'000);

    const std::vector<Case> cases{
        {"random latencies", latency_layout, random_values},
        // 100 is below the unit (512): JS counts it in index 0, throng as
        // lowest_discernible (index 1); decoding folds the one into the other.
        {"coarse unit, values below it",
         HistogramLayout{1'000, 10'000'000'000, 2},
         {100, 600, 1'000, 5'000, 9'999'999'999}},
        {"corrected while recording", HistogramLayout{1, 3600LL * 1000 * 1000, 3}, classic, 10'000},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        TempDir dir;
        const json spec{{"lowest", c.layout.lowest_discernible},
                        {"highest", c.layout.highest_trackable},
                        {"digits", c.layout.significant_digits},
                        {"values", c.values},
                        {"expectedInterval", c.expected_interval}};
        const auto spec_file = dir.write("spec.json", spec.dump());
        const std::string encoded = run_script("encode_histogram.js", {spec_file.string()}, dir);
        const Histogram decoded = throng::core::decode_compressed(encoded);

        Histogram own(c.layout);
        for (std::int64_t v : c.values) own.record_corrected(v, c.expected_interval);

        REQUIRE(decoded.layout() == own.layout());
        REQUIRE(decoded.count() == own.count());
        std::size_t i = 0;
        while (i < own.counts_length() && decoded.count_at_index(i) == own.count_at_index(i)) ++i;
        INFO("first differing bucket: " << i << " of " << own.counts_length());
        REQUIRE(i == own.counts_length());
        CHECK(decoded.min() == own.lowest_equivalent(own.min()));
        CHECK(decoded.max() == own.highest_equivalent(own.max()));
        for (double p : percentiles) CHECK(decoded.value_at_percentile(p) == own.value_at_percentile(p));
    }
}

TEST_CASE("hdr-histogram-js's HistogramLogReader reads throng's .hlog", "[integration][interop]") {
    std::mt19937_64 rng(13);
    std::vector<Histogram> histograms(3);
    std::uniform_int_distribution<std::int64_t> d(10'000, 50'000'000);
    for (std::size_t k = 0; k < 2; ++k)
        for (int i = 0; i < 1'000 * static_cast<int>(k + 1); ++i) histograms[k].record(d(rng));
    // histograms[2] stays empty: an interval without requests.
    const std::vector<throng::reports::HlogInterval> intervals{
        {0.0, 1.0, &histograms[0]}, {1.0, 1.0, &histograms[1]}, {2.0, 0.5, &histograms[2]}};
    const double start_time = 1'700'000'000.5;

    for (const std::string tag : {"http", ""}) {
        INFO("tag '" << tag << "'");
        TempDir dir;
        const auto file = dir.path() / "latency.hlog";
        throng::reports::write_hlog(file, start_time, tag, intervals);
        const json js = json::parse(run_script("read_hlog.js", {file.string()}, dir));
        INFO("hdr-histogram-js: " << js.dump());
        REQUIRE(js.size() == intervals.size());
        for (std::size_t k = 0; k < intervals.size(); ++k) {
            const auto& h = *intervals[k].histogram;
            const json& got = js[k];
            if (tag.empty()) {
                CHECK(got["tag"].is_null());
            } else {
                CHECK(got["tag"] == tag);
            }
            // Absolute times: BaseTime plus the interval's relative start.
            const double start_ms = (start_time + intervals[k].start_s) * 1000.0;
            CHECK(got["startTimeStampMsec"].get<double>() == Approx(start_ms).margin(1e-3));
            CHECK(got["endTimeStampMsec"].get<double>() ==
                  Approx(start_ms + intervals[k].length_s * 1000.0).margin(1e-3));
            CHECK(got["totalCount"].get<std::uint64_t>() == h.count());
            CHECK(got["maxValue"].get<std::int64_t>() == (h.count() == 0 ? 0 : h.highest_equivalent(h.max())));
        }
    }
}

TEST_CASE("a run's interval logs and embedded histograms read back in hdr-histogram-js", "[integration][interop]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    const auto scenario = dir.write("s.json", R"({"name": "hlog", "target": ")" + demo.base_url() + R"(",
        "executor": {"type": "constant-arrival-rate", "rate": "400/s", "duration": "3s", "pre_allocated_vus": 20},
        "steps": [{"name": "GET item", "http": {"path": "/items/9"}}]})");
    const auto r = throng::test::run_process(
        {THRONG_BINARY, "run", scenario.string(), "--out", "out", "--quiet", "--hlog", "logs"}, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const json result = json::parse(throng::test::read_text(dir.path() / "out" / "result.json"));
    const auto requests = result["steps"][0]["requests"].get<std::uint64_t>();
    // On a busy machine (or in a sanitizer build) some iterations can find all
    // 20 VUs busy and are dropped; none is lost.
    CHECK(requests + result["iterations"]["dropped"].get<std::uint64_t>() == 1200);
    CHECK(requests > 0);

    for (const char* metric : {"service_time", "response_time"}) {
        const std::string name = std::string("GET_item.") + metric;
        const fs::path log = dir.path() / "logs" / (name + ".hlog");
        REQUIRE(fs::exists(log));
        const json intervals = json::parse(run_script("read_hlog.js", {log.string()}, dir));
        // One line per interval; hdr-histogram-js's reader skips empty ones
        // (the last interval, which ends with the run, may be).
        std::size_t non_empty = 0;
        for (const auto& iv : result["intervals"]) non_empty += iv["requests"].get<std::uint64_t>() > 0 ? 1 : 0;
        CHECK(intervals.size() >= non_empty);
        CHECK(intervals.size() <= result["intervals"].size());
        std::uint64_t counted = 0;
        for (const auto& iv : intervals) {
            CHECK(iv["tag"] == name);
            counted += iv["totalCount"].get<std::uint64_t>();
        }
        CHECK(counted == requests);  // every request is in exactly one interval

        // The cumulative histogram embedded in result.json, decoded by hdr-histogram-js.
        const auto file =
            dir.write(std::string(metric) + ".txt", result["steps"][0]["histograms"][metric].get<std::string>());
        const json decoded = json::parse(run_script("decode_histogram.js", {file.string(), "99"}, dir));
        CHECK(decoded["totalCount"] == requests);
    }
    // `throng report` regenerates the same logs from the result alone.
    const auto again = throng::test::run_process(
        {THRONG_BINARY, "report", (dir.path() / "out" / "result.json").string(), "--hlog", "again"}, dir.path());
    REQUIRE(again.exit_code == 0);
    CHECK(throng::test::read_text(dir.path() / "again" / "GET_item.service_time.hlog") ==
          throng::test::read_text(dir.path() / "logs" / "GET_item.service_time.hlog"));
}
