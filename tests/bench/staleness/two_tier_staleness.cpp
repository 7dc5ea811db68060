// How long a process of a TwoTierCache fleet serves a value after another
// process wrote a new one: two caches (two processes' worth) on one Redis;
// A writes, and B, which holds the old value in its memory, reads until it
// sees the new one. Prints the percentiles of that time over 1,000 writes.
// Run by bench/two-tier-staleness.sh (which starts Redis); takes the port.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "harness/core/clock.hpp"
#include "targets/components/cache/two_tier_cache.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: two_tier_staleness REDIS_PORT\n");
        return 2;
    }
    const throng::core::SteadyClock clock;
    throng::components::TwoTierConfig config;
    config.redis_port = std::stoi(argv[1]);
    config.name = "throng-bench:staleness";
    config.l1_ttl = std::chrono::seconds(60);  // only the invalidation can end the staleness
    throng::components::TwoTierCache a(config, clock), b(config, clock);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while ((!a.subscribed() || !b.subscribed()) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (!a.subscribed() || !b.subscribed()) {
        std::fprintf(stderr, "two_tier_staleness: no subscription to Redis on port %s\n", argv[1]);
        return 1;
    }
    std::vector<double> stale_us;
    for (int i = 0; i < 1000; ++i) {
        const std::string value = "v" + std::to_string(i);
        a.put("key", value);
        const auto written = std::chrono::steady_clock::now();
        while (b.get("key") != value) {
            if (std::chrono::steady_clock::now() - written > std::chrono::seconds(10)) {
                std::fprintf(stderr, "two_tier_staleness: B never saw write %d\n", i);
                return 1;
            }
        }
        stale_us.push_back(
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - written).count());
        std::this_thread::sleep_for(std::chrono::milliseconds(1));  // B's copy is in its memory again
    }
    std::sort(stale_us.begin(), stale_us.end());
    std::printf(
        "after a write returns, another process serves the old value for at most: "
        "p50 %.0f us, p99 %.0f us, max %.0f us (1,000 writes; invalidations received: %llu)\n",
        stale_us[500], stale_us[990], stale_us.back(),
        static_cast<unsigned long long>(b.stats().invalidations_received));
    return 0;
}
