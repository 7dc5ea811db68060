// How the balancer chooses: the route's group, then the strategy among the
// group's eligible members. Everything here runs under the balancer's lock.
#include <algorithm>

#include "targets/components/balancer/balancer.hpp"

namespace throng::components {

std::optional<Ticket> Balancer::pick(Route route) {
    // Read outside the lock; skipped when nothing needs it (no estimate to
    // fade, no ejection to end).
    const core::Nanos now =
        uses_ewma() || ejected_count_.load(std::memory_order_relaxed) > 0 ? clock_.now() : INT64_MIN;
    const std::lock_guard lock(mutex_);
    std::optional<std::size_t> chosen = choose(route == Route::write ? writes_ : reads_, now);
    if (!chosen && route == Route::read) chosen = choose(read_fallback_, now);
    if (!chosen) return std::nullopt;
    State& s = states_[*chosen];
    ++s.in_flight;
    ++s.picks;
    return Ticket{*chosen, s.ejections};
}

std::optional<std::size_t> Balancer::choose(Group& group, core::Nanos now) {
    if (group.members.empty()) return std::nullopt;
    switch (config_.strategy) {
    case Strategy::round_robin: return round_robin(group, now);
    case Strategy::least_connections: return lowest_load(group, now, false);
    case Strategy::smooth_weighted_round_robin: return smooth_weighted(group, now);
    case Strategy::peak_ewma: return lowest_load(group, now, true);
    case Strategy::random: return weighted_random(group, now);
    case Strategy::power_of_two_choices: return two_choices(group, now);
    }
    return std::nullopt;
}

std::optional<std::size_t> Balancer::round_robin(Group& group, core::Nanos now) {
    const std::size_t n = group.members.size();
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t at = (group.cursor + k) % n;
        if (eligible(group.members[at], now)) {
            group.cursor = (at + 1) % n;
            return group.members[at];
        }
    }
    return std::nullopt;
}

// Each eligible member gains its weight; the one furthest ahead is chosen
// and set back by the total: every member is chosen in proportion to its
// weight, interleaved (5,1,1 gives a a b a c a a, not a a a a a b c).
std::optional<std::size_t> Balancer::smooth_weighted(Group& group, core::Nanos now) {
    std::int64_t total = 0;
    std::optional<std::size_t> best;  // position in the group
    for (std::size_t k = 0; k < group.members.size(); ++k) {
        const std::size_t index = group.members[k];
        if (!eligible(index, now)) continue;
        const std::int64_t weight = endpoints_[index].weight;
        group.current_weight[k] += weight;
        total += weight;
        if (!best || group.current_weight[k] > group.current_weight[*best]) best = k;
    }
    if (!best) return std::nullopt;
    group.current_weight[*best] -= total;
    return group.members[*best];
}

double Balancer::cost(std::size_t index, core::Nanos now) const {
    const State& s = states_[index];
    double latency = 0;
    if (s.latency.has_sample())
        latency = s.latency.estimate(now);
    else if (s.in_flight > 0)
        latency = static_cast<double>(config_.peak_ewma.unmeasured_penalty.count());
    return latency * static_cast<double>(s.in_flight + 1) / static_cast<double>(endpoints_[index].weight);
}

bool Balancer::lighter(std::size_t a, std::size_t b, core::Nanos now, bool by_cost) const {
    if (by_cost) return cost(a, now) < cost(b, now);
    // in_flight / weight, compared without dividing.
    return states_[a].in_flight * endpoints_[b].weight < states_[b].in_flight * endpoints_[a].weight;
}

std::optional<std::size_t> Balancer::lowest_load(Group& group, core::Nanos now, bool by_cost) {
    const std::size_t n = group.members.size();
    // Starting where the last scan started plus one: equal loads take turns.
    const std::size_t start = group.cursor;
    group.cursor = (group.cursor + 1) % n;
    std::optional<std::size_t> best;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t index = group.members[(start + k) % n];
        if (eligible(index, now) && (!best || lighter(index, *best, now, by_cost))) best = index;
    }
    return best;
}

void Balancer::collect_eligible(const Group& group, core::Nanos now) {
    scratch_.clear();
    for (const std::size_t index : group.members)
        if (eligible(index, now)) scratch_.push_back(index);
}

std::optional<std::size_t> Balancer::weighted_random(Group& group, core::Nanos now) {
    collect_eligible(group, now);
    std::uint64_t total = 0;
    for (const std::size_t index : scratch_) total += endpoints_[index].weight;
    if (total == 0) return std::nullopt;
    std::uint64_t draw = random_.below(total);
    for (const std::size_t index : scratch_) {
        if (draw < endpoints_[index].weight) return index;
        draw -= endpoints_[index].weight;
    }
    return scratch_.back();  // not reached
}

std::optional<std::size_t> Balancer::two_choices(Group& group, core::Nanos now) {
    collect_eligible(group, now);
    const std::size_t n = scratch_.size();
    if (n == 0) return std::nullopt;
    if (n == 1) return scratch_[0];
    // Two distinct members, each pair equally likely.
    const std::size_t first = random_.below(n);
    std::size_t second = random_.below(n - 1);
    if (second >= first) ++second;
    const bool by_cost = config_.p2c_load == P2cLoad::peak_ewma;
    return lighter(scratch_[second], scratch_[first], now, by_cost) ? scratch_[second] : scratch_[first];
}

}  // namespace throng::components
