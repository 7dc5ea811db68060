#pragma once
// Cache warming before traffic: jobs that fill a cache (from a list of keys
// and a loader, or any function), run on up to `concurrency` threads, each
// after the jobs it depends on have succeeded (a job whose dependency
// failed is skipped, not run on a cold base), a failed job retried with
// exponential backoff and full jitter. The report lists every job.
//
//   CacheWarmer warmer({.concurrency = 4, .attempts = 3});
//   warmer.add(keys_job("users", user_ids, [&](const std::string& id) { cache.put(id, db.user(id)); }));
//   warmer.add({.name = "orders", .after = {"users"}, .run = [&] { warm_orders(); }});
//   WarmReport report = warmer.run();
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace throng::components {

struct WarmJob {
    std::string name;
    std::vector<std::string> after{};  // jobs that must succeed first
    std::function<void()> run{};       // throws on failure; called again on a retry
};

// A job warming `keys` one by one; a retry loads only the keys that failed.
WarmJob keys_job(std::string name, std::vector<std::string> keys, std::function<void(const std::string& key)> load);

struct WarmerConfig {
    std::size_t concurrency = 4;
    std::size_t attempts = 3;  // per job, the first included
    std::chrono::nanoseconds backoff_base = std::chrono::milliseconds(100);
    std::chrono::nanoseconds backoff_cap = std::chrono::seconds(10);
    std::uint64_t seed = 0;  // for the jitter; 0: random
    // How a retry waits (tests record instead of sleeping).
    std::function<void(std::chrono::nanoseconds)> sleep{};
};

enum class WarmState { succeeded, failed, skipped };

struct WarmJobReport {
    std::string name;
    WarmState state = WarmState::skipped;
    std::size_t attempts = 0;
    std::string error;  // the last failure's, or why it was skipped
};

struct WarmReport {
    std::vector<WarmJobReport> jobs;  // in the order they were added
    bool all_succeeded() const;
};

class CacheWarmer {
public:
    explicit CacheWarmer(WarmerConfig config);
    // Throws std::invalid_argument for a duplicate name.
    void add(WarmJob job);
    // Runs every job; throws std::invalid_argument for an unknown dependency or a cycle.
    WarmReport run();

private:
    WarmerConfig config_;
    std::vector<WarmJob> jobs_;
};

}  // namespace throng::components
