#pragma once
// Values compressed with zlib (the zlib format, RFC 1950), for the byte
// cache's large values.
#include <optional>
#include <string>
#include <string_view>

namespace throng::components {

// `data` compressed at `level` (1..9).
std::string zlib_compress(std::string_view data, int level);
// The original of `data`, which was `original_size` bytes; nullopt if
// `data` is not a zlib stream of that size.
std::optional<std::string> zlib_uncompress(std::string_view data, std::size_t original_size);

}  // namespace throng::components
