// The balancer's bookkeeping: construction, outcomes, ejection, health and
// stats. The choosing is in balancer_strategies.cpp.
#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <utility>

#include "targets/components/balancer/balancer.hpp"

namespace throng::components {

namespace {

std::uint64_t seed_of(const std::optional<std::uint64_t>& seed) {
    if (seed) return *seed;
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

void validate(const std::vector<Endpoint>& endpoints, const BalancerConfig& config) {
    if (endpoints.empty()) throw std::invalid_argument("balancer: no endpoints");
    for (const auto& e : endpoints)
        if (e.weight == 0) throw std::invalid_argument("balancer: endpoint '" + e.name + "' has weight 0");
    const auto& ej = config.ejection;
    if (!(ej.max_ejected_share >= 0 && ej.max_ejected_share <= 1))
        throw std::invalid_argument("balancer: max_ejected_share is a share in [0, 1]");
    if (ej.consecutive_failures > 0 && (ej.base_time.count() <= 0 || ej.max_time < ej.base_time))
        throw std::invalid_argument("balancer: ejection needs base_time > 0 and max_time >= base_time");
    if (config.peak_ewma.decay.count() <= 0 || config.peak_ewma.unmeasured_penalty.count() < 0)
        throw std::invalid_argument("balancer: peak-EWMA needs decay > 0 and unmeasured_penalty >= 0");
}

}  // namespace

std::string_view to_string(Strategy strategy) {
    switch (strategy) {
    case Strategy::round_robin: return "round_robin";
    case Strategy::least_connections: return "least_connections";
    case Strategy::smooth_weighted_round_robin: return "smooth_weighted_round_robin";
    case Strategy::peak_ewma: return "peak_ewma";
    case Strategy::random: return "random";
    case Strategy::power_of_two_choices: return "power_of_two_choices";
    }
    return "unknown";
}

Balancer::Balancer(std::vector<Endpoint> endpoints, BalancerConfig config, const core::Clock& clock)
    : endpoints_((validate(endpoints, config), std::move(endpoints))),
      config_(config),
      clock_(clock),
      max_ejected_(static_cast<std::size_t>(
          std::floor(config.ejection.max_ejected_share * static_cast<double>(endpoints_.size())))),
      random_(seed_of(config.seed)) {
    states_.reserve(endpoints_.size());
    for (std::size_t i = 0; i < endpoints_.size(); ++i) {
        states_.emplace_back(config_.peak_ewma.decay);
        const bool primary = endpoints_[i].role == Role::primary;
        if (primary) writes_.members.push_back(i);
        if (!primary || config_.primaries_take_reads)
            reads_.members.push_back(i);
        else
            read_fallback_.members.push_back(i);
    }
    for (Group* group : {&writes_, &reads_, &read_fallback_}) group->current_weight.assign(group->members.size(), 0);
    scratch_.reserve(endpoints_.size());
}

bool Balancer::uses_ewma() const {
    return config_.strategy == Strategy::peak_ewma ||
           (config_.strategy == Strategy::power_of_two_choices && config_.p2c_load == P2cLoad::peak_ewma);
}

bool Balancer::eligible(std::size_t index, core::Nanos now) {
    State& s = states_[index];
    if (s.ejected) {
        if (now < s.ejected_until) return false;
        s.ejected = false;  // its time is up: back, with a clean slate of failures
        s.consecutive_failures = 0;
        ejected_count_.fetch_sub(1, std::memory_order_relaxed);
    }
    return s.healthy;
}

void Balancer::finish(const Ticket& ticket, Outcome outcome) {
    // The clock only matters for the latency estimate and for an ejection.
    const core::Nanos now = uses_ewma() || !outcome.ok ? clock_.now() : 0;
    const std::lock_guard lock(mutex_);
    State& s = states_.at(ticket.endpoint);
    if (s.in_flight > 0) --s.in_flight;
    if (uses_ewma()) s.latency.observe(outcome.latency, outcome.ok, now);
    if (!outcome.ok) ++s.failures;
    // A call picked before the endpoint's latest ejection tells of the
    // endpoint as it was then: it neither ejects it again nor vouches for it.
    if (ticket.epoch != s.ejections || s.ejected) return;
    if (outcome.ok) {
        s.consecutive_failures = 0;
    } else if (config_.ejection.consecutive_failures > 0 &&
               ++s.consecutive_failures >= config_.ejection.consecutive_failures) {
        eject_if_allowed(s, now);
    }
}

void Balancer::eject_if_allowed(State& state, core::Nanos now) {
    std::size_t out = 0;
    for (std::size_t i = 0; i < states_.size(); ++i) {
        if (states_[i].ejected && now < states_[i].ejected_until) ++out;
    }
    // At the cap the failures stay counted: the next one ejects it if a
    // place has come free by then.
    if (out >= max_ejected_) return;
    const auto& config = config_.ejection;
    const core::Nanos base = config.base_time.count();
    // Each base_time spent back in service forgives one past ejection.
    if (state.ejections > 0) {
        const auto forgiven = static_cast<std::uint64_t>(std::max<core::Nanos>(now - state.ejected_until, 0) / base);
        state.multiplier -= static_cast<std::uint32_t>(std::min<std::uint64_t>(state.multiplier, forgiven));
    }
    const core::Nanos max = config.max_time.count();
    const core::Nanos duration =
        state.multiplier >= static_cast<std::uint64_t>(max / base) ? max : base * (state.multiplier + 1);
    if (duration < max) ++state.multiplier;  // growing no further once at the cap
    state.ejected = true;
    state.ejected_until = core::saturating_add(now, duration);
    state.consecutive_failures = 0;
    ++state.ejections;
    ejected_count_.fetch_add(1, std::memory_order_relaxed);
}

void Balancer::set_healthy(std::size_t endpoint, bool healthy) {
    const std::lock_guard lock(mutex_);
    states_.at(endpoint).healthy = healthy;
}

EndpointStats Balancer::stats_of(std::size_t index, core::Nanos now) {
    const State& s = states_.at(index);
    EndpointStats out;
    out.in_flight = s.in_flight;
    out.picks = s.picks;
    out.failures = s.failures;
    out.ejections = s.ejections;
    out.healthy = s.healthy;
    out.ejected = s.ejected && now < s.ejected_until;
    if (out.ejected) out.ejected_until = s.ejected_until;
    if (s.latency.has_sample())
        out.latency = std::chrono::nanoseconds(static_cast<std::int64_t>(s.latency.estimate(now)));
    return out;
}

EndpointStats Balancer::stats(std::size_t endpoint) {
    const core::Nanos now = clock_.now();
    const std::lock_guard lock(mutex_);
    return stats_of(endpoint, now);
}

std::vector<EndpointStats> Balancer::stats() {
    const core::Nanos now = clock_.now();
    const std::lock_guard lock(mutex_);
    std::vector<EndpointStats> all;
    all.reserve(states_.size());
    for (std::size_t i = 0; i < states_.size(); ++i) all.push_back(stats_of(i, now));
    return all;
}

}  // namespace throng::components
