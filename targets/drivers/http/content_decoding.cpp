#include "targets/drivers/http/content_decoding.hpp"

#include "harness/core/ascii.hpp"

#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <memory>
#include <span>

namespace throng::targets::http {

namespace {

bool is(std::string_view value, std::string_view word) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    return core::iequals_ascii(value, word);
}

constexpr std::size_t chunk = std::size_t{16} * 1024;

// gzip (window bits 16 + 15), or deflate: zlib's format, which RFC 9110
// means, or a raw deflate stream, which some servers send instead.
DecodeResult inflate_body(const std::string& in, std::string& out, std::size_t max, bool gzip, bool complete) {
    static constexpr int gzip_format[] = {16 + MAX_WBITS};
    static constexpr int deflate_formats[] = {MAX_WBITS, -MAX_WBITS};
    const std::span<const int> formats =
        gzip ? std::span<const int>(gzip_format) : std::span<const int>(deflate_formats);
    for (const int bits : formats) {
        z_stream z{};
        if (inflateInit2(&z, bits) != Z_OK) return DecodeResult::corrupt;
        std::unique_ptr<z_stream, decltype(&inflateEnd)> end(&z, inflateEnd);
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        z.avail_in = static_cast<uInt>(in.size());
        out.clear();
        int rc = Z_OK;
        while (rc == Z_OK && out.size() < max) {
            const std::size_t before = out.size();
            const std::size_t room = std::min(chunk, max - before);
            out.resize(before + room);
            z.next_out = reinterpret_cast<Bytef*>(out.data() + before);
            z.avail_out = static_cast<uInt>(room);
            rc = inflate(&z, Z_NO_FLUSH);
            out.resize(before + room - z.avail_out);
            if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // the input ended before the stream did
        }
        if (rc == Z_STREAM_END) return DecodeResult::decoded;
        if (out.size() >= max) return DecodeResult::truncated;
        if ((rc == Z_OK || rc == Z_BUF_ERROR) && !complete) return DecodeResult::truncated;
    }
    return DecodeResult::corrupt;
}

DecodeResult unbrotli_body(const std::string& in, std::string& out, std::size_t max, bool complete) {
    std::unique_ptr<BrotliDecoderState, decltype(&BrotliDecoderDestroyInstance)> state(
        BrotliDecoderCreateInstance(nullptr, nullptr, nullptr), BrotliDecoderDestroyInstance);
    if (!state) return DecodeResult::corrupt;
    const auto* next_in = reinterpret_cast<const std::uint8_t*>(in.data());
    std::size_t avail_in = in.size();
    out.clear();
    for (;;) {
        const std::size_t before = out.size();
        const std::size_t room = std::min(chunk, max - before);
        out.resize(before + room);
        auto* next_out = reinterpret_cast<std::uint8_t*>(out.data() + before);
        std::size_t avail_out = room;
        const auto rc = BrotliDecoderDecompressStream(state.get(), &avail_in, &next_in, &avail_out, &next_out, nullptr);
        out.resize(before + room - avail_out);
        if (rc == BROTLI_DECODER_RESULT_SUCCESS) return DecodeResult::decoded;
        if (rc == BROTLI_DECODER_RESULT_ERROR) return DecodeResult::corrupt;
        if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT)
            return complete ? DecodeResult::corrupt : DecodeResult::truncated;
        if (out.size() >= max) return DecodeResult::truncated;  // NEEDS_MORE_OUTPUT beyond the limit
    }
}

}  // namespace

DecodeResult decode_body(std::string_view content_encoding, std::string& body, std::size_t max_decoded, bool complete) {
    if (body.empty() || content_encoding.empty() || is(content_encoding, "identity")) return DecodeResult::not_encoded;
    const bool gzip = is(content_encoding, "gzip") || is(content_encoding, "x-gzip");
    const bool deflate = is(content_encoding, "deflate");
    const bool br = is(content_encoding, "br");
    if (!gzip && !deflate && !br) return DecodeResult::unsupported;  // several codings, or one we do not know
    std::string decoded;
    const DecodeResult result = br ? unbrotli_body(body, decoded, max_decoded, complete)
                                   : inflate_body(body, decoded, max_decoded, gzip, complete);
    if (result != DecodeResult::corrupt) body = std::move(decoded);
    return result;
}

}  // namespace throng::targets::http
