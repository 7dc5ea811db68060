#pragma once
// Compressed bodies for the decoding tests (throng itself only decodes).
#include <catch2/catch.hpp>

#include <zlib.h>

#include <string>

namespace throng::test {

// `text` deflated: window_bits 16 + 15 for gzip, 15 for zlib's format, -15
// for a raw deflate stream.
inline std::string deflated(const std::string& text, int window_bits = 16 + 15) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&z, static_cast<uLong>(text.size())) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

}  // namespace throng::test
