#include "targets/components/response/compression.hpp"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>

#include "targets/components/response/encoder_memory.hpp"

namespace throng::components {

namespace {

// Both encoders allocate through encoder_memory.hpp: warm blocks of this thread.
voidpf zlib_allocate(voidpf, uInt items, uInt size) {
    return encoder_allocate(static_cast<std::size_t>(items) * static_cast<std::size_t>(size));
}
void zlib_release(voidpf, voidpf block) { encoder_release(block); }
void* brotli_allocate(void*, std::size_t size) { return encoder_allocate(size); }
void brotli_release(void*, void* block) { encoder_release(block); }

constexpr std::size_t zlib_limit = std::numeric_limits<uInt>::max();  // what one call of deflate takes

// window_bits: 15 for the zlib format, 16 + 15 for gzip's.
std::optional<std::string> deflate_body(std::string_view body, int level, int window_bits, std::size_t max_size) {
    if (level < 0 || level > 9) throw std::invalid_argument("compress: zlib level must be 0..9");
    if (body.size() >= zlib_limit) return std::nullopt;
    z_stream z{};
    z.zalloc = zlib_allocate;
    z.zfree = zlib_release;
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
    // Beyond 4 GiB (the size hint's type) or the bound's overflow: no response is that big.
    if (bound == 0 || body.size() > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
    const std::unique_ptr<BrotliEncoderState, decltype(&BrotliEncoderDestroyInstance)> encoder(
        BrotliEncoderCreateInstance(brotli_allocate, brotli_release, nullptr), BrotliEncoderDestroyInstance);
    if (!encoder) throw std::runtime_error("compress: BrotliEncoderCreateInstance failed");
    BrotliEncoderState* const s = encoder.get();
    BrotliEncoderSetParameter(s, BROTLI_PARAM_QUALITY, static_cast<std::uint32_t>(options.level));
    BrotliEncoderSetParameter(s, BROTLI_PARAM_LGWIN, static_cast<std::uint32_t>(window));
    BrotliEncoderSetParameter(s, BROTLI_PARAM_MODE,
                              options.brotli_mode == BrotliMode::text ? BROTLI_MODE_TEXT : BROTLI_MODE_GENERIC);
    BrotliEncoderSetParameter(s, BROTLI_PARAM_SIZE_HINT, static_cast<std::uint32_t>(body.size()));
    // The bound always suffices; a buffer that fills up before the end
    // means the result is bigger than wanted.
    std::string out(std::min(bound, options.max_size), '\0');
    std::size_t in_left = body.size();
    const auto* in = reinterpret_cast<const std::uint8_t*>(body.data());
    std::size_t out_left = out.size();
    auto* next_out = reinterpret_cast<std::uint8_t*>(out.data());
    while (!BrotliEncoderIsFinished(s)) {
        if (out_left == 0) return std::nullopt;
        if (!BrotliEncoderCompressStream(s, BROTLI_OPERATION_FINISH, &in_left, &in, &out_left, &next_out, nullptr))
            throw std::runtime_error("compress: the brotli encoder failed");
    }
    out.resize(out.size() - out_left);
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
