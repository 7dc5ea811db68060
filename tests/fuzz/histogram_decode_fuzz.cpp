// HdrHistogram's encodings as read from result.json and .hlog files someone
// else wrote: decoding garbage throws, never crashes, and whatever decodes
// survives a round trip through throng's own encoder unchanged. Layouts are
// bounded at 16,384 counts (128 KB): larger ones take the same code paths
// (the unit tests round-trip the 33,792-count latency layout), but each of
// their counts arrays is a fresh mmap under ASan, and page faults then held
// the fuzzer to ~220 inputs a second. Their refusal is a path tested here.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <stdexcept>
#include <string_view>

#include "harness/core/histogram.hpp"
#include "harness/core/histogram_codec.hpp"

namespace core = throng::core;

namespace {

constexpr std::size_t max_counts = 1 << 14;

void round_trip(const core::Histogram& h) {
    const core::Histogram again = core::decode_compressed(core::encode_compressed(h));
    if (again.count() != h.count() || again.counts_length() < h.counts_length()) std::abort();
    for (std::size_t i = 0; i < h.counts_length(); ++i)
        if (again.count_at_index(i) != h.count_at_index(i)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        round_trip(core::decode_uncompressed(std::span<const std::uint8_t>(data, size), max_counts));
    } catch (const std::exception&) {}
    try {
        round_trip(core::decode_compressed(std::string_view(reinterpret_cast<const char*>(data), size), max_counts));
    } catch (const std::exception&) {}
    return 0;
}
