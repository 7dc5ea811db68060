// Cache warming: jobs run after the jobs they depend on, never more at once
// than the concurrency, a failing job is retried with backoff within the
// full-jitter bounds, a job whose dependency failed is skipped with the
// reason, a key list's retry loads only the keys that failed, and unknown
// dependencies or cycles are refused before anything runs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "targets/components/cache/cache.hpp"
#include "targets/components/cache/cache_warmer.hpp"

using namespace std::chrono_literals;
using throng::components::CacheWarmer;
using throng::components::WarmerConfig;
using throng::components::WarmJob;
using throng::components::WarmState;

namespace cache_warmer_test {
struct Log {
    std::mutex mutex;
    std::vector<std::string> events;
    void add(const std::string& e) {
        const std::lock_guard lock(mutex);
        events.push_back(e);
    }
    std::size_t position(const std::string& e) {
        return static_cast<std::size_t>(std::find(events.begin(), events.end(), e) - events.begin());
    }
};
}  // namespace cache_warmer_test

TEST_CASE("cache warmer: dependencies first, at most the concurrency at once", "[components][cache]") {
    cache_warmer_test::Log log;
    std::atomic<int> running{0}, most{0};
    auto job = [&](std::string name, std::vector<std::string> after) {
        return WarmJob{.name = name, .after = std::move(after), .run = [&, name] {
                           const int now = ++running;
                           int seen = most.load();
                           while (now > seen && !most.compare_exchange_weak(seen, now)) {}
                           log.add("start " + name);
                           volatile std::uint64_t work = 0;
                           for (int i = 0; i < 200'000; ++i) work = work + static_cast<std::uint64_t>(i);
                           log.add("end " + name);
                           --running;
                       }};
    };
    CacheWarmer warmer({.concurrency = 2});
    warmer.add(job("orders", {"users", "products"}));
    warmer.add(job("users", {}));
    warmer.add(job("products", {}));
    warmer.add(job("a", {}));
    warmer.add(job("b", {}));
    warmer.add(job("recommendations", {"orders"}));
    const auto report = warmer.run();
    CHECK(report.all_succeeded());
    CHECK(most <= 2);
    CHECK(log.position("start orders") > log.position("end users"));
    CHECK(log.position("start orders") > log.position("end products"));
    CHECK(log.position("start recommendations") > log.position("end orders"));
    REQUIRE(report.jobs.size() == 6);
    CHECK(report.jobs[0].name == "orders");  // in the order added
}

TEST_CASE("cache warmer: retries with full-jitter backoff, skips what depends on a failure", "[components][cache]") {
    std::vector<std::chrono::nanoseconds> waits;
    WarmerConfig config{.concurrency = 1, .attempts = 3, .backoff_base = 100ms, .backoff_cap = 150ms, .seed = 7};
    config.sleep = [&](std::chrono::nanoseconds d) { waits.push_back(d); };
    CacheWarmer warmer(config);
    int flaky_runs = 0;
    warmer.add({.name = "flaky", .run = [&] {
                    if (++flaky_runs < 3) throw std::runtime_error("timeout");
                }});
    warmer.add({.name = "broken", .run = [] { throw std::runtime_error("no such table"); }});
    bool dependent_ran = false;
    warmer.add({.name = "dependent", .after = {"broken"}, .run = [&] { dependent_ran = true; }});
    bool independent_ran = false;
    warmer.add({.name = "independent", .run = [&] { independent_ran = true; }});
    const auto report = warmer.run();

    CHECK(report.jobs[0].state == WarmState::succeeded);
    CHECK(report.jobs[0].attempts == 3);
    CHECK(report.jobs[1].state == WarmState::failed);
    CHECK(report.jobs[1].attempts == 3);
    CHECK(report.jobs[1].error == "no such table");
    CHECK(report.jobs[2].state == WarmState::skipped);
    CHECK(report.jobs[2].error == "skipped: 'broken' did not succeed");
    CHECK_FALSE(dependent_ran);
    CHECK(report.jobs[3].state == WarmState::succeeded);
    CHECK(independent_ran);
    CHECK_FALSE(report.all_succeeded());
    // Two retries of each failing job: the first within [0, 100 ms], the
    // second within [0, min(150, 200) ms].
    REQUIRE(waits.size() == 4);
    for (std::size_t i = 0; i < waits.size(); ++i) {
        CHECK(waits[i] >= 0ns);
        CHECK(waits[i] <= (i % 2 == 0 ? 100ms : 150ms));
    }
    CHECK(std::adjacent_find(waits.begin(), waits.end()) == waits.end());  // jittered, not one fixed delay
}

TEST_CASE("cache warmer: a key list fills the cache, and a retry loads only the failed keys", "[components][cache]") {
    throng::core::FakeClock clock;
    throng::components::Cache<std::string> cache({.capacity = 100}, clock);
    std::vector<std::string> loaded;
    bool b_fails = true;
    WarmerConfig config{.attempts = 2};
    config.sleep = [](std::chrono::nanoseconds) {};
    CacheWarmer warmer(config);
    warmer.add(throng::components::keys_job("users", {"a", "b", "c"}, [&](const std::string& key) {
        loaded.push_back(key);
        if (key == "b" && std::exchange(b_fails, false)) throw std::runtime_error("busy");
        cache.put(key, "user " + key);
    }));
    const auto report = warmer.run();
    CHECK(report.all_succeeded());
    CHECK(loaded == std::vector<std::string>{"a", "b", "c", "b"});
    CHECK(cache.get("b") == "user b");
    CHECK(cache.stats().entries == 3);
}

TEST_CASE("cache warmer: unknown dependencies, cycles and duplicate names are refused", "[components][cache]") {
    CacheWarmer unknown({});
    unknown.add({.name = "a", .after = {"nowhere"}, .run = [] {}});
    CHECK_THROWS_WITH(unknown.run(), "cache warmer: job 'a' waits for unknown job 'nowhere'");
    CacheWarmer cycle({});
    cycle.add({.name = "a", .after = {"b"}, .run = [] {}});
    cycle.add({.name = "b", .after = {"a"}, .run = [] {}});
    CHECK_THROWS_WITH(cycle.run(), "cache warmer: the jobs' dependencies form a cycle");
    CHECK_THROWS_AS(cycle.add({.name = "a", .run = [] {}}), std::invalid_argument);
}
