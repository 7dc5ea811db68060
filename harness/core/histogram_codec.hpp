#pragma once
// HdrHistogram's V2 encoding of a histogram, the form its tools read and write
// (HistogramLogReader, the plotters, hdr-histogram-js, HdrHistogram_c):
//
//   uncompressed: a 40-byte big-endian header
//                   int32 cookie 0x1c849313 (V2 base 0x1c849303 | 0x10),
//                   int32 payload length, int32 normalizing index offset (0),
//                   int32 significant digits, int64 lowest discernible value,
//                   int64 highest trackable value, float64 integer-to-double
//                   ratio (1.0),
//                 then the counts from index 0 to the index of the max, each a
//                 ZigZag LEB128 varint of at most 9 bytes (the 9th carries 8
//                 bits), a run of n > 1 zero counts written as one -n.
//   compressed:   int32 cookie 0x1c849314 (0x1c849304 | 0x10), int32 length,
//                 then the uncompressed form deflated with zlib (RFC 1950).
//   text:         the compressed form in standard base64 ("HISTFAAA...").
//
// (Java AbstractHistogram.encodeIntoByteBuffer / encodeIntoCompressedByteBuffer
// / fillBufferFromCountsArray, ZigZagEncoding; hdr-histogram-js
// JsHistogram.encoding.)
//
// A decoded histogram has the counts exactly; its min and max are those of its
// first and last non-zero buckets (see Histogram::from_counts), and saturated()
// is not carried by the format.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/histogram.hpp"

namespace throng::core {

std::vector<std::uint8_t> encode_uncompressed(const Histogram& histogram);
std::string encode_compressed(const Histogram& histogram);

// Throw std::invalid_argument saying what is wrong: bad base64, an unknown or
// pre-V2 cookie, corrupt zlib data, lengths that disagree with the data, a
// layout throng does not support, or counts that do not fit the layout. The
// normalizing index offset and the integer-to-double ratio are read and
// ignored, as hdr-histogram-js does: the counts are stored in logical index
// order whatever they are (and hdr-histogram-js itself writes 1 and the int64
// 1 there). A layout of more than max_counts counts is refused before
// anything is allocated: a reader of untrusted input may bound what one
// 40-byte header can make it allocate (5 digits over the whole int64 range is 6.2
// million counts, 49 MB); throng's latency layout has 33,792.
Histogram decode_uncompressed(std::span<const std::uint8_t> bytes,
                              std::size_t max_counts = std::numeric_limits<std::size_t>::max());
Histogram decode_compressed(std::string_view base64_text,
                            std::size_t max_counts = std::numeric_limits<std::size_t>::max());

}  // namespace throng::core
