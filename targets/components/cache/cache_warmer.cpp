#include "targets/components/cache/cache_warmer.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>
#include <utility>

namespace throng::components {

WarmJob keys_job(std::string name, std::vector<std::string> keys, std::function<void(const std::string& key)> load) {
    // The keys still to load, shared by the job's attempts.
    auto pending = std::make_shared<std::vector<std::string>>(std::move(keys));
    return {.name = std::move(name), .after = {}, .run = [pending, load = std::move(load)] {
                std::vector<std::string> failed;
                std::string first_error;
                for (const std::string& key : *pending) {
                    try {
                        load(key);
                    } catch (const std::exception& e) {
                        if (failed.empty()) first_error = key + ": " + e.what();
                        failed.push_back(key);
                    }
                }
                *pending = std::move(failed);
                if (!pending->empty())
                    throw std::runtime_error(std::to_string(pending->size()) + " keys failed, first " + first_error);
            }};
}

bool WarmReport::all_succeeded() const {
    return std::all_of(jobs.begin(), jobs.end(),
                       [](const WarmJobReport& j) { return j.state == WarmState::succeeded; });
}

CacheWarmer::CacheWarmer(WarmerConfig config) : config_(std::move(config)) {
    if (config_.concurrency == 0 || config_.attempts == 0)
        throw std::invalid_argument("cache warmer: concurrency and attempts must be at least 1");
    if (!config_.sleep) config_.sleep = [](std::chrono::nanoseconds d) { std::this_thread::sleep_for(d); };
}

void CacheWarmer::add(WarmJob job) {
    for (const WarmJob& existing : jobs_)
        if (existing.name == job.name) throw std::invalid_argument("cache warmer: two jobs named '" + job.name + "'");
    jobs_.push_back(std::move(job));
}

namespace {

// Kahn's algorithm: throws if a dependency is unknown or the jobs form a cycle.
void check_order(const std::vector<WarmJob>& jobs, const std::map<std::string, std::size_t>& index) {
    std::vector<std::size_t> waiting_on(jobs.size(), 0);
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        for (const std::string& dependency : jobs[i].after) {
            if (!index.contains(dependency))
                throw std::invalid_argument("cache warmer: job '" + jobs[i].name + "' waits for unknown job '" +
                                            dependency + "'");
        }
        waiting_on[i] = jobs[i].after.size();
    }
    std::vector<std::size_t> ready;
    for (std::size_t i = 0; i < jobs.size(); ++i)
        if (waiting_on[i] == 0) ready.push_back(i);
    std::size_t ordered = 0;
    while (!ready.empty()) {
        const std::size_t done = ready.back();
        ready.pop_back();
        ++ordered;
        for (std::size_t i = 0; i < jobs.size(); ++i)
            for (const std::string& dependency : jobs[i].after)
                if (index.at(dependency) == done && --waiting_on[i] == 0) ready.push_back(i);
    }
    if (ordered != jobs.size()) throw std::invalid_argument("cache warmer: the jobs' dependencies form a cycle");
}

}  // namespace

WarmReport CacheWarmer::run() {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < jobs_.size(); ++i) index.emplace(jobs_[i].name, i);
    check_order(jobs_, index);

    WarmReport report;
    for (const WarmJob& job : jobs_) report.jobs.push_back({job.name, WarmState::skipped, 0, ""});
    enum class Progress { waiting, running, finished };
    std::vector<Progress> progress(jobs_.size(), Progress::waiting);
    std::mutex mutex;
    std::condition_variable changed;
    std::mt19937_64 random(config_.seed != 0 ? config_.seed : std::random_device{}());

    // Under the lock: the next job whose dependencies all finished (a failed
    // or skipped dependency makes it skipped, at once), or none.
    auto next_job = [&]() -> std::optional<std::size_t> {
        for (bool skipped_any = true; skipped_any;) {
            skipped_any = false;
            for (std::size_t i = 0; i < jobs_.size(); ++i) {
                if (progress[i] != Progress::waiting) continue;
                bool ready = true;
                for (const std::string& dependency : jobs_[i].after) {
                    const std::size_t d = index.at(dependency);
                    if (progress[d] != Progress::finished)
                        ready = false;
                    else if (report.jobs[d].state != WarmState::succeeded) {
                        progress[i] = Progress::finished;
                        report.jobs[i].error = "skipped: '" + dependency + "' did not succeed";
                        skipped_any = true;
                        ready = false;
                        break;
                    }
                }
                if (ready && progress[i] == Progress::waiting) return i;
            }
        }
        return std::nullopt;
    };
    auto all_finished = [&] {
        return std::all_of(progress.begin(), progress.end(), [](Progress p) { return p == Progress::finished; });
    };
    auto backoff = [&](std::size_t attempt) {  // under the lock (the random engine)
        const auto ceiling = std::min<std::int64_t>(
            config_.backoff_cap.count(),
            config_.backoff_base.count() * (std::int64_t{1} << std::min<std::size_t>(attempt, 30)));
        return std::chrono::nanoseconds(std::uniform_int_distribution<std::int64_t>(0, ceiling)(random));
    };

    auto worker = [&] {
        std::unique_lock lock(mutex);
        while (true) {
            std::optional<std::size_t> job;
            changed.wait(lock, [&] { return (job = next_job()).has_value() || all_finished(); });
            if (!job) {
                changed.notify_all();
                return;
            }
            const std::size_t i = *job;
            progress[i] = Progress::running;
            WarmJobReport& result = report.jobs[i];
            for (std::size_t attempt = 1; attempt <= config_.attempts; ++attempt) {
                result.attempts = attempt;
                lock.unlock();
                std::string error;
                try {
                    jobs_[i].run();
                } catch (const std::exception& e) {
                    error = e.what();
                } catch (...) {
                    error = "unknown exception";
                }
                lock.lock();
                result.error = error;
                if (error.empty()) break;
                if (attempt == config_.attempts) break;
                const auto wait = backoff(attempt - 1);
                lock.unlock();
                config_.sleep(wait);
                lock.lock();
            }
            result.state = result.error.empty() ? WarmState::succeeded : WarmState::failed;
            progress[i] = Progress::finished;
            changed.notify_all();
        }
    };
    std::vector<std::thread> threads;
    const std::size_t count = std::min(config_.concurrency, std::max<std::size_t>(1, jobs_.size()));
    for (std::size_t t = 0; t < count; ++t) threads.emplace_back(worker);
    for (auto& thread : threads) thread.join();
    return report;
}

}  // namespace throng::components
