#pragma once
// Decoding a compressed response body (Content-Encoding gzip, deflate or br)
// for the checks and extractions that read it; bodies nobody reads are never
// decoded.
#include <cstddef>
#include <string>
#include <string_view>

namespace throng::targets::http {

enum class DecodeResult {
    not_encoded,  // identity, or no Content-Encoding
    decoded,
    truncated,    // decoded up to the limit (or as far as a cut-short body goes)
    unsupported,  // an encoding throng does not decode: the body stays as received
    corrupt,      // not what the encoding says it is
};

// Replaces `body` with its decoding per `content_encoding` ("gzip", "x-gzip",
// "deflate", "br"; "identity"), at most `max_decoded` bytes of it.
// `complete`: the whole encoded body is in `body` (else a cut-short stream
// is not corrupt, just truncated).
DecodeResult decode_body(std::string_view content_encoding, std::string& body, std::size_t max_decoded, bool complete);

}  // namespace throng::targets::http
