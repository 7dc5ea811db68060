#pragma once
// An in-process cache of values by string key, bounded by entry count or by
// cost (bytes), with W-TinyLFU eviction (eviction_policy.hpp), a TTL per
// entry (chosen from the value if wanted) whose expired entries a timing
// wheel removes, single-flight loading, refresh-ahead, and invalidation by
// key, by prefix and by tag. Thread-safe: keys are spread over shards, each
// with its own lock; loads run outside any lock.
//
//   Cache<Health> cache({.capacity = 100'000,
//                        .ttl_of = [](const Health& h) { return h.ok ? 30s : 10s; }}, clock);
//   Health h = cache.get_or_load(token, [&] { return check(token); });
//   cache.invalidate_tag("user:42");
//
// Time comes from a core::Clock (a fake one in tests); a service can give it
// a coarse clock (coarse_clock.hpp), since a hit reads the time.
#include <algorithm>
#include <bit>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "harness/core/clock.hpp"
#include "targets/components/cache/cache_config.hpp"
#include "targets/components/cache/cache_tags.hpp"
#include "targets/components/cache/eviction_policy.hpp"
#include "targets/components/cache/expiry_wheel.hpp"
#include "targets/components/cache/slot_index.hpp"

namespace throng::components {

struct PutOptions {
    std::optional<std::chrono::nanoseconds> ttl{};  // else the cache's ttl_of / ttl
    std::vector<std::string> tags{};
};

template <class V>
class Cache {
public:
    Cache(CacheConfig<V> config, const core::Clock& clock);
    Cache(const Cache&) = delete;
    Cache& operator=(const Cache&) = delete;

    // The fresh value of `key`, if cached (a cached failure reads as absent).
    std::optional<V> get(std::string_view key);
    // The cached value, or the one `load()` returns, stored. Concurrent misses
    // of a key run one load; every caller gets its value or its exception.
    template <class Loader>
    V get_or_load(std::string_view key, Loader&& load);
    void put(std::string_view key, V value, PutOptions options = {});

    // Removes the entry, and keeps a load of it in flight from being stored.
    void invalidate(std::string_view key);
    // Every key starting with `prefix`: visits every entry (O(entries)).
    void invalidate_prefix(std::string_view prefix);
    // Every entry carrying `tag`: O(1) now, each entry found stale when read.
    void invalidate_tag(std::string_view tag);
    void clear();
    // Removes what expired (puts do this too, once a tick).
    void expire_now();

    CacheStats stats() const;
    std::size_t shard_count() const { return shards_.size(); }

private:
    using Slot = std::uint32_t;
    using Tag = CacheTags::Tag;
    struct Flight;  // one load in progress, shared by the callers waiting for it
    // What a hit reads comes first, in one cache line for a small value.
    struct Entry {
        core::Nanos expires_at = 0;
        bool tagged = false;  // tags is not empty (read without touching it)
        bool refreshing = false;
        bool live = false;  // the slot holds an entry (else it is free)
        std::string key;
        std::optional<V> value;
        std::uint64_t hash = 0;
        std::exception_ptr failure;  // a cached failed load (failure_ttl)
        core::Nanos loaded_at = 0;
        std::uint64_t read_epoch = 0;  // when its value was read from the source
        std::uint64_t cost = 1;
        std::vector<Tag> tags;
    };
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    struct Shard {
        Shard(const CacheConfig<V>& config, std::uint64_t capacity, std::uint64_t expected_entries, core::Nanos now)
            : policy(config.eviction, capacity, expected_entries),
              wheel(std::max<core::Nanos>(1, core::to_nanos(config.expiry_tick)), 1024, now) {}
        mutable std::mutex mutex;
        SlotIndex index;
        std::vector<Entry> entries;  // by slot
        std::vector<Slot> free_slots;
        EvictionPolicy policy;
        ExpiryWheel wheel;
        std::unordered_map<std::string, std::shared_ptr<Flight>, StringHash, std::equal_to<>> flights;
        std::vector<Slot> scratch;
        CacheStats stats;  // entries, weight and the eviction counts are kept here too
    };
    enum class RemovedFor { size, expiry, invalidation, replacement };

    Shard& shard_of(std::uint64_t hash) { return *shards_[(hash >> 32) & shard_mask_]; }
    static std::uint64_t hash_of(std::string_view key) { return StringHash{}(key); }
    core::Nanos expiry_of(const V& value, const PutOptions* options, core::Nanos now) const;
    static constexpr Slot no_slot = UINT32_MAX;
    // The slot of key's usable entry, or no_slot; an expired or stale one is removed. Under the lock.
    Slot find_fresh(Shard& shard, std::string_view key, std::uint64_t hash, core::Nanos now);
    static Slot find_slot(const Shard& shard, std::string_view key, std::uint64_t hash) {
        return shard.index.find(hash, [&](Slot slot) { return shard.entries[slot].key == key; });
    }
    void store(Shard& shard, std::string_view key, std::uint64_t hash, std::optional<V> value,
               const std::exception_ptr& failure, core::Nanos expires_at, std::vector<Tag>&& tags,
               std::uint64_t read_epoch,
               core::Nanos now);                           // under the lock
    void remove(Shard& shard, Slot slot, RemovedFor why);  // under the lock
    void expire(Shard& shard, core::Nanos now);            // under the lock
    template <class Loader>
    void refresh(std::string key, Loader load);
    std::vector<Tag> tags_for(std::string_view key, const V& value);
    void record_load_time(core::Nanos took) {
        const std::lock_guard lock(load_time_mutex_);
        load_time_.record(std::max<core::Nanos>(1, took));
    }

    CacheConfig<V> config_;
    const core::Clock& clock_;
    CacheTags tags_;
    std::vector<std::unique_ptr<Shard>> shards_;
    std::uint64_t shard_mask_;
    // One for the cache, not one a shard: loads are rare next to hits, and
    // a histogram is tens of kilobytes.
    mutable std::mutex load_time_mutex_;
    core::Histogram load_time_{load_time_layout};
};

template <class V>
struct Cache<V>::Flight {
    std::mutex mutex;
    std::condition_variable done_signal;
    bool done = false;
    bool invalidated = false;  // under the shard's lock: don't store the result
    std::uint64_t read_epoch = 0;
    std::optional<V> value;
    std::exception_ptr error;

    void finish(std::optional<V> result, std::exception_ptr failure) {
        {
            const std::lock_guard lock(mutex);
            value = std::move(result);
            error = std::move(failure);
            done = true;
        }
        done_signal.notify_all();
    }
    V wait() {
        std::unique_lock lock(mutex);
        done_signal.wait(lock, [&] { return done; });
        if (error) std::rethrow_exception(error);
        return *value;
    }
};

template <class V>
Cache<V>::Cache(CacheConfig<V> config, const core::Clock& clock) : config_(std::move(config)), clock_(clock) {
    if (config_.capacity == 0) throw std::invalid_argument("cache: the capacity must be above 0");
    const std::uint64_t entries = config_.expected_entries > 0 ? config_.expected_entries : config_.capacity;
    std::size_t shards = config_.shards;
    if (shards == 0) {
        // Enough shards that cores rarely meet on a lock (hot keys gather
        // on few shards: 2 threads on Zipf reads made 2.9 M hits/s with 8
        // shards, 4.8 M with 64), but each large enough for its policy to judge.
        const std::size_t by_cores = std::bit_ceil(16 * std::max(1u, std::thread::hardware_concurrency()));
        shards = std::min<std::size_t>(by_cores, std::bit_floor(std::max<std::uint64_t>(1, entries / 1024)));
    }
    shards = std::bit_ceil(shards);
    shard_mask_ = shards - 1;
    const core::Nanos now = clock_.now();
    for (std::size_t i = 0; i < shards; ++i)
        shards_.push_back(std::make_unique<Shard>(config_, std::max<std::uint64_t>(1, config_.capacity / shards),
                                                  std::max<std::uint64_t>(1, entries / shards), now));
}

template <class V>
core::Nanos Cache<V>::expiry_of(const V& value, const PutOptions* options, core::Nanos now) const {
    std::chrono::nanoseconds ttl = config_.ttl;
    if (options != nullptr && options->ttl)
        ttl = *options->ttl;
    else if (config_.ttl_of)
        ttl = config_.ttl_of(value);
    return core::saturating_add(now, core::to_nanos(ttl));
}

template <class V>
std::vector<CacheTags::Tag> Cache<V>::tags_for(std::string_view key, const V& value) {
    if (!config_.tags_of) return {};
    const std::vector<std::string> names = config_.tags_of(key, value);
    return tags_.resolve(names);
}

template <class V>
typename Cache<V>::Slot Cache<V>::find_fresh(Shard& shard, std::string_view key, std::uint64_t hash, core::Nanos now) {
    const Slot slot = find_slot(shard, key, hash);
    if (slot == no_slot) return no_slot;
    const Entry& entry = shard.entries[slot];
    if (now >= entry.expires_at) {
        remove(shard, slot, RemovedFor::expiry);
        return no_slot;
    }
    if (entry.tagged && CacheTags::stale(entry.tags, entry.read_epoch)) {
        remove(shard, slot, RemovedFor::invalidation);
        return no_slot;
    }
    return slot;
}

template <class V>
std::optional<V> Cache<V>::get(std::string_view key) {
    const std::uint64_t hash = hash_of(key);
    Shard& shard = shard_of(hash);
    const core::Nanos now = clock_.now();
    const std::lock_guard lock(shard.mutex);
    shard.policy.record_access(hash);
    const Slot slot = find_fresh(shard, key, hash, now);
    if (slot == no_slot || !shard.entries[slot].value) {
        ++shard.stats.misses;
        return std::nullopt;
    }
    ++shard.stats.hits;
    shard.policy.touch(slot);
    return shard.entries[slot].value;
}

template <class V>
template <class Loader>
V Cache<V>::get_or_load(std::string_view key, Loader&& load) {
    const std::uint64_t hash = hash_of(key);
    Shard& shard = shard_of(hash);
    std::shared_ptr<Flight> flight;
    bool loads_it = false;
    {
        const core::Nanos now = clock_.now();
        const std::lock_guard lock(shard.mutex);
        shard.policy.record_access(hash);
        if (const Slot slot = find_fresh(shard, key, hash, now); slot != no_slot) {
            Entry& entry = shard.entries[slot];
            ++shard.stats.hits;
            if (entry.failure) std::rethrow_exception(entry.failure);
            shard.policy.touch(slot);
            const bool refresh_due = config_.refresh_after.count() > 0 && config_.refresh_executor &&
                                     !entry.refreshing &&
                                     now - entry.loaded_at >= core::to_nanos(config_.refresh_after);
            if (refresh_due) {
                entry.refreshing = true;
                ++shard.stats.refreshes;
                config_.refresh_executor([this, k = std::string(key), l = std::decay_t<Loader>(load)]() mutable {
                    refresh(std::move(k), std::move(l));
                });
            }
            return *entry.value;
        }
        ++shard.stats.misses;
        if (const auto in_flight = shard.flights.find(key); in_flight != shard.flights.end()) {
            flight = in_flight->second;
        } else {
            flight = std::make_shared<Flight>();
            flight->read_epoch = tags_.epoch();
            shard.flights.emplace(std::string(key), flight);
            loads_it = true;
        }
    }
    if (!loads_it) return flight->wait();

    std::optional<V> value;
    std::exception_ptr error;
    const core::Nanos began = clock_.now();
    try {
        value.emplace(load());
    } catch (...) {
        error = std::current_exception();
    }
    {
        const core::Nanos now = clock_.now();
        record_load_time(now - began);
        std::vector<Tag> tags = value ? tags_for(key, *value) : std::vector<Tag>{};
        const std::lock_guard lock(shard.mutex);
        if (value)
            ++shard.stats.loads;
        else
            ++shard.stats.load_failures;
        if (!flight->invalidated && !CacheTags::stale(tags, flight->read_epoch)) {
            if (value) {
                store(shard, key, hash, value, nullptr, expiry_of(*value, nullptr, now), std::move(tags),
                      flight->read_epoch, now);
            } else if (config_.failure_ttl.count() > 0) {
                store(shard, key, hash, std::nullopt, error,
                      core::saturating_add(now, core::to_nanos(config_.failure_ttl)), {}, flight->read_epoch, now);
            }
        }
        shard.flights.erase(shard.flights.find(key));
    }
    flight->finish(value, error);
    if (error) std::rethrow_exception(error);
    return std::move(*value);
}

template <class V>
template <class Loader>
void Cache<V>::refresh(std::string key, Loader load) {
    const std::uint64_t hash = hash_of(key);
    Shard& shard = shard_of(hash);
    const std::uint64_t read_epoch = tags_.epoch();
    std::optional<V> value;
    const core::Nanos began = clock_.now();
    try {
        value.emplace(load());
    } catch (...) {
        // Stale-while-revalidate: the old value stays until it expires.
    }
    const core::Nanos now = clock_.now();
    record_load_time(now - began);
    std::vector<Tag> tags = value ? tags_for(key, *value) : std::vector<Tag>{};
    const std::lock_guard lock(shard.mutex);
    const Slot slot = find_slot(shard, key, hash);
    // Invalidated or evicted while it ran: not brought back.
    Entry* entry = slot == no_slot ? nullptr : &shard.entries[slot];
    if (entry == nullptr || !entry->refreshing) {
        if (value)
            ++shard.stats.loads;
        else
            ++shard.stats.load_failures;
        return;
    }
    entry->refreshing = false;
    if (!value) {
        ++shard.stats.load_failures;
        return;
    }
    ++shard.stats.loads;
    if (CacheTags::stale(tags, read_epoch)) return;
    const core::Nanos expires_at = expiry_of(*value, nullptr, now);
    store(shard, key, hash, std::move(value), nullptr, expires_at, std::move(tags), read_epoch, now);
}

template <class V>
void Cache<V>::put(std::string_view key, V value, PutOptions options) {
    const std::uint64_t hash = hash_of(key);
    Shard& shard = shard_of(hash);
    const std::uint64_t read_epoch = tags_.epoch();
    std::vector<Tag> tags = options.tags.empty() ? tags_for(key, value) : tags_.resolve(options.tags);
    const core::Nanos now = clock_.now();
    const core::Nanos expires_at = expiry_of(value, &options, now);
    const std::lock_guard lock(shard.mutex);
    // A load in flight read the source before this value: it must not overwrite it.
    if (const auto in_flight = shard.flights.find(key); in_flight != shard.flights.end())
        in_flight->second->invalidated = true;
    store(shard, key, hash, std::move(value), nullptr, expires_at, std::move(tags), read_epoch, now);
}

template <class V>
void Cache<V>::store(Shard& shard, std::string_view key, std::uint64_t hash, std::optional<V> value,
                     const std::exception_ptr& failure, core::Nanos expires_at, std::vector<Tag>&& tags,
                     std::uint64_t read_epoch, core::Nanos now) {
    if (const Slot old = find_slot(shard, key, hash); old != no_slot) remove(shard, old, RemovedFor::replacement);
    const std::uint64_t cost = value && config_.cost ? config_.cost(key, *value) : 1;
    if (cost > shard.policy.capacity()) {  // could never fit
        ++shard.stats.evicted_for_size;
        return;
    }
    Slot slot = 0;
    if (!shard.free_slots.empty()) {
        slot = shard.free_slots.back();
        shard.free_slots.pop_back();
    } else {
        slot = static_cast<Slot>(shard.entries.size());
        shard.entries.emplace_back();
    }
    Entry& entry = shard.entries[slot];
    entry.key.assign(key);
    entry.value = std::move(value);
    entry.failure = failure;
    entry.expires_at = expires_at;
    entry.loaded_at = now;
    entry.read_epoch = read_epoch;
    entry.hash = hash;
    entry.cost = cost;
    entry.tags = std::move(tags);
    entry.tagged = !entry.tags.empty();
    entry.refreshing = false;
    entry.live = true;
    shard.index.insert(hash, slot);
    ++shard.stats.entries;
    shard.stats.weight += cost;
    shard.wheel.add(slot, expires_at);
    shard.scratch.clear();
    shard.policy.add(slot, hash, cost, shard.scratch);
    for (const Slot evicted : shard.scratch) remove(shard, evicted, RemovedFor::size);
    expire(shard, now);
}

template <class V>
void Cache<V>::remove(Shard& shard, Slot slot, RemovedFor why) {
    Entry& entry = shard.entries[slot];
    switch (why) {
    case RemovedFor::size: ++shard.stats.evicted_for_size; break;
    case RemovedFor::expiry: ++shard.stats.evicted_expired; break;
    case RemovedFor::invalidation: ++shard.stats.invalidated; break;
    case RemovedFor::replacement: break;
    }
    if (why != RemovedFor::size) shard.policy.remove(slot);  // an evicted one has left the policy already
    shard.wheel.remove(slot);
    shard.index.erase(entry.hash, slot);
    entry.live = false;
    --shard.stats.entries;
    shard.stats.weight -= entry.cost;
    entry.value.reset();
    entry.failure = nullptr;
    entry.tags.clear();
    entry.tagged = false;
    shard.free_slots.push_back(slot);
}

template <class V>
void Cache<V>::expire(Shard& shard, core::Nanos now) {
    if (!shard.wheel.due(now)) return;
    std::vector<Slot> expired;
    shard.wheel.advance(now, expired);
    for (const Slot slot : expired) remove(shard, slot, RemovedFor::expiry);
}

template <class V>
void Cache<V>::expire_now() {
    const core::Nanos now = clock_.now();
    for (auto& shard : shards_) {
        const std::lock_guard lock(shard->mutex);
        expire(*shard, now);
    }
}

template <class V>
void Cache<V>::invalidate(std::string_view key) {
    Shard& shard = shard_of(hash_of(key));
    const std::lock_guard lock(shard.mutex);
    if (const Slot slot = find_slot(shard, key, hash_of(key)); slot != no_slot)
        remove(shard, slot, RemovedFor::invalidation);
    if (const auto in_flight = shard.flights.find(key); in_flight != shard.flights.end())
        in_flight->second->invalidated = true;
}

template <class V>
void Cache<V>::invalidate_prefix(std::string_view prefix) {
    for (auto& shard : shards_) {
        const std::lock_guard lock(shard->mutex);
        std::vector<Slot> matching;
        for (Slot slot = 0; slot < shard->entries.size(); ++slot)
            if (shard->entries[slot].live && shard->entries[slot].key.starts_with(prefix)) matching.push_back(slot);
        for (const Slot slot : matching) remove(*shard, slot, RemovedFor::invalidation);
        for (auto& [key, flight] : shard->flights)
            if (key.starts_with(prefix)) flight->invalidated = true;
    }
}

template <class V>
void Cache<V>::invalidate_tag(std::string_view tag) {
    tags_.invalidate(tag);
}

template <class V>
void Cache<V>::clear() {
    for (auto& shard : shards_) {
        const std::lock_guard lock(shard->mutex);
        std::vector<Slot> all;
        for (Slot slot = 0; slot < shard->entries.size(); ++slot)
            if (shard->entries[slot].live) all.push_back(slot);
        for (const Slot slot : all) remove(*shard, slot, RemovedFor::invalidation);
        for (auto& [key, flight] : shard->flights) flight->invalidated = true;
    }
}

template <class V>
CacheStats Cache<V>::stats() const {
    CacheStats total;
    for (const auto& shard : shards_) {
        const std::lock_guard lock(shard->mutex);
        const CacheStats& s = shard->stats;
        total.hits += s.hits;
        total.misses += s.misses;
        total.loads += s.loads;
        total.load_failures += s.load_failures;
        total.refreshes += s.refreshes;
        total.evicted_for_size += s.evicted_for_size;
        total.evicted_expired += s.evicted_expired;
        total.invalidated += s.invalidated;
        total.entries += s.entries;
        total.weight += s.weight;
    }
    const std::lock_guard lock(load_time_mutex_);
    total.load_time = load_time_;
    return total;
}

}  // namespace throng::components
