// The cache: bounds by count and by cost, TTLs chosen from the value and
// expired entries freed without a read, W-TinyLFU keeping frequent keys
// through a scan that flushes LRU, single-flight loads (one load for a
// thousand waiting threads, errors shared and not cached unless asked),
// invalidation by key, prefix and tag that also stops a load in flight
// from storing, and refresh-ahead serving the old value meanwhile.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "harness/core/clock.hpp"
#include "targets/components/cache/cache.hpp"

using namespace std::chrono_literals;
using throng::components::Cache;
using throng::components::CacheConfig;
using throng::components::EvictionKind;
using throng::core::FakeClock;

namespace cache_test {
std::string key(int i) { return "key:" + std::to_string(i); }

// A latch the test opens: loads block on it so that misses pile up.
struct Gate {
    std::mutex mutex;
    std::condition_variable opened_signal;
    bool opened = false;
    void wait() {
        std::unique_lock lock(mutex);
        opened_signal.wait(lock, [&] { return opened; });
    }
    void open() {
        {
            const std::lock_guard lock(mutex);
            opened = true;
        }
        opened_signal.notify_all();
    }
};
}  // namespace cache_test
using cache_test::key;

TEST_CASE("cache: put, get, miss, replace, and the stats count them", "[components][cache]") {
    FakeClock clock;
    Cache<int> cache({.capacity = 100}, clock);
    CHECK_FALSE(cache.get("a"));
    cache.put("a", 1);
    CHECK(cache.get("a") == 1);
    cache.put("a", 2);
    CHECK(cache.get("a") == 2);
    const auto stats = cache.stats();
    CHECK(stats.hits == 2);
    CHECK(stats.misses == 1);
    CHECK(stats.entries == 1);
    CHECK(stats.hit_ratio() == Approx(2.0 / 3.0));
}

TEST_CASE("cache: never holds more than its capacity, in entries or in bytes", "[components][cache]") {
    FakeClock clock;
    for (const auto kind : {EvictionKind::tiny_lfu, EvictionKind::lru}) {
        Cache<int> by_count({.capacity = 50, .eviction = kind, .shards = 1}, clock);
        for (int i = 0; i < 1000; ++i) {
            by_count.put(key(i), i);
            if (i % 10 == 0) REQUIRE(by_count.stats().entries <= 50);
        }
        CHECK(by_count.stats().entries == 50);
        CHECK(by_count.stats().evicted_for_size == 950);

        CacheConfig<std::string> config{.capacity = 10'000, .eviction = kind, .shards = 1};
        config.cost = [](std::string_view k, const std::string& v) { return k.size() + v.size(); };
        Cache<std::string> by_bytes(config, clock);
        for (int i = 0; i < 1000; ++i) {
            by_bytes.put(key(i), std::string(static_cast<std::size_t>(i % 300), 'x'));
            if (i % 10 == 0) REQUIRE(by_bytes.stats().weight <= 10'000);
        }
        CHECK(by_bytes.stats().weight > 9'000);  // full, not needlessly empty
        by_bytes.put("too big", std::string(20'000, 'x'));
        CHECK_FALSE(by_bytes.get("too big"));
    }
}

TEST_CASE("cache: each entry lives for the TTL its value chose, and expired ones are freed unread",
          "[components][cache]") {
    struct Health {
        bool ok;
    };
    FakeClock clock;
    CacheConfig<Health> config{.capacity = 1000};
    config.ttl_of = [](const Health& h) -> std::chrono::nanoseconds { return h.ok ? 30s : 10s; };
    Cache<Health> cache(config, clock);
    cache.put("healthy", {true});
    cache.put("failing", {false});
    cache.put("own ttl", {true}, {.ttl = 3s});
    clock.advance(3s - 1ns);
    CHECK(cache.get("own ttl"));
    clock.advance(1ns);
    CHECK_FALSE(cache.get("own ttl"));
    clock.set(std::chrono::nanoseconds(10s).count() - 1);
    CHECK(cache.get("failing"));
    clock.advance(1ns);
    CHECK_FALSE(cache.get("failing"));
    CHECK(cache.get("healthy"));
    clock.set(std::chrono::nanoseconds(30s).count());
    CHECK_FALSE(cache.get("healthy"));

    // Never read again, entries still go: within a tick of the wheel.
    Cache<int> unread({.capacity = 1000, .ttl = 5min}, clock);
    for (int i = 0; i < 100; ++i) unread.put(key(i), i);
    clock.advance(5min);
    unread.expire_now();
    CHECK(unread.stats().entries == 100);  // the tick holding their deadline is not over yet
    clock.advance(1s);
    unread.expire_now();
    CHECK(unread.stats().entries == 0);
    CHECK(unread.stats().evicted_expired == 100);
}

TEST_CASE("cache: W-TinyLFU keeps the frequent keys through a scan that flushes LRU", "[components][cache]") {
    FakeClock clock;
    auto hot_keys_kept = [&](EvictionKind kind) {
        Cache<int> cache({.capacity = 1000, .eviction = kind, .shards = 1}, clock);
        // 500 hot keys, each read 20 times.
        for (int round = 0; round < 20; ++round)
            for (int i = 0; i < 500; ++i)
                if (!cache.get(key(i))) cache.put(key(i), i);
        // A scan of 10,000 keys read once each.
        for (int i = 1'000'000; i < 1'010'000; ++i)
            if (!cache.get(key(i))) cache.put(key(i), i);
        int kept = 0;
        for (int i = 0; i < 500; ++i) kept += cache.get(key(i)) ? 1 : 0;
        return kept;
    };
    CHECK(hot_keys_kept(EvictionKind::tiny_lfu) >= 490);
    CHECK(hot_keys_kept(EvictionKind::lru) == 0);
}

TEST_CASE("cache: a thousand concurrent misses of one key run one load and all get its value", "[components][cache]") {
    throng::core::SteadyClock clock;
    Cache<std::string> cache({.capacity = 100}, clock);
    cache_test::Gate gate;
    std::atomic<int> loads{0};
    std::atomic<int> waiting{0};
    std::vector<std::string> got(1000);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < got.size(); ++i) {
        threads.emplace_back([&, i] {
            ++waiting;
            got[i] = cache.get_or_load("user:1", [&] {
                ++loads;
                gate.wait();
                return std::string("profile");
            });
        });
    }
    // Let every thread reach its miss before the load ends (no sleep: the
    // count of misses says when).
    while (cache.stats().misses < got.size()) std::this_thread::yield();
    gate.open();
    for (auto& t : threads) t.join();
    CHECK(loads == 1);
    for (const auto& value : got) REQUIRE(value == "profile");
    CHECK(cache.stats().loads == 1);
    CHECK(cache.get("user:1") == "profile");
}

TEST_CASE("cache: a failed load reaches every waiter and is not cached, unless asked", "[components][cache]") {
    throng::core::SteadyClock clock;
    Cache<int> cache({.capacity = 100}, clock);
    cache_test::Gate gate;
    std::atomic<int> loads{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 50; ++i) {
        threads.emplace_back([&] {
            try {
                cache.get_or_load("k", [&]() -> int {
                    ++loads;
                    gate.wait();
                    throw std::runtime_error("backend down");
                });
            } catch (const std::runtime_error& e) {
                if (std::string(e.what()) == "backend down") ++failures;
            }
        });
    }
    while (cache.stats().misses < 50) std::this_thread::yield();
    gate.open();
    for (auto& t : threads) t.join();
    CHECK(loads == 1);
    CHECK(failures == 50);
    CHECK(cache.stats().load_failures == 1);
    CHECK(cache.get_or_load("k", [] { return 7; }) == 7);  // not cached: loads again

    FakeClock fake;
    Cache<int> remembering({.capacity = 100, .failure_ttl = 10s}, fake);
    int attempts = 0;
    auto failing = [&]() -> int {
        ++attempts;
        throw std::runtime_error("down");
    };
    CHECK_THROWS_WITH(remembering.get_or_load("k", failing), "down");
    CHECK_THROWS_WITH(remembering.get_or_load("k", failing), "down");
    CHECK(attempts == 1);
    fake.advance(10s);
    CHECK(remembering.get_or_load("k", [] { return 3; }) == 3);
}

TEST_CASE("cache: invalidation by key, prefix and tag, also of a load in flight", "[components][cache]") {
    FakeClock clock;
    Cache<int> cache({.capacity = 1000}, clock);
    cache.put("user:1:profile", 1, {.tags = {"user:1"}});
    cache.put("user:1:orders", 2, {.tags = {"user:1", "orders"}});
    cache.put("user:2:profile", 3, {.tags = {"user:2"}});
    cache.put("user:20:profile", 4);
    cache.put("config", 5);

    cache.invalidate("config");
    CHECK_FALSE(cache.get("config"));
    cache.invalidate_tag("user:1");
    CHECK_FALSE(cache.get("user:1:profile"));
    CHECK_FALSE(cache.get("user:1:orders"));
    CHECK(cache.get("user:2:profile") == 3);
    cache.invalidate_prefix("user:2");
    CHECK_FALSE(cache.get("user:2:profile"));
    CHECK_FALSE(cache.get("user:20:profile"));
    // A tag invalidated before a put does not touch the new value.
    cache.put("user:1:profile", 6, {.tags = {"user:1"}});
    CHECK(cache.get("user:1:profile") == 6);

    // A load that read the source before an invalidation must not be stored.
    CacheConfig<int> tagged{.capacity = 100};
    tagged.tags_of = [](std::string_view, const int&) { return std::vector<std::string>{"t"}; };
    Cache<int> loading(tagged, clock);
    CHECK(loading.get_or_load("a", [&] {
        loading.invalidate("a");
        return 1;
    }) == 1);
    CHECK_FALSE(loading.get("a"));
    CHECK(loading.get_or_load("b", [&] {
        loading.invalidate_tag("t");
        return 1;
    }) == 1);
    CHECK_FALSE(loading.get("b"));
    CHECK(loading.get_or_load("c", [&] {
        loading.invalidate_prefix("c");
        return 1;
    }) == 1);
    CHECK_FALSE(loading.get("c"));
    CHECK(loading.get_or_load("d", [] { return 1; }) == 1);
    CHECK(loading.get("d") == 1);
}

TEST_CASE("cache: refresh-ahead serves the old value while it reloads, and keeps it if the reload fails",
          "[components][cache]") {
    FakeClock clock;
    std::vector<std::function<void()>> queued;
    CacheConfig<int> config{.capacity = 100, .ttl = 60s, .refresh_after = 45s};
    config.refresh_executor = [&](std::function<void()> task) { queued.push_back(std::move(task)); };
    Cache<int> cache(config, clock);
    int version = 1;
    bool failing = false;
    auto load = [&]() -> int {
        if (failing) throw std::runtime_error("down");
        return version;
    };
    CHECK(cache.get_or_load("k", load) == 1);
    clock.advance(44s);
    CHECK(cache.get_or_load("k", load) == 1);
    CHECK(queued.empty());
    clock.advance(1s);
    version = 2;
    CHECK(cache.get_or_load("k", load) == 1);  // due: the old value now, a reload queued
    CHECK(cache.get_or_load("k", load) == 1);  // one reload at a time
    REQUIRE(queued.size() == 1);
    queued.front()();
    queued.clear();
    CHECK(cache.get("k") == 2);
    CHECK(cache.stats().refreshes == 1);

    clock.advance(45s);
    failing = true;
    CHECK(cache.get_or_load("k", load) == 2);
    REQUIRE(queued.size() == 1);
    queued.front()();
    queued.clear();
    CHECK(cache.get("k") == 2);  // stale-while-revalidate: until it expires
    clock.advance(15s);
    CHECK_FALSE(cache.get("k"));
}

TEST_CASE("cache: threads reading, writing, loading and invalidating at once", "[components][cache]") {
    throng::core::SteadyClock clock;
    Cache<int> cache({.capacity = 256, .ttl = 1s, .shards = 4}, clock);
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 20'000; ++i) {
                const int k = (i * 7 + t) % 512;
                switch (i % 4) {
                case 0: cache.put(key(k), k, {.tags = {k % 2 == 0 ? "even" : "odd"}}); break;
                case 1:
                    if (const auto v = cache.get(key(k)); v && *v != k) ++wrong;
                    break;
                case 2:
                    if (cache.get_or_load(key(k), [k] { return k; }) != k) ++wrong;
                    break;
                default:
                    if (i % 64 == 3)
                        cache.invalidate_tag("even");
                    else if (i % 64 == 7)
                        cache.invalidate_prefix("key:1");
                    else
                        cache.invalidate(key(k));
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(wrong == 0);
    CHECK(cache.stats().entries <= 256);
}
