#include "targets/components/cache/zlib_codec.hpp"

#include <zlib.h>

#include <stdexcept>

namespace throng::components {

std::string zlib_compress(std::string_view data, int level) {
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    std::string out(size, '\0');
    const int status = compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                                 reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()), level);
    if (status != Z_OK) throw std::runtime_error("zlib: compress2 failed (" + std::to_string(status) + ")");
    out.resize(size);
    return out;
}

std::optional<std::string> zlib_uncompress(std::string_view data, std::size_t original_size) {
    std::string out(original_size, '\0');
    uLongf size = static_cast<uLongf>(original_size);
    const int status = uncompress(reinterpret_cast<Bytef*>(out.data()), &size,
                                  reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()));
    if (status != Z_OK || size != original_size) return std::nullopt;
    return out;
}

}  // namespace throng::components
