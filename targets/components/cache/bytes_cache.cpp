#include "targets/components/cache/bytes_cache.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "targets/components/cache/zlib_codec.hpp"

namespace throng::components {

namespace {
CacheConfig<BytesCache::Stored> cache_config(const BytesCacheConfig& config) {
    CacheConfig<BytesCache::Stored> c{
        .capacity = config.capacity_bytes, .eviction = config.eviction, .ttl = config.ttl, .shards = config.shards};
    c.cost = [](std::string_view key, const BytesCache::Stored& stored) { return key.size() + stored.bytes.size(); };
    c.expected_entries =
        std::max<std::uint64_t>(1, config.capacity_bytes / std::max<std::size_t>(1, config.typical_entry_bytes));
    return c;
}
}  // namespace

BytesCache::BytesCache(BytesCacheConfig config, const core::Clock& clock)
    : config_(config), cache_(cache_config(config), clock) {}

BytesCache::Stored BytesCache::shrink(std::string value) {
    if (config_.compress_above == 0 || value.size() < config_.compress_above) return {std::move(value), 0};
    std::string compressed = zlib_compress(value, config_.compression_level);
    if (compressed.size() >= value.size()) return {std::move(value), 0};  // incompressible: as is
    compressed_.fetch_add(1, std::memory_order_relaxed);
    bytes_before_.fetch_add(value.size(), std::memory_order_relaxed);
    bytes_after_.fetch_add(compressed.size(), std::memory_order_relaxed);
    return {std::move(compressed), value.size()};
}

std::string BytesCache::expand(const Stored& stored) {
    if (stored.original_size == 0) return stored.bytes;
    auto original = zlib_uncompress(stored.bytes, stored.original_size);
    if (!original) throw std::logic_error("bytes cache: a stored value does not decompress");
    return std::move(*original);
}

std::optional<std::string> BytesCache::get(std::string_view key) {
    const auto stored = cache_.get(key);
    if (!stored) return std::nullopt;
    return expand(*stored);
}

void BytesCache::put(std::string_view key, std::string_view value, PutOptions options) {
    cache_.put(key, shrink(std::string(value)), std::move(options));
}

BytesCacheStats BytesCache::stats() const {
    return {cache_.stats(), compressed_.load(std::memory_order_relaxed), bytes_before_.load(std::memory_order_relaxed),
            bytes_after_.load(std::memory_order_relaxed)};
}

}  // namespace throng::components
