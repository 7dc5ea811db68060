#include "targets/components/cache/access_trace.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <unordered_map>
#include <utility>

namespace throng::components {

namespace {

class ZipfSampler {
public:
    ZipfSampler(std::size_t keys, double exponent) : cumulative_(keys) {
        double sum = 0;
        for (std::size_t k = 0; k < keys; ++k)
            cumulative_[k] = sum += 1.0 / std::pow(static_cast<double>(k + 1), exponent);
        for (double& c : cumulative_) c /= sum;
    }
    template <class Engine>
    std::uint32_t operator()(Engine& engine) {
        const double u = std::uniform_real_distribution<double>(0.0, 1.0)(engine);
        const auto at = std::lower_bound(cumulative_.begin(), cumulative_.end(), u);
        return static_cast<std::uint32_t>(std::min<std::size_t>(at - cumulative_.begin(), cumulative_.size() - 1));
    }

private:
    std::vector<double> cumulative_;
};

}  // namespace

std::vector<std::uint32_t> zipf_trace(std::size_t keys, double exponent, std::size_t length, std::uint64_t seed) {
    return zipf_with_scans(keys, exponent, length, 0.0, 1, 0, seed);
}

std::vector<std::uint32_t> zipf_with_scans(std::size_t keys, double exponent, std::size_t length, double scan_share,
                                           std::size_t scan_run, std::size_t scan_keys, std::uint64_t seed) {
    std::mt19937_64 engine(seed);
    ZipfSampler zipf(keys, exponent);
    // A run of `scan_run` starts before an access with the probability that
    // makes scans `scan_share` of the accesses.
    const double run_start =
        scan_share <= 0 ? 0 : scan_share / (static_cast<double>(scan_run) * (1 - scan_share) + scan_share);
    std::bernoulli_distribution starts_scan(std::clamp(run_start, 0.0, 1.0));
    std::vector<std::uint32_t> trace;
    trace.reserve(length);
    std::size_t cursor = 0;
    while (trace.size() < length) {
        if (scan_keys > 0 && starts_scan(engine)) {
            for (std::size_t i = 0; i < scan_run && trace.size() < length; ++i) {
                trace.push_back(static_cast<std::uint32_t>(keys + cursor));
                cursor = (cursor + 1) % scan_keys;
            }
        } else {
            trace.push_back(zipf(engine));
        }
    }
    return trace;
}

double belady_hit_ratio(const std::vector<std::uint32_t>& trace, std::size_t capacity) {
    // When each access's key is used next (trace.size() = never).
    std::vector<std::size_t> next_use(trace.size());
    std::unordered_map<std::uint32_t, std::size_t> seen_at;
    for (std::size_t i = trace.size(); i-- > 0;) {
        const auto found = seen_at.find(trace[i]);
        next_use[i] = found == seen_at.end() ? trace.size() : found->second;
        seen_at[trace[i]] = i;
    }
    std::set<std::pair<std::size_t, std::uint32_t>> by_next_use;  // cached keys
    std::unordered_map<std::uint32_t, std::size_t> cached;        // key -> its next use
    std::size_t hits = 0;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        const std::uint32_t key = trace[i];
        if (const auto found = cached.find(key); found != cached.end()) {
            ++hits;
            by_next_use.erase({found->second, key});
            found->second = next_use[i];
            by_next_use.insert({next_use[i], key});
            continue;
        }
        if (next_use[i] == trace.size()) continue;  // never used again: not worth a place
        if (cached.size() == capacity) {
            const auto farthest = std::prev(by_next_use.end());
            if (farthest->first <= next_use[i]) continue;  // the newcomer is the one to drop
            cached.erase(farthest->second);
            by_next_use.erase(farthest);
        }
        cached.emplace(key, next_use[i]);
        by_next_use.insert({next_use[i], key});
    }
    return trace.empty() ? 0.0 : static_cast<double>(hits) / static_cast<double>(trace.size());
}

}  // namespace throng::components
