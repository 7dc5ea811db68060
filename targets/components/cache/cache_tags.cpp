#include "targets/components/cache/cache_tags.hpp"

namespace throng::components {

std::atomic<std::uint64_t>& CacheTags::find_or_add(std::string_view name) {
    auto found = tags_.find(std::string(name));
    if (found == tags_.end()) found = tags_.try_emplace(std::string(name), 0).first;
    return found->second;
}

std::vector<CacheTags::Tag> CacheTags::resolve(std::span<const std::string> names) {
    std::vector<Tag> tags;
    tags.reserve(names.size());
    const std::lock_guard lock(mutex_);
    for (const std::string& name : names) tags.push_back(&find_or_add(name));
    return tags;
}

void CacheTags::invalidate(std::string_view name) {
    const std::lock_guard lock(mutex_);
    // The tag's epoch is the new one: every read that began before is stale.
    const std::uint64_t now = epoch_.fetch_add(1, std::memory_order_acq_rel) + 1;
    find_or_add(name).store(now, std::memory_order_release);
}

}  // namespace throng::components
