#include "harness/core/histogram.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using throng::core::Histogram;
using throng::core::HistogramLayout;
using throng::core::latency_layout;

namespace {

// Percentiles as integer hundredths of a percent, so the exact rank
// ceil(p / 100 * n) can be computed without floating-point round-off.
struct Percentile {
    double p;
    std::int64_t hundredths;  // p * 100
};
constexpr Percentile percentiles[] = {{0.0, 0},     {1.0, 100},   {50.0, 5000},  {90.0, 9000},  {95.0, 9500},
                                      {99.0, 9900}, {99.9, 9990}, {99.99, 9999}, {100.0, 10000}};

// The sample at the 1-based nearest rank max(1, ceil(p / 100 * n)) of sorted.
std::int64_t exact_at(const std::vector<std::int64_t>& sorted, std::int64_t hundredths) {
    const auto n = static_cast<std::int64_t>(sorted.size());
    const std::int64_t rank = std::max<std::int64_t>(1, (hundredths * n + 9999) / 10000);
    return sorted[static_cast<std::size_t>(rank - 1)];
}

// Records samples and checks every percentile against the sorted samples:
// the exact value lies in the bucket of the reported value, and the reported
// value is above it by at most the layout's precision.
void check_percentiles(const HistogramLayout& layout, std::vector<std::int64_t> samples, double precision) {
    Histogram h(layout);
    for (auto v : samples) h.record(v);
    std::sort(samples.begin(), samples.end());
    REQUIRE(h.count() == samples.size());
    for (const auto& pc : percentiles) {
        const std::int64_t exact = exact_at(samples, pc.hundredths);
        const std::int64_t got = h.value_at_percentile(pc.p);
        INFO("p=" << pc.p << " exact=" << exact << " got=" << got);
        if (pc.p == 0.0) {
            // p == 0 reports the lowest value of the minimum's bucket.
            CHECK(got == h.lowest_equivalent(exact));
            CHECK(got <= exact);
            CHECK(exact <= h.highest_equivalent(got));
            CHECK(static_cast<double>(exact - got) / static_cast<double>(exact) <= precision);
        } else {
            CHECK(h.lowest_equivalent(got) <= exact);
            CHECK(exact <= got);
            CHECK(static_cast<double>(got - exact) / static_cast<double>(exact) <= precision);
        }
    }
}

std::vector<std::int64_t> lognormal_latencies(std::mt19937_64& rng, std::size_t n) {
    // Median ~2 ms, long tail; clamped to 50 us .. 10 s (in ns).
    std::lognormal_distribution<double> dist(std::log(2e6), 1.5);
    std::vector<std::int64_t> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(
            std::clamp(static_cast<std::int64_t>(dist(rng)), std::int64_t{50'000}, std::int64_t{10'000'000'000}));
    }
    return out;
}

}  // namespace

TEST_CASE("histogram layout matches HdrHistogram's formulas", "[histogram]") {
    SECTION("default latency layout: 1 ns .. 3.6e12 ns, 3 digits") {
        // sub_bucket_count_magnitude = ceil(log2(2 * 10^3 = 2000)) = 11
        //   -> sub_bucket_count 2048, half count 1024; unit_magnitude = log2(1) = 0.
        // Buckets: the first covers [0, 2048); each further one doubles the top.
        //   2048 * 2^k > 3.6e12 first for 2^(11+k) = 2^42 (2^41 = 2.2e12 < 3.6e12),
        //   so k = 31 and bucket_count = 32.
        // counts_len = (32 + 1) * 1024 = 33792.
        Histogram h;
        CHECK(h.layout() == latency_layout);
        CHECK(h.counts_length() == 33792);
        // The highest trackable value is in the last bucket (index 31):
        // 3.6e12 >> 31 = 1676, index = 32 * 1024 + (1676 - 1024) = 33420.
        CHECK(h.index_for(3'600'000'000'000) == 33420);
        CHECK(h.value_at_index(33420) == std::int64_t{1676} << 31);
        // Unit resolution below 2048, then steps of 2 up to 4096, ...
        CHECK(h.index_for(1) == 1);
        CHECK(h.index_for(2047) == 2047);
        CHECK(h.index_for(2048) == 2048);
        CHECK(h.index_for(2049) == 2048);
        CHECK(h.index_for(2050) == 2049);
        CHECK(h.index_for(4096) == 3072);
        CHECK(h.equivalent_range(2047) == 1);
        CHECK(h.equivalent_range(2048) == 2);
        CHECK(h.equivalent_range(4096) == 4);
    }
    SECTION("1 .. 3.6e9, 3 digits (HdrHistogram_c's test_create expects 23552)") {
        // 2048 * 2^k > 3.6e9 first at 2^32, so bucket_count = 22; (22 + 1) * 1024.
        Histogram h(HistogramLayout{1, 3'600'000'000, 3});
        CHECK(h.counts_length() == 23552);
    }
    SECTION("1000 .. 3.6e9, 2 digits") {
        // sub_bucket_count_magnitude = ceil(log2(200)) = 8 -> 256 sub-buckets,
        // half count 128; unit_magnitude = floor(log2(1000)) = 9.
        // 256 << 9 = 2^17; 2^17 * 2^k > 3.6e9 first at 2^32: bucket_count = 16.
        // counts_len = (16 + 1) * 128 = 2176.
        Histogram h(HistogramLayout{1000, 3'600'000'000, 2});
        CHECK(h.counts_length() == 2176);
        // Values are counted in units of 2^9 = 512.
        CHECK(h.equivalent_range(1000) == 512);
        CHECK(h.lowest_equivalent(1000) == 512);
        CHECK(h.index_for(1000) == 1);
    }
    SECTION("1000 .. 3.6e12, 3 digits") {
        // 2048 << 9 = 2^20; 2^20 * 2^k > 3.6e12 first at 2^42: bucket_count = 23.
        // counts_len = 24 * 1024 = 24576.
        Histogram h(HistogramLayout{1000, 3'600'000'000'000, 3});
        CHECK(h.counts_length() == 24576);
    }
    SECTION("highest_trackable exactly at the top of a bucket") {
        // 2048 is not below 2048 (the first untrackable value of bucket 0),
        // so HdrHistogram needs a second bucket: (2 + 1) * 1024; 2047 fits in one.
        Histogram at_top(HistogramLayout{1, 2048, 3});
        CHECK(at_top.counts_length() == 3072);
        at_top.record(2048);
        CHECK(at_top.count_at_index(2048) == 1);
        CHECK(at_top.saturated() == 0);
        Histogram below_top(HistogramLayout{1, 2047, 3});
        CHECK(below_top.counts_length() == 2048);
    }
    SECTION("smallest layout: 1 .. 2, 1 digit") {
        // ceil(log2(20)) = 5 -> 32 sub-buckets, half 16; 32 > 2 so one bucket.
        Histogram h(HistogramLayout{1, 2, 1});
        CHECK(h.counts_length() == 32);
    }
    SECTION("a layout reaching int64 max does not overflow") {
        // 2048 * 2^k overflows past 2^62: the bucket that would overflow is the
        // last one, 1 + (62 - 11) + 1 = 53 buckets, (53 + 1) * 1024 counts.
        Histogram h(HistogramLayout{1, std::numeric_limits<std::int64_t>::max(), 3});
        CHECK(h.counts_length() == 55296);
        h.record(std::numeric_limits<std::int64_t>::max());
        CHECK(h.index_for(std::numeric_limits<std::int64_t>::max()) < h.counts_length());
        CHECK(h.max() == std::numeric_limits<std::int64_t>::max());
        CHECK(h.value_at_percentile(100) == std::numeric_limits<std::int64_t>::max());
        CHECK(h.saturated() == 0);
    }
}

TEST_CASE("histogram rejects invalid layouts", "[histogram]") {
    CHECK_THROWS_AS(Histogram(HistogramLayout{0, 1000, 3}), std::invalid_argument);
    CHECK_THROWS_AS(Histogram(HistogramLayout{-5, 1000, 3}), std::invalid_argument);
    CHECK_THROWS_AS(Histogram(HistogramLayout{100, 199, 3}), std::invalid_argument);
    CHECK_NOTHROW(Histogram(HistogramLayout{100, 200, 3}));
    CHECK_THROWS_AS(Histogram(HistogramLayout{1, 1000, 0}), std::invalid_argument);
    CHECK_THROWS_AS(Histogram(HistogramLayout{1, 1000, 6}), std::invalid_argument);
    CHECK_NOTHROW(Histogram(HistogramLayout{1, 1000, 1}));
    CHECK_NOTHROW(Histogram(HistogramLayout{1, 1000, 5}));
    // 2 * lowest would overflow; must be rejected, not wrap around.
    CHECK_THROWS_AS(Histogram(HistogramLayout{std::int64_t{1} << 62, std::numeric_limits<std::int64_t>::max(), 3}),
                    std::invalid_argument);
    // unit_magnitude 60 + half-count magnitude 10 > 61: too many digits.
    CHECK_THROWS_AS(Histogram(HistogramLayout{std::int64_t{1} << 60, std::numeric_limits<std::int64_t>::max(), 3}),
                    std::invalid_argument);
}

TEST_CASE("index, value and equivalence helpers agree", "[histogram]") {
    for (const HistogramLayout layout :
         {latency_layout, HistogramLayout{1000, 3'600'000'000, 2}, HistogramLayout{1, 1'000'000, 1}}) {
        Histogram h(layout);
        INFO("layout " << layout.lowest_discernible << ".." << layout.highest_trackable << " "
                       << layout.significant_digits);
        const std::size_t first = h.index_for(layout.lowest_discernible);
        const std::size_t last = h.index_for(layout.highest_trackable);
        REQUIRE(last < h.counts_length());
        for (std::size_t i = first; i <= last; ++i) {
            const std::int64_t v = h.value_at_index(i);
            const std::int64_t lo = h.lowest_equivalent(v);
            const std::int64_t hi = h.highest_equivalent(v);
            const std::int64_t range = h.equivalent_range(v);
            REQUIRE(lo == v);
            REQUIRE(hi == lo + range - 1);
            REQUIRE(h.median_equivalent(v) == lo + range / 2);
            // Every value of the range maps to the same bucket with the same bounds.
            for (const std::int64_t x : {lo, lo + range / 2, hi}) {
                if (x < layout.lowest_discernible || x > layout.highest_trackable) continue;
                REQUIRE(h.index_for(x) == i);
                REQUIRE(h.lowest_equivalent(x) == lo);
                REQUIRE(h.highest_equivalent(x) == hi);
                REQUIRE(h.equivalent_range(x) == range);
            }
            // Buckets tile the value line without gaps or overlaps.
            if (i + 1 < h.counts_length()) REQUIRE(h.value_at_index(i + 1) == hi + 1);
        }
    }
}

TEST_CASE("equivalent ranges honour the significant digits", "[histogram]") {
    Histogram h;
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<std::int64_t> dist(1, 3'600'000'000'000);
    for (int i = 0; i < 100'000; ++i) {
        const std::int64_t v = dist(rng);
        REQUIRE(h.lowest_equivalent(v) <= v);
        REQUIRE(v <= h.highest_equivalent(v));
        // 3 digits: width of a bucket at most 1/1000 of its values.
        REQUIRE(static_cast<double>(h.equivalent_range(v) - 1) / static_cast<double>(v) <= 1e-3);
    }
}

TEST_CASE("percentiles follow HdrHistogram Java's nearest-rank rule", "[histogram]") {
    SECTION("1..1000 recorded at unit resolution") {
        Histogram h;
        for (std::int64_t v = 1; v <= 1000; ++v) h.record(v);
        CHECK(h.value_at_percentile(0) == 1);
        CHECK(h.value_at_percentile(0.05) == 1);  // ceil(0.5) = rank 1
        CHECK(h.value_at_percentile(0.15) == 2);  // ceil(1.5) = rank 2
        CHECK(h.value_at_percentile(50) == 500);
        CHECK(h.value_at_percentile(99.9) == 999);
        CHECK(h.value_at_percentile(100) == 1000);
        CHECK(h.value_at_percentile(250) == 1000);  // clamped to 100
        CHECK(h.value_at_percentile(-3) == 1);      // clamped to 0, rank 1
    }
    SECTION("the one-ulp nudge: 99.9% of 41000 is rank 40959") {
        // Without nextafter, ceil(99.9 * 41000 / 100) is 40960 through round-off.
        // Five digits keep unit resolution up to 2^18, so ranks are values here.
        Histogram h(HistogramLayout{1, 1'000'000, 5});
        for (std::int64_t v = 1; v <= 41'000; ++v) h.record(v);
        CHECK(h.value_at_percentile(99.9) == 40'959);
    }
    SECTION("p = 100 reaches the max even when the ulp nudge loses counts") {
        // With 2^60 + 1 counts, (100 - 1 ulp) * total / 100 rounds to a count
        // below the total; 100% must still be the max's bucket.
        Histogram h;
        h.record_n(1'000, std::uint64_t{1} << 60);
        h.record(5'000);
        CHECK(h.value_at_percentile(100) == h.highest_equivalent(5'000));
        CHECK(h.value_at_percentile(99.99) == 1'000);
    }
    SECTION("p = 0 and p = 100 report the edges of the min and max buckets") {
        Histogram h;
        h.record(123'456'789);
        h.record(5'000'001);
        CHECK(h.value_at_percentile(100) == h.highest_equivalent(123'456'789));
        CHECK(h.value_at_percentile(100) > 123'456'789);  // range is 2^16 there
        CHECK(h.value_at_percentile(0) == h.lowest_equivalent(5'000'001));
        CHECK(h.value_at_percentile(0) < 5'000'001);
        CHECK(h.value_at_percentile(50) == h.highest_equivalent(5'000'001));
        CHECK(h.value_at_percentile(50.1) == h.highest_equivalent(123'456'789));
    }
}

TEST_CASE("percentiles match exact percentiles of the samples", "[histogram]") {
    std::mt19937_64 rng(20240601);
    const std::size_t n = 200'000;

    SECTION("uniform") {
        std::uniform_int_distribution<std::int64_t> dist(1'000, 5'000'000'000);
        std::vector<std::int64_t> samples(n);
        for (auto& s : samples) s = dist(rng);
        check_percentiles(latency_layout, samples, 1e-3);
    }
    SECTION("lognormal latencies, 50 us .. 10 s") {
        check_percentiles(latency_layout, lognormal_latencies(rng, n), 1e-3);
    }
    SECTION("bimodal: fast path around 200 us, slow path around 1.5 s") {
        std::normal_distribution<double> fast(200'000.0, 20'000.0);
        std::normal_distribution<double> slow(1.5e9, 1e8);
        std::bernoulli_distribution is_slow(0.1);
        std::vector<std::int64_t> samples(n);
        for (auto& s : samples) {
            const double v = is_slow(rng) ? slow(rng) : fast(rng);
            s = std::max<std::int64_t>(1, static_cast<std::int64_t>(v));
        }
        check_percentiles(latency_layout, samples, 1e-3);
    }
    SECTION("small values at unit resolution are exact") {
        std::uniform_int_distribution<std::int64_t> dist(1, 2047);
        std::vector<std::int64_t> samples(10'000);
        for (auto& s : samples) s = dist(rng);
        check_percentiles(latency_layout, samples, 0.0);
    }
    SECTION("2-digit layout counting in units of 512 ns") {
        // With unit 2^9, 2 digits hold relative precision only from
        // 200 * 512 ns up (below that the step is a fixed 512 ns), so the
        // samples are scaled to 0.5 ms .. 100 s.
        std::vector<std::int64_t> samples = lognormal_latencies(rng, n);
        for (auto& s : samples) s *= 10;
        check_percentiles(HistogramLayout{1000, 3'600'000'000'000, 2}, samples, 1e-2);
    }
}

TEST_CASE("merging is exact", "[histogram]") {
    std::mt19937_64 rng(99);
    const std::vector<std::int64_t> samples = lognormal_latencies(rng, 100'000);
    Histogram all;
    Histogram parts[4];
    for (std::size_t i = 0; i < samples.size(); ++i) {
        all.record(samples[i]);
        parts[i % 4].record(samples[i]);
    }
    // One value beyond the range, recorded in one part only.
    all.record(4'000'000'000'000);
    parts[2].record(4'000'000'000'000);

    Histogram merged;
    for (const auto& p : parts) merged.merge(p);
    REQUIRE(merged.counts_length() == all.counts_length());
    for (std::size_t i = 0; i < all.counts_length(); ++i) {
        REQUIRE(merged.count_at_index(i) == all.count_at_index(i));
    }
    CHECK(merged.count() == all.count());
    CHECK(merged.count() == samples.size() + 1);
    CHECK(merged.saturated() == 1);
    CHECK(merged.min() == all.min());
    CHECK(merged.max() == all.max());
    CHECK(merged.min() == *std::min_element(samples.begin(), samples.end()));
    CHECK(merged.max() == latency_layout.highest_trackable);
    CHECK(merged.mean() == all.mean());
    CHECK(merged.value_at_percentile(99) == all.value_at_percentile(99));

    SECTION("merging an empty histogram changes nothing") {
        Histogram empty;
        merged.merge(empty);
        CHECK(merged.count() == all.count());
        CHECK(merged.min() == all.min());
        CHECK(merged.max() == all.max());
    }
    SECTION("merging into an empty histogram copies min and max") {
        Histogram empty;
        empty.merge(parts[1]);
        CHECK(empty.min() == parts[1].min());
        CHECK(empty.max() == parts[1].max());
        CHECK(empty.count() == parts[1].count());
    }
    SECTION("different layouts are rejected") {
        Histogram other(HistogramLayout{1, 3'600'000'000'000, 2});
        CHECK_THROWS_AS(merged.merge(other), std::invalid_argument);
        Histogram other_range(HistogramLayout{1, 3'600'000'000, 3});
        CHECK_THROWS_AS(merged.merge(other_range), std::invalid_argument);
        Histogram other_lowest(HistogramLayout{1000, 3'600'000'000'000, 3});
        CHECK_THROWS_AS(merged.merge(other_lowest), std::invalid_argument);
        CHECK(merged.count() == all.count());  // unchanged by the failed merges
    }
}

TEST_CASE("min, max, mean and stdev", "[histogram]") {
    SECTION("empty histogram") {
        Histogram h;
        CHECK(h.count() == 0);
        CHECK(h.saturated() == 0);
        CHECK(h.min() == 0);
        CHECK(h.max() == 0);
        CHECK(h.mean() == 0.0);
        CHECK(h.stdev() == 0.0);
        CHECK(h.value_at_percentile(0) == 0);
        CHECK(h.value_at_percentile(50) == 0);
        CHECK(h.value_at_percentile(100) == 0);
    }
    SECTION("single value") {
        Histogram h;
        h.record(1'234'567);
        CHECK(h.count() == 1);
        CHECK(h.min() == 1'234'567);
        CHECK(h.max() == 1'234'567);
        CHECK(h.mean() == static_cast<double>(h.median_equivalent(1'234'567)));
        CHECK(h.stdev() == 0.0);
        CHECK(h.value_at_percentile(50) == h.highest_equivalent(1'234'567));
        CHECK(h.count_at_index(h.index_for(1'234'567)) == 1);
    }
    SECTION("against exact statistics of lognormal samples") {
        std::mt19937_64 rng(1234);
        const std::vector<std::int64_t> samples = lognormal_latencies(rng, 100'000);
        Histogram h;
        double sum = 0;
        for (auto v : samples) {
            h.record(v);
            sum += static_cast<double>(v);
        }
        const double mean = sum / static_cast<double>(samples.size());
        double sq = 0;
        for (auto v : samples) sq += (static_cast<double>(v) - mean) * (static_cast<double>(v) - mean);
        const double stdev = std::sqrt(sq / static_cast<double>(samples.size()));

        CHECK(h.min() == *std::min_element(samples.begin(), samples.end()));
        CHECK(h.max() == *std::max_element(samples.begin(), samples.end()));
        CHECK(std::abs(h.mean() - mean) / mean <= 1e-3);
        CHECK(std::abs(h.stdev() - stdev) / stdev <= 1e-3);
    }
    SECTION("mean and stdev weight bucket middles by count") {
        Histogram h;
        h.record_n(100, 3);
        h.record(400);
        // Unit resolution: mean (300 + 400) / 4 = 175, variance (3*75^2 + 225^2) / 4.
        CHECK(h.mean() == Approx(175.0));
        CHECK(h.stdev() == Approx(std::sqrt((3 * 75.0 * 75.0 + 225.0 * 225.0) / 4)));
    }
}

TEST_CASE("recording edge cases", "[histogram]") {
    SECTION("a value above highest_trackable counts as it and as saturated") {
        Histogram h;
        h.record(latency_layout.highest_trackable + 1'000'000);
        CHECK(h.count() == 1);
        CHECK(h.saturated() == 1);
        CHECK(h.max() == latency_layout.highest_trackable);
        CHECK(h.min() == latency_layout.highest_trackable);
        CHECK(h.count_at_index(h.index_for(latency_layout.highest_trackable)) == 1);
        CHECK(h.value_at_percentile(100) == h.highest_equivalent(latency_layout.highest_trackable));
        h.record(latency_layout.highest_trackable);  // exactly the highest is not saturated
        CHECK(h.saturated() == 1);
        h.record(std::numeric_limits<std::int64_t>::max());
        CHECK(h.saturated() == 2);
    }
    SECTION("values below lowest_discernible count as it") {
        Histogram h(HistogramLayout{1000, 3'600'000'000, 2});
        h.record(0);
        h.record(-5);
        h.record(999);
        h.record(1);
        CHECK(h.count() == 4);
        CHECK(h.saturated() == 0);
        CHECK(h.min() == 1000);
        CHECK(h.max() == 1000);
        CHECK(h.count_at_index(h.index_for(1000)) == 4);
        CHECK(h.count_at_index(0) == 0);

        Histogram unit;
        unit.record(0);
        unit.record(std::numeric_limits<std::int64_t>::min());
        CHECK(unit.min() == 1);
        CHECK(unit.count_at_index(1) == 2);
        CHECK(unit.count_at_index(0) == 0);
    }
    SECTION("record_n records a count at once") {
        Histogram h;
        h.record_n(5'000, 10);
        h.record_n(7'000'000, 90);
        h.record_n(9, 0);  // a zero count changes nothing, not even min
        CHECK(h.count() == 100);
        CHECK(h.min() == 5'000);
        CHECK(h.max() == 7'000'000);
        CHECK(h.count_at_index(h.index_for(5'000)) == 10);
        CHECK(h.count_at_index(h.index_for(7'000'000)) == 90);
        CHECK(h.value_at_percentile(10) == h.highest_equivalent(5'000));
        CHECK(h.value_at_percentile(10.01) == h.highest_equivalent(7'000'000));
        h.record_n(latency_layout.highest_trackable * 2, 5);
        CHECK(h.saturated() == 5);
    }
    SECTION("reset clears everything") {
        Histogram h;
        h.record_n(42, 3);
        h.record(latency_layout.highest_trackable + 1);
        h.reset();
        CHECK(h.count() == 0);
        CHECK(h.saturated() == 0);
        CHECK(h.min() == 0);
        CHECK(h.max() == 0);
        CHECK(h.value_at_percentile(99) == 0);
        for (std::size_t i = 0; i < h.counts_length(); ++i) REQUIRE(h.count_at_index(i) == 0);
        h.record(77);
        CHECK(h.min() == 77);
        CHECK(h.max() == 77);
        CHECK(h.count() == 1);
    }
    SECTION("reset clears what merge and from_counts put in, too") {
        Histogram wide;
        wide.record(1'000);
        wide.record(9'000'000'000);
        Histogram h;
        h.merge(wide);
        h.reset();
        for (std::size_t i = 0; i < h.counts_length(); ++i) REQUIRE(h.count_at_index(i) == 0);
        std::vector<std::uint64_t> counts(wide.counts_length(), 0);
        counts[wide.index_for(3'000)] = 2;
        counts[wide.index_for(40'000'000)] = 1;
        Histogram decoded = Histogram::from_counts(wide.layout(), counts);
        decoded.reset();
        for (std::size_t i = 0; i < decoded.counts_length(); ++i) REQUIRE(decoded.count_at_index(i) == 0);
        CHECK(decoded.count() == 0);
    }
}
