// The two-tier cache against the test Redis (THRONG_TEST_REDIS, started by
// scripts/test.sh): two instances stand for two processes. A write through
// one is not served stale by the other once the invalidation arrives (and
// we wait for it with a bound); without messages, the L1 TTL bounds how
// long a stale value lives; a value loaded by one is read by the other from
// Redis, not loaded again; with Redis gone, the loader still answers.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "harness/core/clock.hpp"
#include "support/free_port.hpp"
#include "targets/components/cache/two_tier_cache.hpp"

using namespace std::chrono_literals;
using throng::components::TwoTierCache;
using throng::components::TwoTierConfig;

namespace two_tier_cache_test {

TwoTierConfig config_for_test_redis(const std::string& name) {
    const char* url = std::getenv("THRONG_TEST_REDIS");
    INFO("THRONG_TEST_REDIS is not set: run the tests with scripts/test.sh, which starts Redis");
    REQUIRE(url != nullptr);
    const std::string text = url;  // redis://127.0.0.1:PORT
    const auto colon = text.rfind(':');
    TwoTierConfig config;
    config.redis_host = text.substr(8, colon - 8);
    config.redis_port = std::stoi(text.substr(colon + 1));
    config.name = "throng-test:two-tier:" + name + ":" +
                  std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
    return config;
}

void wait_until_subscribed(const TwoTierCache& cache) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!cache.subscribed() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
    REQUIRE(cache.subscribed());
}

}  // namespace two_tier_cache_test
using namespace two_tier_cache_test;

TEST_CASE("two-tier cache: a write through one process reaches the other's L1 within the message's delivery",
          "[integration][redis][cache]") {
    const throng::core::SteadyClock clock;
    TwoTierConfig config = config_for_test_redis("write");
    config.l1_ttl = 60s;  // long: only the invalidation can make B see the new value in time
    TwoTierCache a(config, clock), b(config, clock);
    wait_until_subscribed(a);
    wait_until_subscribed(b);

    a.put("user:1", "v1");
    // B hears of that write too; had it read the key first, it would drop it then.
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (b.stats().invalidations_received == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::yield();
    REQUIRE(b.stats().invalidations_received == 1);
    CHECK(b.get("user:1") == "v1");  // from Redis, now in B's L1
    CHECK(b.get("user:1") == "v1");  // from its L1
    CHECK(b.stats().l1.cache.hits == 1);

    a.put("user:1", "v2");
    const auto written = std::chrono::steady_clock::now();
    // The bound we state: B serves the old value only until the message
    // arrives. We wait at most the L1 TTL's worth for it (it takes well
    // under a millisecond here); a lost message would fail this.
    std::optional<std::string> seen = b.get("user:1");
    while (seen != "v2" && std::chrono::steady_clock::now() - written < 10s) {
        std::this_thread::yield();
        seen = b.get("user:1");
    }
    CHECK(seen == "v2");
    CHECK(b.stats().invalidations_received >= 2);
    CHECK(a.stats().invalidations_received == 0);  // its own writes are not news to it

    a.invalidate("user:1");
    const auto invalidated = std::chrono::steady_clock::now();
    seen = b.get("user:1");
    while (seen && std::chrono::steady_clock::now() - invalidated < 10s) {
        std::this_thread::yield();
        seen = b.get("user:1");
    }
    CHECK_FALSE(seen);
}

TEST_CASE("two-tier cache: with no invalidation messages, a stale value lives at most the L1 TTL",
          "[integration][redis][cache]") {
    throng::core::FakeClock clock;
    TwoTierConfig config = config_for_test_redis("ttl");
    config.subscribe = false;
    config.l1_ttl = 5s;
    TwoTierCache a(config, clock), b(config, clock);
    a.put("k", "old");
    CHECK(b.get("k") == "old");
    a.put("k", "new");
    clock.advance(5s - 1ns);
    CHECK(b.get("k") == "old");  // stale, within the bound
    clock.advance(1ns);
    CHECK(b.get("k") == "new");
}

TEST_CASE("two-tier cache: what one process loaded, the other reads from Redis", "[integration][redis][cache]") {
    const throng::core::SteadyClock clock;
    const TwoTierConfig config = config_for_test_redis("load");
    TwoTierCache a(config, clock), b(config, clock);
    int loads = 0;
    CHECK(a.get_or_load("report", [&] {
        ++loads;
        return std::string(5000, 'r');  // compressed in the L1 (above 1 KiB)
    }) == std::string(5000, 'r'));
    CHECK(b.get_or_load("report", [&] {
        ++loads;
        return std::string("loaded again");
    }) == std::string(5000, 'r'));
    CHECK(loads == 1);
    CHECK(b.stats().l2_hits == 1);
    CHECK(a.stats().l1.compressed_values == 1);
    CHECK(a.stats().l1.bytes_after < 100);
}

TEST_CASE("two-tier cache: with Redis gone, the loader answers and the errors are counted",
          "[integration][redis][cache]") {
    const throng::core::SteadyClock clock;
    TwoTierConfig config;
    config.redis_port = throng::test::free_port();
    config.subscribe = false;
    TwoTierCache cache(config, clock);
    CHECK(cache.get_or_load("k", [] { return std::string("from the source"); }) == "from the source");
    CHECK(cache.get("k") == "from the source");  // from the L1
    cache.put("k", "local");
    CHECK(cache.get("k") == "local");
    CHECK(cache.stats().redis_errors >= 2);
}
