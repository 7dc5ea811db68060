// Compressed response bodies as a server sends them: decoding any bytes under
// any of the encodings either decodes, stops at the limit, or says corrupt or
// unsupported; it never writes past the limit, and a corrupt body is left as
// it came.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "targets/drivers/http/content_decoding.hpp"

namespace http = throng::targets::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    static const char* const encodings[] = {"gzip", "deflate", "br", "x-gzip", "identity", "GZIP ", "zstd"};
    const char* encoding = encodings[data[0] % (sizeof encodings / sizeof encodings[0])];
    const std::size_t limit = std::size_t{1} << (data[1] % 21);  // 1 B to 1 MiB
    const std::string body(reinterpret_cast<const char*>(data) + 2, size - 2);
    std::string decoded = body;
    const auto result = http::decode_body(encoding, decoded, limit, (data[1] & 0x80) != 0);
    if ((result == http::DecodeResult::decoded || result == http::DecodeResult::truncated) && decoded.size() > limit)
        std::abort();
    if ((result == http::DecodeResult::corrupt || result == http::DecodeResult::unsupported ||
         result == http::DecodeResult::not_encoded) &&
        decoded != body)
        std::abort();
    return 0;
}
