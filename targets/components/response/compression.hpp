#pragma once
// One body compressed in one call: gzip (RFC 1952) and deflate (the zlib
// format, RFC 1950, which is what HTTP's "deflate" means) from zlib, and br
// from libbrotlienc. Thread-safe: each call builds and frees its own
// encoder, on memory its thread keeps warm (encoder_memory.hpp).
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "targets/components/response/content_coding.hpp"

namespace throng::components {

enum class BrotliMode { generic, text };

struct CompressOptions {
    int level = 6;  // gzip and deflate: 1..9 (0 stores); br: quality 0..11
    BrotliMode brotli_mode = BrotliMode::generic;
    int brotli_window = 22;  // log2 of br's window, 10..24; never more than the body needs
    // The largest result wanted: beyond it the call gives up early and
    // returns nullopt (pass body.size() - 1 to get only a smaller body).
    std::size_t max_size = std::numeric_limits<std::size_t>::max();
};

// `body` in `coding`, or nullopt if the result would exceed options.max_size
// (also for bodies of 4 GiB or more, which zlib takes in pieces and a
// response never is). Throws std::invalid_argument for identity or a level
// out of range, std::runtime_error if the encoder cannot start (no memory).
std::optional<std::string> compress(Coding coding, std::string_view body, const CompressOptions& options);

}  // namespace throng::components
