#include "targets/components/response/etag.hpp"

#include <array>
#include <bit>
#include <cstring>

#include "harness/core/random.hpp"

namespace throng::components {

namespace {

// Odd multipliers (each a bijection of 64-bit words).
constexpr std::uint64_t k1 = 0x9e3779b97f4a7c15ULL;
constexpr std::uint64_t k2 = 0xc2b2ae3d27d4eb4fULL;

std::uint64_t load(const char* p) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    // Little-endian everywhere, so that every machine of a fleet gives a body the same tag.
    if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
    return word;
}

// One word into a lane. For a fixed word it is a bijection of the lane, and
// for a fixed lane one of the word: one differing word always changes the
// lane, and later equal words never bring the lanes back together.
std::uint64_t absorb(std::uint64_t lane, std::uint64_t word) { return std::rotl((lane ^ word) * k1, 29) * k2; }

std::string_view opaque_of(std::string_view tag) { return tag.starts_with("W/") ? tag.substr(2) : tag; }

bool is_etagc(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u == 0x21 || (u >= 0x23 && u <= 0x7e) || u >= 0x80;
}

}  // namespace

// Four independent lanes take 32 bytes a round, so the multiplications of
// one round overlap (about 4 bytes a cycle); the tail goes into the lanes
// word by word, the last partial word zero-padded, and the length is mixed
// in so that zero padding cannot make two lengths agree.
std::uint64_t content_hash(std::string_view bytes) {
    std::array<std::uint64_t, 4> lanes{k1, k2, k1 * 3, k2 * 5};
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    for (; left >= 32; p += 32, left -= 32)
        for (std::size_t i = 0; i < 4; ++i) lanes[i] = absorb(lanes[i], load(p + 8 * i));
    std::size_t lane = 0;
    for (; left >= 8; p += 8, left -= 8, ++lane) lanes[lane] = absorb(lanes[lane], load(p));
    if (left > 0) {
        char last[8] = {};
        std::memcpy(last, p, left);
        lanes[lane] = absorb(lanes[lane], load(last));
    }
    std::uint64_t h = core::splitmix64_mix(bytes.size() ^ k2);
    for (const std::uint64_t l : lanes) h = core::splitmix64_mix(h ^ l) * k1;
    return core::splitmix64_mix(h);
}

std::string strong_etag(std::string_view body) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string tag(18, '"');
    const std::uint64_t h = content_hash(body);
    for (std::size_t i = 0; i < 16; ++i) tag[1 + i] = hex[(h >> (60 - 4 * i)) & 0xf];
    return tag;
}

bool is_entity_tag(std::string_view tag) {
    const std::string_view opaque = opaque_of(tag);
    if (opaque.size() < 2 || opaque.front() != '"' || opaque.back() != '"') return false;
    for (const char c : opaque.substr(1, opaque.size() - 2))
        if (!is_etagc(c)) return false;
    return true;
}

std::string coded_etag(std::string_view tag, Coding coding) {
    if (coding == Coding::identity) return std::string(tag);
    const std::string_view opaque = opaque_of(tag);
    std::string coded = "W/";
    coded.append(opaque.substr(0, opaque.size() - 1));  // without the closing quote
    coded += '-';
    coded += to_string(coding);
    coded += '"';
    return coded;
}

bool none_match_hits(std::string_view if_none_match, std::string_view tag) {
    const std::string_view wanted = opaque_of(tag);
    std::string_view rest = if_none_match;
    while (!rest.empty()) {
        const char c = rest.front();
        if (c == ' ' || c == '\t' || c == ',') {
            rest.remove_prefix(1);
            continue;
        }
        if (c == '*') {
            // "*" alone (RFC 9110: If-None-Match = "*" / #entity-tag).
            std::string_view after = rest.substr(1);
            while (!after.empty() && (after.front() == ' ' || after.front() == '\t')) after.remove_prefix(1);
            if (after.empty() || after.front() == ',') return true;
        }
        std::string_view candidate = rest;
        if (candidate.starts_with("W/")) candidate.remove_prefix(2);
        if (candidate.starts_with('"')) {
            const std::size_t close = candidate.find('"', 1);
            if (close == std::string_view::npos) return false;  // unterminated: nothing more to read
            if (candidate.substr(0, close + 1) == wanted) return true;
            rest = candidate.substr(close + 1);
            continue;
        }
        // Malformed entry: skip to the next comma.
        const std::size_t comma = rest.find(',');
        if (comma == std::string_view::npos) return false;
        rest.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace throng::components
