#pragma once
// Tags for invalidating many cache entries at once in O(1): an entry records
// the epoch at which its value was read from the source, and a tag records
// the epoch of its last invalidation. An entry is stale if one of its tags
// was invalidated after its read began, which also catches a load still
// running when its tag was invalidated. Thread-safe; tags are never
// forgotten (they are categories, like "user:42" or "table:orders", not keys).
#include <atomic>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace throng::components {

class CacheTags {
public:
    using Tag = const std::atomic<std::uint64_t>*;  // the tag's last invalidation epoch

    std::uint64_t epoch() const { return epoch_.load(std::memory_order_acquire); }
    // The tags by name, registered on first use (stable addresses).
    std::vector<Tag> resolve(std::span<const std::string> names);
    void invalidate(std::string_view name);
    // Whether a value read at `read_epoch` with these tags is out of date.
    static bool stale(std::span<const Tag> tags, std::uint64_t read_epoch) {
        for (const Tag tag : tags)
            if (tag->load(std::memory_order_acquire) > read_epoch) return true;
        return false;
    }

private:
    std::atomic<std::uint64_t>& find_or_add(std::string_view name);  // under mutex_

    std::atomic<std::uint64_t> epoch_{0};
    std::mutex mutex_;
    std::unordered_map<std::string, std::atomic<std::uint64_t>> tags_;
};

}  // namespace throng::components
