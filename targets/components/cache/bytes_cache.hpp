#pragma once
// A Cache of byte strings (serialized objects, query results, pages),
// bounded in bytes (key + stored value), whose values above a size
// threshold are kept zlib-compressed when that makes them smaller. Reads
// give the original bytes back. The stats add what compression did.
//
//   BytesCache queries({.capacity_bytes = 64 << 20, .compress_above = 1024}, clock);
//   std::string rows = queries.get_or_load(sql, [&] { return run(sql); });
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "targets/components/cache/cache.hpp"

namespace throng::components {

struct BytesCacheConfig {
    std::uint64_t capacity_bytes = 64 << 20;
    std::size_t typical_entry_bytes = 1024;  // sizes the frequency sketch: capacity_bytes / this entries
    std::size_t compress_above = 1024;       // bytes; 0: never compress
    int compression_level = 1;               // zlib 1..9: 1 is several times faster for most of the gain
    std::chrono::nanoseconds ttl = std::chrono::minutes(5);
    EvictionKind eviction = EvictionKind::tiny_lfu;
    std::size_t shards = 0;
};

struct BytesCacheStats {
    CacheStats cache;                     // weight: the bytes held (keys and stored values)
    std::uint64_t compressed_values = 0;  // stored compressed
    std::uint64_t bytes_before = 0;       // of those values, originally
    std::uint64_t bytes_after = 0;        // and as stored
};

class BytesCache {
public:
    struct Stored {
        std::string bytes;
        std::size_t original_size = 0;  // 0 if stored as is
    };

    BytesCache(BytesCacheConfig config, const core::Clock& clock);

    std::optional<std::string> get(std::string_view key);
    template <class Loader>
    std::string get_or_load(std::string_view key, Loader&& load) {
        return expand(cache_.get_or_load(key, [&] { return shrink(std::string(load())); }));
    }
    void put(std::string_view key, std::string_view value, PutOptions options = {});
    void invalidate(std::string_view key) { cache_.invalidate(key); }
    void invalidate_prefix(std::string_view prefix) { cache_.invalidate_prefix(prefix); }
    void invalidate_tag(std::string_view tag) { cache_.invalidate_tag(tag); }
    void clear() { cache_.clear(); }
    BytesCacheStats stats() const;

private:
    Stored shrink(std::string value);
    static std::string expand(const Stored& stored);

    BytesCacheConfig config_;
    Cache<Stored> cache_;
    std::atomic<std::uint64_t> compressed_{0}, bytes_before_{0}, bytes_after_{0};
};

}  // namespace throng::components
