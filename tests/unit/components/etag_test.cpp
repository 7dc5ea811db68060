// Entity tags: the content hash is stable, tells apart bodies that differ in
// one bit, in length or in word order, and mixes every input bit into about
// half the output bits; tags are well-formed; If-None-Match hits by the weak
// comparison, in lists, with "*", and skips malformed entries.
#include <catch2/catch.hpp>

#include <bit>
#include <cstdint>
#include <set>
#include <string>

#include "targets/components/response/etag.hpp"

namespace etag_test {

using throng::components::coded_etag;
using throng::components::Coding;
using throng::components::content_hash;
using throng::components::is_entity_tag;
using throng::components::none_match_hits;
using throng::components::strong_etag;

// 100 bytes of text, enough for full 32-byte rounds and a tail.
const std::string sample =
    R"({"id":1234,"name":"Ada Lovelace","email":"ada@example.com","tags":["math","engines"],"ok":1})";

TEST_CASE("etag: a body's tag is its hash in 16 hex digits, the same in every build", "[components][response]") {
    const std::string tag = strong_etag(sample);
    REQUIRE(tag.size() == 18);
    CHECK(tag.front() == '"');
    CHECK(tag.back() == '"');
    CHECK(tag.find_first_not_of("0123456789abcdef", 1) == 17);
    CHECK(is_entity_tag(tag));
    CHECK(strong_etag(sample) == tag);
    // Pinned: a new hash would change every tag and empty every client's cache.
    CHECK(strong_etag("") == "\"129986c827ce2e94\"");
    CHECK(strong_etag("hello") == "\"a25642583154ea5e\"");
}

TEST_CASE("etag: the hash tells apart one-bit changes, lengths, zero padding and word order",
          "[components][response]") {
    std::set<std::uint64_t> seen{content_hash(sample)};
    // Every single-bit flip of the sample: 800 variants, all distinct, and
    // each flips about half of the 64 output bits.
    std::uint64_t flipped_bits = 0;
    int per_bit[64] = {};
    const std::uint64_t base = content_hash(sample);
    for (std::size_t i = 0; i < sample.size() * 8; ++i) {
        std::string v = sample;
        v[i / 8] = static_cast<char>(v[i / 8] ^ (1 << (i % 8)));
        const std::uint64_t h = content_hash(v);
        CHECK(seen.insert(h).second);
        const std::uint64_t diff = h ^ base;
        flipped_bits += static_cast<std::uint64_t>(std::popcount(diff));
        for (int b = 0; b < 64; ++b) per_bit[b] += static_cast<int>((diff >> b) & 1);
    }
    const double mean = static_cast<double>(flipped_bits) / (sample.size() * 8);
    CHECK(mean > 30.0);
    CHECK(mean < 34.0);
    for (int b = 0; b < 64; ++b) {
        INFO("output bit " << b);
        CHECK(per_bit[b] > 320);  // of 800 flips: 400 +- 7 standard deviations
        CHECK(per_bit[b] < 480);
    }
    // Runs of zeros of every length up to 300: padding cannot merge them.
    std::set<std::uint64_t> zeros;
    for (std::size_t n = 0; n <= 300; ++n) CHECK(zeros.insert(content_hash(std::string(n, '\0'))).second);
    // Every prefix of a text.
    std::set<std::uint64_t> prefixes;
    for (std::size_t n = 0; n <= sample.size(); ++n) CHECK(prefixes.insert(content_hash(sample.substr(0, n))).second);
    // Two 8-byte words swapped, within a round and across rounds.
    const std::string words = "AAAAAAAABBBBBBBBCCCCCCCCDDDDDDDDEEEEEEEEFFFFFFFF";
    std::string swapped = words;
    swapped.replace(0, 8, "BBBBBBBB").replace(8, 8, "AAAAAAAA");
    CHECK(content_hash(swapped) != content_hash(words));
    swapped = words;
    swapped.replace(0, 8, "EEEEEEEE").replace(32, 8, "AAAAAAAA");
    CHECK(content_hash(swapped) != content_hash(words));
}

TEST_CASE("etag: well-formed tags, and a compressed variant's tag", "[components][response]") {
    CHECK(is_entity_tag("\"abc\""));
    CHECK(is_entity_tag("W/\"abc\""));
    CHECK(is_entity_tag("\"\""));
    CHECK(is_entity_tag("\"a,b\""));
    CHECK_FALSE(is_entity_tag("abc"));
    CHECK_FALSE(is_entity_tag("\"abc"));
    CHECK_FALSE(is_entity_tag("w/\"abc\""));
    CHECK_FALSE(is_entity_tag("\"a b\""));
    CHECK_FALSE(is_entity_tag("\"a\"b\""));
    CHECK_FALSE(is_entity_tag("\""));
    CHECK_FALSE(is_entity_tag(""));

    CHECK(coded_etag("\"abc\"", Coding::gzip) == "W/\"abc-gzip\"");
    CHECK(coded_etag("\"abc\"", Coding::br) == "W/\"abc-br\"");
    CHECK(coded_etag("W/\"abc\"", Coding::deflate) == "W/\"abc-deflate\"");
    CHECK(coded_etag("\"abc\"", Coding::identity) == "\"abc\"");
    CHECK(is_entity_tag(coded_etag(strong_etag(sample), Coding::br)));
}

TEST_CASE("etag: If-None-Match hits by the weak comparison, in lists and with a star", "[components][response]") {
    const std::string strong = "\"v1\"";
    const std::string weak = "W/\"v1\"";
    // Exact, and W/ ignored on either side.
    CHECK(none_match_hits("\"v1\"", strong));
    CHECK(none_match_hits("W/\"v1\"", strong));
    CHECK(none_match_hits("\"v1\"", weak));
    CHECK(none_match_hits("W/\"v1\"", weak));
    // Lists, with and without whitespace; a tag may hold a comma.
    CHECK(none_match_hits("\"v0\", \"v1\", \"v2\"", strong));
    CHECK(none_match_hits("\"v0\",W/\"v1\"", strong));
    CHECK(none_match_hits(" \t\"x,y\" , \"v1\"", strong));
    CHECK(none_match_hits("\"x,y\"", "\"x,y\""));
    CHECK(none_match_hits("*", strong));
    CHECK(none_match_hits(" * ", strong));
    // Misses: other tags, prefixes, case, a comma-split tag.
    CHECK_FALSE(none_match_hits("\"v2\"", strong));
    CHECK_FALSE(none_match_hits("\"v\"", strong));
    CHECK_FALSE(none_match_hits("\"v10\"", strong));
    CHECK_FALSE(none_match_hits("\"V1\"", strong));
    CHECK_FALSE(none_match_hits("\"x,v1\"", strong));
    CHECK_FALSE(none_match_hits("v1", strong));
    CHECK_FALSE(none_match_hits("", strong));
    CHECK_FALSE(none_match_hits("\"*\"", strong));
    CHECK_FALSE(none_match_hits("\"v1", strong));
    // Malformed entries are skipped; the rest still counts.
    CHECK(none_match_hits("garbage, \"v1\"", strong));
    CHECK(none_match_hits("W/v0, \"v1\"", strong));
    CHECK(none_match_hits("\"v0\"junk, \"v1\"", strong));
    CHECK(none_match_hits("*x, \"v1\"", strong));
    CHECK_FALSE(none_match_hits("*x", strong));
}

}  // namespace etag_test
