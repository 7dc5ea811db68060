#include "targets/components/response/compression.hpp"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <memory>
#include <stdexcept>

namespace throng::components {

namespace {

constexpr std::size_t zlib_limit = std::numeric_limits<uInt>::max();  // what one call of deflate takes

// window_bits: 15 for the zlib format, 16 + 15 for gzip's.
std::optional<std::string> deflate_body(std::string_view body, int level, int window_bits, std::size_t max_size) {
    if (level < 0 || level > 9) throw std::invalid_argument("compress: zlib level must be 0..9");
    if (body.size() >= zlib_limit) return std::nullopt;
    z_stream z{};
    if (deflateInit2(&z, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("compress: deflateInit2 failed");
    const std::unique_ptr<z_stream, decltype(&deflateEnd)> end(&z, deflateEnd);
    // deflateBound is an upper bound: one deflate(Z_FINISH) into a buffer of
    // that size completes. A smaller buffer that fills up means "too big".
    std::string out(std::min<std::size_t>(deflateBound(&z, static_cast<uLong>(body.size())), max_size), '\0');
    if (out.size() >= zlib_limit) return std::nullopt;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    z.avail_in = static_cast<uInt>(body.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) return std::nullopt;  // out of room
    out.resize(z.total_out);
    return out;
}

std::optional<std::string> brotli_body(std::string_view body, const CompressOptions& options) {
    if (options.level < BROTLI_MIN_QUALITY || options.level > BROTLI_MAX_QUALITY)
        throw std::invalid_argument("compress: brotli quality must be 0..11");
    if (options.brotli_window < BROTLI_MIN_WINDOW_BITS || options.brotli_window > BROTLI_MAX_WINDOW_BITS)
        throw std::invalid_argument("compress: brotli window must be 10..24");
    // A window larger than the body only costs the encoder memory.
    const int needed = static_cast<int>(std::bit_width(std::max<std::size_t>(body.size(), 1) - 1));
    const int window = std::clamp(needed, BROTLI_MIN_WINDOW_BITS, options.brotli_window);
    const std::size_t bound = BrotliEncoderMaxCompressedSize(body.size());
    if (bound == 0) return std::nullopt;  // overflow: no response is that big
    // With less room than the bound, BrotliEncoderCompress fails when the
    // result does not fit (with the bound it would store the body instead).
    std::string out(std::min(bound, options.max_size), '\0');
    std::size_t size = out.size();
    const BrotliEncoderMode mode = options.brotli_mode == BrotliMode::text ? BROTLI_MODE_TEXT : BROTLI_MODE_GENERIC;
    if (!BrotliEncoderCompress(options.level, window, mode, body.size(), reinterpret_cast<const uint8_t*>(body.data()),
                               &size, reinterpret_cast<uint8_t*>(out.data())))
        return std::nullopt;
    out.resize(size);
    return out;
}

}  // namespace

std::optional<std::string> compress(Coding coding, std::string_view body, const CompressOptions& options) {
    switch (coding) {
    case Coding::gzip: return deflate_body(body, options.level, 16 + MAX_WBITS, options.max_size);
    case Coding::deflate: return deflate_body(body, options.level, MAX_WBITS, options.max_size);
    case Coding::br: return brotli_body(body, options);
    case Coding::identity: break;
    }
    throw std::invalid_argument("compress: identity is not a compression");
}

}  // namespace throng::components
