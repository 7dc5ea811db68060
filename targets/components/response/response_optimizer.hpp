#pragma once
// A response optimizer for HTTP services: it compresses a response's body
// in the best coding the client accepts (br, gzip or deflate, negotiated
// from Accept-Encoding), when the body is big enough and of a compressible
// type and compressing makes it smaller, and it tags GET and HEAD answers
// with an ETag, turning them into 304 Not Modified when the client's
// If-None-Match already has that tag. Plain strings in and out: no HTTP
// library, so a Beast service and any other can use it. Const after
// construction (the encoders' memory is kept per thread, encoder_memory.hpp):
// one optimizer serves every thread at once.
//
//   ResponseOptimizer optimizer({.min_size = 1024, .gzip_level = 6, .brotli_quality = 5});
//   auto out = optimizer.optimize({.method = "GET", .accept_encoding = ae, .if_none_match = inm},
//                                 {.status = 200, .body = std::move(json), .content_type = "application/json"});
//   reply(out.status, out.headers, std::move(out.body));  // the headers replace any of the same name
//
// The parts are usable alone: negotiate_encoding (accept_encoding.hpp),
// compress and classify_content_type (compression.hpp,
// compressible_types.hpp), strong_etag and none_match_hits (etag.hpp).
//
// What optimize() decides:
// - Compression only for a status with a body (not 1xx, 204, 206, 304), a
//   body without Content-Encoding, of a compressible type, of at least
//   min_size bytes, when the result is smaller. If the client refuses
//   identity (identity;q=0) but accepts a coding, that coding is used
//   whatever the size, type or gain. If it accepts nothing the server has,
//   the body goes as it is and `nothing_acceptable` says so, or, with
//   reject_unacceptable, the answer is 406 with no body.
// - Vary: Accept-Encoding (merged into the response's Vary) on every
//   response whose body could have been compressed for some client, so
//   that caches keep the variants apart.
// - ETag on 200 answers to GET and HEAD (the handler's own tag if it gave
//   a valid one, else strong_etag of the body); a compressed body gets the
//   coded variant of it (etag.hpp). If-None-Match is checked, before any
//   compressing, against the tags of the variants this request could get:
//   a hit gives 304 with that tag and Vary, and no body.
// - HEAD is treated as GET: pass the body GET would have, so the headers
//   and length are GET's, and send no body.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targets/components/response/accept_encoding.hpp"
#include "targets/components/response/compression.hpp"
#include "targets/components/response/compressible_types.hpp"
#include "targets/components/response/content_coding.hpp"
#include "targets/components/response/etag.hpp"

namespace throng::components {

struct ResponseOptimizerConfig {
    std::size_t min_size = 1024;  // smaller bodies go uncompressed (framing and CPU outweigh the gain)
    int gzip_level = 6;           // 1..9 (also deflate's)
    int brotli_quality = 5;       // 0..11; 10 and 11 are for static files, far too slow per response
    int brotli_window = 22;       // log2, 10..24
    std::vector<Coding> codings{Coding::br, Coding::gzip, Coding::deflate};  // offered, preferred first
    bool etags = true;                 // tag 200 answers to GET/HEAD and answer If-None-Match
    bool reject_unacceptable = false;  // 406 when the client accepts nothing offered, not even identity
};

// The request's fields the optimizer reads. A header sent several times is
// passed joined with ", "; an absent one as empty.
struct RequestInfo {
    std::string_view method{};  // "GET", "HEAD", ... (case-sensitive, as in HTTP)
    std::string_view accept_encoding{};
    std::string_view if_none_match{};
};

struct ResponseInfo {
    int status = 200;
    std::string body{};
    std::string_view content_type{};
    std::string_view content_encoding{};  // non-empty: the body is encoded already and left alone
    std::string_view vary{};              // the response's Vary, if any, to merge with
    std::string_view etag{};              // the handler's own tag (e.g. from a version); else one is computed
};

struct Header {
    std::string name;
    std::string value;
    bool operator==(const Header&) const = default;
};

struct OptimizedResponse {
    int status = 200;
    std::string body;
    Coding coding = Coding::identity;  // the body's content coding
    std::vector<Header> headers;       // Content-Encoding, Vary, ETag: set each, replacing the response's
    bool nothing_acceptable = false;   // the client refused identity and every coding offered

    // The value of a header set here, or empty.
    std::string_view header(std::string_view name) const;
};

class ResponseOptimizer {
public:
    // Throws std::invalid_argument for a level, quality or window out of
    // range, or identity or a duplicate among the codings.
    explicit ResponseOptimizer(ResponseOptimizerConfig config = {});

    OptimizedResponse optimize(const RequestInfo& request, ResponseInfo&& response) const;

    // Accept-Encoding against the codings offered.
    Negotiated negotiate(std::string_view accept_encoding) const {
        return negotiate_encoding(accept_encoding, config_.codings);
    }
    // The body in `coding` at the configured level (brotli's mode by the
    // type), or nullopt if the result would exceed max_size bytes.
    std::optional<std::string> compress_body(Coding coding, std::string_view body, TypeClass type,
                                             std::size_t max_size) const;

    const ResponseOptimizerConfig& config() const { return config_; }

private:
    ResponseOptimizerConfig config_;
};

}  // namespace throng::components
