#include "harness/core/histogram_codec.hpp"

#include <catch2/catch.hpp>
#include <zlib.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/core/histogram.hpp"

using throng::core::decode_compressed;
using throng::core::decode_uncompressed;
using throng::core::encode_compressed;
using throng::core::encode_uncompressed;
using throng::core::Histogram;
using throng::core::HistogramLayout;
using throng::core::latency_layout;
using Bytes = std::vector<std::uint8_t>;

namespace {

// The bytes of a V2 header, spelled out from the format (see histogram_codec.hpp).
Bytes v2_header(std::uint32_t payload_length, int digits, std::int64_t lowest, std::int64_t highest) {
    Bytes b;
    const auto put = [&](std::uint64_t v, int n) {
        for (int shift = (n - 1) * 8; shift >= 0; shift -= 8) b.push_back(static_cast<std::uint8_t>(v >> shift));
    };
    put(0x1c849313, 4);
    put(payload_length, 4);
    put(0, 4);
    put(static_cast<std::uint32_t>(digits), 4);
    put(static_cast<std::uint64_t>(lowest), 8);
    put(static_cast<std::uint64_t>(highest), 8);
    put(0x3ff0000000000000, 8);  // 1.0 as an IEEE 754 double
    return b;
}

Bytes payload_of(const Bytes& encoded) { return Bytes(encoded.begin() + 40, encoded.end()); }

Bytes deflate(const Bytes& data) {
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    Bytes out(size);
    REQUIRE(compress2(out.data(), &size, data.data(), static_cast<uLong>(data.size()), 9) == Z_OK);
    out.resize(size);
    return out;
}

std::string base64(const Bytes& b) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string text;
    for (std::size_t i = 0; i < b.size(); i += 3) {
        std::uint32_t g = static_cast<std::uint32_t>(b[i]) << 16;
        if (i + 1 < b.size()) g |= static_cast<std::uint32_t>(b[i + 1]) << 8;
        if (i + 2 < b.size()) g |= b[i + 2];
        text += alphabet[(g >> 18) & 63];
        text += alphabet[(g >> 12) & 63];
        text += i + 1 < b.size() ? alphabet[(g >> 6) & 63] : '=';
        text += i + 2 < b.size() ? alphabet[g & 63] : '=';
    }
    return text;
}

// The compressed text of arbitrary deflated bytes, for malformed inputs.
std::string compressed_text_of(const Bytes& deflated, std::uint32_t cookie = 0x1c849314, int length_delta = 0) {
    Bytes all;
    const auto length = static_cast<std::uint32_t>(static_cast<int>(deflated.size()) + length_delta);
    for (int shift = 24; shift >= 0; shift -= 8) all.push_back(static_cast<std::uint8_t>(cookie >> shift));
    for (int shift = 24; shift >= 0; shift -= 8) all.push_back(static_cast<std::uint8_t>(length >> shift));
    all.insert(all.end(), deflated.begin(), deflated.end());
    return base64(all);
}

std::string compressed_text(const Bytes& uncompressed, std::uint32_t cookie = 0x1c849314) {
    return compressed_text_of(deflate(uncompressed), cookie);
}

void require_same_counts(const Histogram& a, const Histogram& b) {
    REQUIRE(a.layout() == b.layout());
    REQUIRE(a.count() == b.count());
    REQUIRE(a.counts_length() == b.counts_length());
    std::size_t i = 0;
    while (i < a.counts_length() && a.count_at_index(i) == b.count_at_index(i)) ++i;
    INFO("first difference at index " << i);
    REQUIRE(i == a.counts_length());
}

// What a decoded histogram must be: the same counts, min and max widened to
// their buckets (HdrHistogram's rule), so the same percentiles.
void require_round_trip(const Histogram& original) {
    const std::string text = encode_compressed(original);
    REQUIRE(text.rfind("HISTF", 0) == 0);
    const Histogram decoded = decode_compressed(text);
    require_same_counts(original, decoded);
    REQUIRE(decode_uncompressed(encode_uncompressed(original)).count() == original.count());
    if (original.count() > 0) {
        CHECK(decoded.min() == original.lowest_equivalent(original.min()));
        CHECK(decoded.max() == original.highest_equivalent(original.max()));
    }
    for (double p : {0.0, 1.0, 25.0, 50.0, 90.0, 99.0, 99.9, 99.99, 100.0}) {
        INFO("p" << p);
        CHECK(decoded.value_at_percentile(p) == original.value_at_percentile(p));
    }
    // Encoding is a function of the counts: a second pass gives the same text.
    CHECK(encode_compressed(decoded) == text);
}

std::string decode_error(const std::string& text) {
    try {
        decode_compressed(text);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    FAIL("decoded without an error: " << text);
    return "";
}

std::string decode_error(const Bytes& bytes) {
    try {
        decode_uncompressed(bytes);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    FAIL("decoded without an error");
    return "";
}

}  // namespace

TEST_CASE("V2 encoding: the header bytes of an empty latency histogram", "[core][histogram][codec]") {
    // An empty histogram has max 0, so HdrHistogram writes the one count of index 0.
    Bytes expected = v2_header(1, 3, 1, 3'600'000'000'000);
    expected.push_back(0x00);
    REQUIRE(encode_uncompressed(Histogram{}) == expected);
    // 3.6e12 = 0x0000034630b8a000, big-endian.
    REQUIRE(Bytes(expected.begin() + 24, expected.begin() + 32) == Bytes{0, 0, 0x03, 0x46, 0x30, 0xb8, 0xa0, 0x00});
}

TEST_CASE("V2 encoding: counts as ZigZag LEB128, zero runs as one negative count", "[core][histogram][codec]") {
    // 2 digits: 256 sub-buckets, unit resolution below 256, so index == value there.
    Histogram h(HistogramLayout{1, 1000, 2});
    h.record_n(1, 3);
    h.record(5);
    h.record_n(9, 300);
    // index 0: a single zero is written as 0, not as a run of -1
    // index 1: 3   -> zigzag 6
    // 2..4: three zeros -> -3 -> zigzag 5
    // index 5: 1   -> zigzag 2
    // 6..8: -3 -> 5
    // index 9: 300 -> zigzag 600 = 0b100_1011000 -> 0xd8 0x04
    const Bytes payload{0x00, 0x06, 0x05, 0x02, 0x05, 0xd8, 0x04};
    Bytes expected = v2_header(static_cast<std::uint32_t>(payload.size()), 2, 1, 1000);
    expected.insert(expected.end(), payload.begin(), payload.end());
    REQUIRE(encode_uncompressed(h) == expected);
    require_same_counts(decode_uncompressed(expected), h);
}

TEST_CASE("V2 encoding: a 64-bit count takes the 9-byte form", "[core][histogram][codec]") {
    Histogram h(HistogramLayout{1, 1000, 2});
    h.record_n(1, std::uint64_t{1} << 62);
    // 2^62 zigzags to 2^63: eight 7-bit groups of zeros with the continuation
    // bit, then the 9th byte holds the top 8 bits (0x80) whole.
    const Bytes expected_payload{0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80};
    REQUIRE(payload_of(encode_uncompressed(h)) == expected_payload);
    const Histogram decoded = decode_compressed(encode_compressed(h));
    REQUIRE(decoded.count() == (std::uint64_t{1} << 62));
    REQUIRE(decoded.count_at_index(1) == (std::uint64_t{1} << 62));
}

TEST_CASE("V2 encoding: the compressed text starts HISTFAAA", "[core][histogram][codec]") {
    // Cookie 0x1c849314 and a length below 65536: bytes 1c 84 93 14 00 00 are
    // "HISTFAAA" in base64, the prefix every HdrHistogram V2 log line shows.
    Histogram h;
    h.record(1234);
    REQUIRE(encode_compressed(h).rfind("HISTFAAA", 0) == 0);
}

TEST_CASE("V2 encoding: decodes a histogram encoded by hdr-histogram-js", "[core][histogram][codec]") {
    // hdr-histogram-js 3.0.1, build({lowestDiscernibleValue: 1, highestTrackableValue: 3600000000000,
    // numberOfSignificantValueDigits: 3}), recordValue of 1000, 1000, 2000, 5000000, 123456789,
    // encodeIntoCompressedBase64(). It writes 1 as the normalizing index offset
    // and the int64 1 as the ratio, which a reader must ignore.
    const std::string from_js = "HISTFAAAADN4nJNpmSzMwMDAy8DAwMjAwMDMAAGMDAzMbgY7FjDA+Of5Wc7yMz3dzMi02osJAJHAB30=";
    Histogram expected;
    for (std::int64_t v : {1000, 1000, 2000, 5000000, 123456789}) expected.record(v);
    const Histogram decoded = decode_compressed(from_js);
    require_same_counts(decoded, expected);
    REQUIRE(decoded.min() == 1000);
    REQUIRE(decoded.max() == expected.highest_equivalent(123456789));
}

TEST_CASE("V2 encoding: round trips keep every count", "[core][histogram][codec][heavy]") {
    std::mt19937_64 rng(20240601);

    SECTION("empty") { require_round_trip(Histogram{}); }
    SECTION("one value") {
        Histogram h;
        h.record(42);
        require_round_trip(h);
    }
    SECTION("uniform latencies, 1 us to 10 ms") {
        Histogram h;
        std::uniform_int_distribution<std::int64_t> d(1'000, 10'000'000);
        for (int i = 0; i < 100'000; ++i) h.record(d(rng));
        require_round_trip(h);
    }
    SECTION("skewed: log-normal with a far tail and huge counts") {
        Histogram h;
        std::lognormal_distribution<double> d(13.0, 2.0);
        for (int i = 0; i < 100'000; ++i) h.record(static_cast<std::int64_t>(d(rng)) + 1);
        h.record_n(3'000'000'000'000, 1);                    // near the top of the layout
        h.record_n(500, std::uint64_t{1} << 40);             // a count of several bytes
        h.record(std::numeric_limits<std::int64_t>::max());  // saturated: counts as highest
        require_round_trip(h);
    }
    SECTION("other layouts") {
        const HistogramLayout layouts[] = {
            {1000, 10'000'000'000, 2},                         // lowest > 1: unit magnitude 9
            {1, 2, 1},                                         // the smallest layout
            {1, std::numeric_limits<std::int64_t>::max(), 5},  // the largest
            {7, 123'456'789, 4},
        };
        for (const auto& layout : layouts) {
            INFO("layout " << layout.lowest_discernible << ".." << layout.highest_trackable << " "
                           << layout.significant_digits);
            Histogram h(layout);
            std::uniform_int_distribution<std::int64_t> d(0, layout.highest_trackable);
            for (int i = 0; i < 20'000; ++i) h.record(d(rng) >> (i % 40));
            require_round_trip(h);
        }
    }
}

TEST_CASE("from_counts: HdrHistogram's min and max, record()'s clamping", "[core][histogram][codec]") {
    const HistogramLayout layout{1000, 1'000'000, 3};
    const Histogram empty(layout);
    std::vector<std::uint64_t> counts(empty.counts_length(), 0);
    const std::size_t i_low = empty.index_for(5'000);
    const std::size_t i_high = empty.index_for(700'000);
    counts[i_low] = 2;
    counts[i_high] = 3;

    const Histogram h = Histogram::from_counts(layout, counts);
    REQUIRE(h.count() == 5);
    REQUIRE(h.min() == empty.lowest_equivalent(5'000));
    REQUIRE(h.max() == empty.highest_equivalent(700'000));
    REQUIRE(h.saturated() == 0);

    // Index 0 holds HdrHistogram's values below the unit: they count as
    // lowest_discernible, as record() counts them.
    counts[0] = 4;
    // Counts above highest_trackable's bucket count as it, and as saturated.
    counts.back() = 6;
    const Histogram clamped = Histogram::from_counts(layout, counts);
    REQUIRE(clamped.count() == 15);
    REQUIRE(clamped.count_at_index(0) == 0);
    REQUIRE(clamped.count_at_index(empty.index_for(layout.lowest_discernible)) == 4);
    REQUIRE(clamped.count_at_index(empty.index_for(layout.highest_trackable)) == 6);
    REQUIRE(clamped.saturated() == 6);
    REQUIRE(clamped.value_at_percentile(100) == empty.highest_equivalent(layout.highest_trackable));

    counts.push_back(0);
    REQUIRE_THROWS_WITH(Histogram::from_counts(layout, counts), Catch::Contains("do not fit"));
    const std::vector<std::uint64_t> overflowing{0, ~std::uint64_t{0}, 1};
    REQUIRE_THROWS_WITH(Histogram::from_counts(layout, overflowing), Catch::Contains("2^64"));
}

TEST_CASE("V2 decoding rejects malformed input with a reason", "[core][histogram][codec]") {
    Histogram h;
    for (std::int64_t v = 1; v < 5'000'000; v = v * 3 + 1) h.record(v);
    const Bytes good = encode_uncompressed(h);
    const std::string text = encode_compressed(h);

    SECTION("base64") {
        CHECK_THAT(decode_error(""), Catch::Contains("empty"));
        CHECK_THAT(decode_error("HIST!AAA"), Catch::Contains("invalid base64 character '!' at offset 4"));
        CHECK_THAT(decode_error(text.substr(0, text.size() - 1)), Catch::Contains("not a multiple of 4"));
        CHECK_THAT(decode_error("HIST=AAA"), Catch::Contains("invalid base64 character '='"));
    }
    SECTION("cookies") {
        CHECK_THAT(decode_error(compressed_text(good, 0x1c849313)), Catch::Contains("is V2 uncompressed"));
        CHECK_THAT(decode_error(compressed_text(good, 0x1c849322)), Catch::Contains("pre-V2"));
        CHECK_THAT(decode_error(compressed_text(good, 0x12345678)), Catch::Contains("not an HdrHistogram encoding"));
        Bytes compressed_cookie = good;
        compressed_cookie[3] = 0x14;
        CHECK_THAT(decode_error(compressed_cookie), Catch::Contains("is V2 compressed, expected V2 uncompressed"));
    }
    SECTION("lengths") {
        CHECK_THAT(decode_error("HISTFAAA"), Catch::Contains("shorter than the 8-byte compressed header"));
        // The compressed length field disagrees with the bytes that follow it.
        CHECK_THAT(decode_error(compressed_text_of(deflate(good), 0x1c849314, 1)),
                   Catch::Contains("compressed length") && Catch::Contains("does not match"));
        CHECK_THAT(decode_error(compressed_text_of(deflate(good), 0x1c849314, -1)), Catch::Contains("does not match"));
        CHECK_THAT(decode_error(Bytes(good.begin(), good.begin() + 39)), Catch::Contains("shorter than the 40-byte"));
        Bytes wrong_length = good;
        wrong_length[7] = static_cast<std::uint8_t>(wrong_length[7] + 1);
        CHECK_THAT(decode_error(wrong_length), Catch::Contains("does not match"));
        // The inflated data is shorter, then longer, than the header says.
        Bytes claims_more = good;
        claims_more[7] = static_cast<std::uint8_t>(claims_more[7] + 1);
        CHECK_THAT(decode_error(compressed_text(claims_more)), Catch::Contains("ends inside the payload"));
        Bytes claims_less = good;
        claims_less[7] = static_cast<std::uint8_t>(claims_less[7] - 1);
        CHECK_THAT(decode_error(compressed_text(claims_less)), Catch::Contains("more bytes than the header"));
        CHECK_THAT(decode_error(compressed_text(Bytes(good.begin(), good.begin() + 20))),
                   Catch::Contains("ends inside the header"));
    }
    SECTION("zlib data") {
        // A broken checksum (the last 4 bytes are the Adler-32 of the data).
        Bytes bad_checksum = deflate(good);
        bad_checksum.back() ^= 0x01;
        CHECK_THAT(decode_error(compressed_text_of(bad_checksum)), Catch::Contains("corrupt zlib data"));
        // Not a zlib stream at all.
        CHECK_THAT(decode_error(compressed_text_of(Bytes{0x00, 0x01, 0x02, 0x03})),
                   Catch::Contains("corrupt zlib data"));
        // Cut short.
        Bytes cut = deflate(good);
        cut.resize(cut.size() - 6);
        CHECK_THAT(decode_error(compressed_text_of(cut)), Catch::Contains("truncated"));
        // Bytes after the end of the stream.
        Bytes trailing = deflate(good);
        trailing.push_back(0);
        CHECK_THAT(decode_error(compressed_text_of(trailing)), Catch::Contains("follow the end of the zlib data"));
        // Corruption anywhere is caught by some check, whichever comes first.
        // (Not the last group, whose low bits may be padding that decoders ignore.)
        for (std::size_t i = 12; i + 4 < text.size(); i += 7) {
            std::string corrupt = text;
            corrupt[i] = corrupt[i] == 'A' ? 'B' : 'A';
            INFO("offset " << i);
            CHECK_THAT(decode_error(corrupt), Catch::StartsWith("histogram encoding: "));
        }
    }
    SECTION("layouts and payloads") {
        Bytes zero_digits = good;
        zero_digits[15] = 0;
        CHECK_THAT(decode_error(zero_digits), Catch::Contains("unsupported layout") && Catch::Contains("0 digits"));
        CHECK_THAT(decode_error(compressed_text(zero_digits)), Catch::Contains("unsupported layout"));
        Bytes inverted = v2_header(1, 3, 1000, 1000);
        inverted.push_back(0);
        CHECK_THAT(decode_error(inverted), Catch::Contains("unsupported layout"));

        // A count whose varint never ends.
        Bytes unterminated = v2_header(2, 2, 1, 1000);
        unterminated.insert(unterminated.end(), {0x02, 0x80});
        CHECK_THAT(decode_error(unterminated), Catch::Contains("ends inside a count"));
        // A zero run to the end of the counts array, then one more count.
        // Layout 1..1000 at 2 digits: 256 sub-buckets, 3 buckets, (3 + 1) * 128 = 512 counts.
        REQUIRE(Histogram(HistogramLayout{1, 1000, 2}).counts_length() == 512);
        Bytes too_many = v2_header(3, 2, 1, 1000);
        too_many.insert(too_many.end(), {0xff, 0x07, 0x02});  // -512 zigzags to 1023; then a count of 1
        CHECK_THAT(decode_error(too_many), Catch::Contains("beyond the 512"));
        // A payload length no layout can hold.
        Bytes huge = v2_header(100'000, 2, 1, 1000);
        huge.resize(huge.size() + 100'000, 0);
        CHECK_THAT(decode_error(huge), Catch::Contains("is more than 512 counts can take"));
    }
}

TEST_CASE("V2 decoding refuses a layout over the reader's bound before allocating it", "[core][histogram][codec]") {
    // The length is computed from the layout alone, as the constructor would size it.
    for (const HistogramLayout layout :
         {latency_layout, HistogramLayout{1, 1000, 2}, HistogramLayout{1000, 1'000'000'000, 4},
          HistogramLayout{1, std::numeric_limits<std::int64_t>::max(), 5}}) {
        CHECK(Histogram::counts_length_for(layout) == Histogram(layout).counts_length());
    }
    CHECK(Histogram::counts_length_for(latency_layout) == 33'792);
    CHECK(Histogram::counts_length_for(HistogramLayout{1, std::numeric_limits<std::int64_t>::max(), 5}) ==
          47 * 131'072);
    CHECK_THROWS_AS(Histogram::counts_length_for(HistogramLayout{0, 1000, 2}), std::invalid_argument);

    Histogram h;
    h.record(1'000'000);
    const std::string text = encode_compressed(h);
    const Bytes bytes = encode_uncompressed(h);
    CHECK(decode_compressed(text, 33'792).count() == 1);
    CHECK(decode_uncompressed(bytes, 33'792).count() == 1);
    CHECK_THROWS_WITH(decode_compressed(text, 33'791),
                      Catch::Contains("the layout has 33792 counts, more than the 33791 this reader takes"));
    CHECK_THROWS_WITH(decode_uncompressed(bytes, 1024), Catch::Contains("more than the 1024 this reader takes"));
}

TEST_CASE("record_corrected: HdrHistogram's recordValueWithExpectedInterval", "[core][histogram]") {
    Histogram h;
    h.record_corrected(10'000, 1'000);  // 10000, then the missing 9000, 8000, ..., 1000
    REQUIRE(h.count() == 10);
    for (std::int64_t v = 1'000; v <= 10'000; v += 1'000) REQUIRE(h.count_at_index(h.index_for(v)) == 1);
    REQUIRE(h.min() == 1'000);
    REQUIRE(h.max() == 10'000);

    Histogram not_late;
    not_late.record_corrected(999, 1'000);    // not late: nothing missing
    not_late.record_corrected(1'999, 1'000);  // 999 would be missing, but it is below the interval
    REQUIRE(not_late.count() == 2);
    not_late.record_corrected(2'000, 1'000);  // 2000, then 1000 (>= the interval)
    REQUIRE(not_late.count() == 4);
    not_late.record_corrected(5'000, 0);  // no interval: no correction
    not_late.record_corrected(5'000, -1);
    REQUIRE(not_late.count() == 6);
    not_late.record_corrected(-5, 1);  // counts as lowest; nothing below it
    REQUIRE(not_late.count() == 7);
}

// HdrHistogram's classic coordinated-omission example, with the expectations
// of HdrHistogram's own test: src/test/java/org/HdrHistogram/
// HistogramDataAccessTest.java (testGetTotalCount, testGetValueAtPercentile),
// github.com/HdrHistogram/HdrHistogram: 100 s of 1 ms results sampled every
// 10 ms (10,000 values of 1000 us), then a 100 s stall recorded as one value
// of 100,000,000 us, in a histogram of 1 us to 1 h at 3 digits. Tolerances
// are the test's: 0.1% of the expected value.
TEST_CASE("coordinated omission: HdrHistogram's raw and corrected percentiles", "[core][histogram]") {
    const HistogramLayout layout{1, 3600LL * 1000 * 1000, 3};
    Histogram raw(layout);
    Histogram corrected(layout);
    for (int i = 0; i < 10'000; ++i) {
        raw.record(1'000);
        corrected.record_corrected(1'000, 10'000);
    }
    raw.record(100'000'000);
    corrected.record_corrected(100'000'000, 10'000);

    REQUIRE(raw.count() == 10'001);
    REQUIRE(corrected.count() == 20'000);

    const auto within = [](double expected) { return Approx(expected).epsilon(0.001); };
    CHECK(raw.value_at_percentile(30.0) == within(1'000.0));
    CHECK(raw.value_at_percentile(99.0) == within(1'000.0));
    CHECK(raw.value_at_percentile(99.99) == within(1'000.0));
    CHECK(raw.value_at_percentile(99.999) == within(100'000'000.0));
    CHECK(raw.value_at_percentile(100.0) == within(100'000'000.0));

    CHECK(corrected.value_at_percentile(30.0) == within(1'000.0));
    CHECK(corrected.value_at_percentile(50.0) == within(1'000.0));
    CHECK(corrected.value_at_percentile(75.0) == within(50'000'000.0));
    CHECK(corrected.value_at_percentile(90.0) == within(80'000'000.0));
    CHECK(corrected.value_at_percentile(99.0) == within(98'000'000.0));
    CHECK(corrected.value_at_percentile(99.999) == within(100'000'000.0));
    CHECK(corrected.value_at_percentile(100.0) == within(100'000'000.0));

    // And the same test's means (testGetMean), also to 0.1%.
    CHECK(raw.mean() == within((10'000.0 * 1'000 + 100'000'000.0) / 10'001));
    CHECK(corrected.mean() == within((1'000.0 + 50'000'000.0) / 2));
}
