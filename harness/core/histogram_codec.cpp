#include "harness/core/histogram_codec.hpp"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <utility>

namespace throng::core {

namespace {

// Cookies: the V2 bases with 0x10 in the word-size nibble, as every V2 writer
// sets it; readers compare the base only (cookie & ~0xf0).
constexpr std::uint32_t v2_cookie_base = 0x1c849303;
constexpr std::uint32_t v2_compressed_cookie_base = 0x1c849304;
constexpr std::uint32_t word_size_flag = 0x10;
constexpr std::uint32_t v1_cookie_base = 0x1c849301;
constexpr std::uint32_t v1_compressed_cookie_base = 0x1c849302;
constexpr std::uint32_t v0_cookie_base = 0x1c849308;
constexpr std::uint32_t v0_compressed_cookie_base = 0x1c849309;
constexpr std::size_t header_size = 40;
constexpr std::size_t compressed_header_size = 8;
constexpr std::size_t max_varint_size = 9;

[[noreturn]] void fail(const std::string& what) { throw std::invalid_argument("histogram encoding: " + what); }

std::string hex32(std::uint32_t v) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", v);
    return text;
}

std::uint32_t cookie_base(std::uint32_t cookie) { return cookie & ~std::uint32_t{0xf0}; }

// Names the cookies a caller may plausibly have passed by mistake.
[[noreturn]] void fail_cookie(std::uint32_t cookie, bool want_compressed) {
    const std::uint32_t base = cookie_base(cookie);
    if (base == v2_cookie_base || base == v2_compressed_cookie_base) {
        fail(std::string("cookie ") + hex32(cookie) + " is V2 " + (want_compressed ? "uncompressed" : "compressed") +
             ", expected V2 " + (want_compressed ? "compressed" : "uncompressed"));
    }
    if (base == v1_cookie_base || base == v1_compressed_cookie_base || base == v0_cookie_base ||
        base == v0_compressed_cookie_base) {
        fail("cookie " + hex32(cookie) + " is a pre-V2 encoding, which is not supported");
    }
    fail("cookie " + hex32(cookie) + " is not an HdrHistogram encoding");
}

// ---- big-endian fields ----

void put_be(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

std::uint64_t get_be(std::span<const std::uint8_t> in, std::size_t at, int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | in[at + static_cast<std::size_t>(i)];
    return v;
}

// ---- ZigZag LEB128-64b9B ----

// ZigZag maps 0, -1, 1, -2, ... to 0, 1, 2, 3, ... Then 7 bits per byte, low
// first, high bit set when more follow; after 8 such bytes (56 bits) a 9th byte
// carries the last 8 bits whole, so no value needs more than 9 bytes.
void put_zigzag(std::vector<std::uint8_t>& out, std::int64_t value) {
    std::uint64_t v = (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
    for (int i = 0; i < 8; ++i) {
        if ((v >> 7) == 0) {
            out.push_back(static_cast<std::uint8_t>(v));
            return;
        }
        out.push_back(static_cast<std::uint8_t>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<std::uint8_t>(v));
}

std::int64_t get_zigzag(std::span<const std::uint8_t> in, std::size_t& at) {
    std::uint64_t v = 0;
    for (int i = 0; i < 9; ++i) {
        if (at >= in.size()) fail("payload ends inside a count");
        const std::uint8_t byte = in[at++];
        if (i == 8) {
            v |= static_cast<std::uint64_t>(byte) << 56;
            break;
        }
        v |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
        if ((byte & 0x80) == 0) break;
    }
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

// ---- base64 (RFC 4648, standard alphabet, padded) ----

constexpr std::string_view base64_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string to_base64(std::span<const std::uint8_t> bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t group = 0;
        for (std::size_t k = 0; k < 3; ++k) group = (group << 8) | (k < n ? bytes[i + k] : 0u);
        for (std::size_t k = 0; k < 4; ++k) {
            out.push_back(k <= n ? base64_alphabet[(group >> (18 - 6 * k)) & 0x3f] : '=');
        }
    }
    return out;
}

std::vector<std::uint8_t> from_base64(std::string_view text) {
    // Surrounding whitespace is tolerated (a line read from a log keeps its
    // newline); anything else must be canonical padded base64.
    const auto first = text.find_first_not_of(" \t\r\n");
    const auto last = text.find_last_not_of(" \t\r\n");
    text = first == std::string_view::npos ? std::string_view{} : text.substr(first, last - first + 1);
    if (text.empty()) fail("the text is empty");
    if (text.size() % 4 != 0) {
        fail("base64 length " + std::to_string(text.size()) + " is not a multiple of 4");
    }
    std::size_t padding = 0;
    while (padding < 2 && text[text.size() - 1 - padding] == '=') ++padding;
    std::vector<std::uint8_t> out;
    out.reserve(text.size() / 4 * 3);
    std::uint32_t group = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::uint32_t sextet = 0;  // padding stands for zero bits
        if (i < text.size() - padding) {
            const auto pos = base64_alphabet.find(text[i]);
            if (pos == std::string_view::npos) {
                fail("invalid base64 character '" + std::string(1, text[i]) + "' at offset " + std::to_string(i));
            }
            sextet = static_cast<std::uint32_t>(pos);
        }
        group = (group << 6) | sextet;
        if (i % 4 == 3) {
            for (int k = 0; k < 3; ++k) out.push_back(static_cast<std::uint8_t>(group >> (16 - 8 * k)));
            group = 0;
        }
    }
    out.resize(out.size() - padding);
    return out;
}

// ---- zlib ----

std::vector<std::uint8_t> deflate_zlib(std::span<const std::uint8_t> data) {
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    std::vector<std::uint8_t> out(size);
    const int rc = compress2(out.data(), &size, data.data(), static_cast<uLong>(data.size()), Z_BEST_COMPRESSION);
    if (rc != Z_OK) throw std::runtime_error("histogram encoding: zlib compress2 failed (" + std::to_string(rc) + ")");
    out.resize(size);
    return out;
}

// Inflates a zlib stream in steps whose sizes the caller decides as it learns
// them from the data (the header says how long the payload is), so corrupt
// input never makes it allocate more than the header allows.
class Inflater {
public:
    explicit Inflater(std::span<const std::uint8_t> input) {
        if (inflateInit(&stream_) != Z_OK) throw std::runtime_error("histogram encoding: zlib inflateInit failed");
        // zlib's API takes a non-const pointer but never writes through next_in.
        stream_.next_in = const_cast<Bytef*>(input.data());
        stream_.avail_in = static_cast<uInt>(input.size());
    }
    ~Inflater() { inflateEnd(&stream_); }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;

    // Fills out completely or throws.
    void read(std::span<std::uint8_t> out, const char* what) {
        stream_.next_out = out.data();
        stream_.avail_out = static_cast<uInt>(out.size());
        while (stream_.avail_out > 0) {
            const int rc = inflate(&stream_, Z_NO_FLUSH);
            if (rc == Z_STREAM_END && stream_.avail_out > 0) {
                fail(std::string("the zlib data ends inside the ") + what);
            }
            if (rc != Z_OK && rc != Z_STREAM_END) fail_zlib(rc);
            if (rc == Z_STREAM_END) ended_ = true;
        }
    }

    // The stream must end here, with every input byte used.
    void expect_end() {
        std::uint8_t extra = 0;
        while (!ended_) {
            stream_.next_out = &extra;
            stream_.avail_out = 1;
            const int rc = inflate(&stream_, Z_NO_FLUSH);
            if (rc != Z_OK && rc != Z_STREAM_END) fail_zlib(rc);
            if (stream_.avail_out == 0) fail("the zlib data holds more bytes than the header's payload length");
            ended_ = rc == Z_STREAM_END;
        }
        if (stream_.avail_in != 0) {
            fail(std::to_string(stream_.avail_in) + " bytes follow the end of the zlib data");
        }
    }

private:
    [[noreturn]] void fail_zlib(int rc) const {
        if (rc == Z_BUF_ERROR) fail("the zlib data is truncated");
        fail(std::string("corrupt zlib data (") + (stream_.msg ? stream_.msg : zError(rc)) + ")");
    }

    z_stream stream_{};
    bool ended_ = false;
};

// ---- the V2 header ----

struct V2Header {
    std::size_t payload_length = 0;
    HistogramLayout layout;
};

V2Header read_header(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < header_size) {
        fail(std::to_string(bytes.size()) + " bytes is shorter than the 40-byte V2 header");
    }
    V2Header h;
    const auto cookie = static_cast<std::uint32_t>(get_be(bytes, 0, 4));
    if (cookie_base(cookie) != v2_cookie_base) fail_cookie(cookie, false);
    const auto payload_length = static_cast<std::int32_t>(get_be(bytes, 4, 4));
    if (payload_length < 0) fail("negative payload length " + std::to_string(payload_length));
    h.payload_length = static_cast<std::size_t>(payload_length);
    // Bytes 8..11, the normalizing index offset, and 32..39, the ratio, are
    // ignored (see the header file).
    h.layout.significant_digits = static_cast<std::int32_t>(get_be(bytes, 12, 4));
    h.layout.lowest_discernible = static_cast<std::int64_t>(get_be(bytes, 16, 8));
    h.layout.highest_trackable = static_cast<std::int64_t>(get_be(bytes, 24, 8));
    return h;
}

// The counts the header's layout has (checked against the reader's bound);
// it also bounds the payload's length. Nothing is allocated yet.
std::size_t counts_length_for(const V2Header& h, std::size_t max_counts) {
    std::size_t length = 0;
    try {
        length = Histogram::counts_length_for(h.layout);
    } catch (const std::invalid_argument& e) {
        fail("unsupported layout (lowest " + std::to_string(h.layout.lowest_discernible) + ", highest " +
             std::to_string(h.layout.highest_trackable) + ", " + std::to_string(h.layout.significant_digits) +
             " digits): " + e.what());
    }
    if (length > max_counts) {
        fail("the layout has " + std::to_string(length) + " counts, more than the " + std::to_string(max_counts) +
             " this reader takes");
    }
    if (h.payload_length > length * max_varint_size) {
        fail("payload length " + std::to_string(h.payload_length) + " is more than " + std::to_string(length) +
             " counts can take");
    }
    return length;
}

Histogram decode_payload(const V2Header& h, std::size_t length, std::span<const std::uint8_t> payload) {
    std::vector<std::uint64_t> counts;
    std::size_t at = 0;
    while (at < payload.size()) {
        const std::int64_t word = get_zigzag(payload, at);
        // A negative word is a run of -word zeros; compare as unsigned so that
        // -INT64_MIN cannot overflow.
        const std::uint64_t entries = word < 0 ? 0 - static_cast<std::uint64_t>(word) : 1;
        if (entries > length - counts.size()) {
            fail("the payload has counts beyond the " + std::to_string(length) + " of its layout");
        }
        counts.resize(counts.size() + static_cast<std::size_t>(entries), 0);
        if (word >= 0) counts.back() = static_cast<std::uint64_t>(word);
    }
    try {
        return Histogram::from_counts(h.layout, counts);
    } catch (const std::invalid_argument& e) {
        fail(e.what());
    }
}

}  // namespace

std::vector<std::uint8_t> encode_uncompressed(const Histogram& histogram) {
    // Counts up to the max's index, as HdrHistogram does; an empty histogram
    // has max 0 there and so writes the single count of index 0.
    std::vector<std::uint8_t> payload;
    const std::size_t limit = histogram.count() == 0 ? 1 : histogram.index_for(histogram.max()) + 1;
    for (std::size_t i = 0; i < limit;) {
        const std::uint64_t count = histogram.count_at_index(i++);
        if (count != 0) {
            if (count > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                throw std::invalid_argument("histogram encoding: a count above 2^63 - 1 cannot be encoded");
            }
            put_zigzag(payload, static_cast<std::int64_t>(count));
            continue;
        }
        std::int64_t zeros = 1;
        while (i < limit && histogram.count_at_index(i) == 0) {
            ++zeros;
            ++i;
        }
        put_zigzag(payload, zeros > 1 ? -zeros : 0);  // a lone zero is just 0
    }

    const HistogramLayout& layout = histogram.layout();
    std::vector<std::uint8_t> out;
    out.reserve(header_size + payload.size());
    put_be(out, v2_cookie_base | word_size_flag, 4);
    put_be(out, payload.size(), 4);
    put_be(out, 0, 4);  // normalizing index offset: throng never shifts
    put_be(out, static_cast<std::uint32_t>(layout.significant_digits), 4);
    put_be(out, static_cast<std::uint64_t>(layout.lowest_discernible), 8);
    put_be(out, static_cast<std::uint64_t>(layout.highest_trackable), 8);
    put_be(out, std::bit_cast<std::uint64_t>(1.0), 8);
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
}

std::string encode_compressed(const Histogram& histogram) {
    const std::vector<std::uint8_t> deflated = deflate_zlib(encode_uncompressed(histogram));
    std::vector<std::uint8_t> out;
    out.reserve(compressed_header_size + deflated.size());
    put_be(out, v2_compressed_cookie_base | word_size_flag, 4);
    put_be(out, deflated.size(), 4);
    out.insert(out.end(), deflated.begin(), deflated.end());
    return to_base64(out);
}

Histogram decode_uncompressed(std::span<const std::uint8_t> bytes, std::size_t max_counts) {
    const V2Header header = read_header(bytes);
    const std::size_t length = counts_length_for(header, max_counts);
    if (bytes.size() - header_size != header.payload_length) {
        fail("payload length " + std::to_string(header.payload_length) + " does not match the " +
             std::to_string(bytes.size() - header_size) + " bytes after the header");
    }
    return decode_payload(header, length, bytes.subspan(header_size));
}

Histogram decode_compressed(std::string_view base64_text, std::size_t max_counts) {
    const std::vector<std::uint8_t> bytes = from_base64(base64_text);
    if (bytes.size() < compressed_header_size) {
        fail(std::to_string(bytes.size()) + " bytes is shorter than the 8-byte compressed header");
    }
    const auto cookie = static_cast<std::uint32_t>(get_be(bytes, 0, 4));
    if (cookie_base(cookie) != v2_compressed_cookie_base) fail_cookie(cookie, true);
    const auto compressed_length = static_cast<std::int32_t>(get_be(bytes, 4, 4));
    const std::size_t present = bytes.size() - compressed_header_size;
    if (compressed_length < 0 || static_cast<std::size_t>(compressed_length) != present) {
        fail("compressed length " + std::to_string(compressed_length) + " does not match the " +
             std::to_string(present) + " bytes present");
    }

    const std::span<const std::uint8_t> deflated{bytes.data() + compressed_header_size, present};
    Inflater inflater(deflated);
    std::vector<std::uint8_t> uncompressed(header_size);
    inflater.read(uncompressed, "header");
    const V2Header header = read_header(uncompressed);
    const std::size_t length = counts_length_for(header, max_counts);
    uncompressed.resize(header_size + header.payload_length);
    inflater.read(std::span(uncompressed).subspan(header_size), "payload");
    inflater.expect_end();
    return decode_payload(header, length, std::span(uncompressed).subspan(header_size));
}

}  // namespace throng::core
