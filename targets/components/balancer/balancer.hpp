#pragma once
// A load balancer over a fixed set of endpoints (a primary and its read
// replicas, say): it chooses an endpoint index for each call and is told how
// the call went. It holds no connections: a pool per endpoint can sit behind
// the index it returns.
//
// Strategies (chosen at construction): round robin; least connections
// (in-flight / weight); smooth weighted round robin (nginx's: even spread,
// no bursts); peak-EWMA (lowest latency estimate x (in-flight + 1) / weight,
// see peak_ewma.hpp); weighted random; power of two choices (two distinct
// random endpoints, the less loaded by in-flight or by peak-EWMA cost, both
// divided by weight). Writes go to primaries; reads to replicas (and
// primaries too if asked), to primaries when no replica is eligible.
//
// Eligible means healthy (set_healthy, e.g. by a HealthChecker) and not
// ejected. Passive outlier ejection: `consecutive_failures` failed calls in a
// row eject an endpoint for base_time x (its recent ejections + 1), capped at
// max_time (where the count stops growing), never more than
// max_ejected_share of all endpoints at once; it comes back when its time is
// up, and each base_time it then stays in service forgives one past
// ejection. Time comes from a core::Clock.
//
//   Balancer db({{"primary", Role::primary}, {"replica-1", Role::replica}}, {.strategy = Strategy::peak_ewma}, clock);
//   auto ticket = db.pick(Route::read);
//   if (!ticket) return fail_fast();  // nothing eligible
//   const auto began = clock.now();
//   const bool ok = call(ticket->endpoint);
//   db.finish(*ticket, {ok, std::chrono::nanoseconds(clock.now() - began)});
//
// Thread-safe: pick and finish may be called from any thread (one mutex,
// held for a short scan of the route's endpoints; the clock is read outside it).
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/clock.hpp"
#include "targets/components/balancer/peak_ewma.hpp"
#include "targets/components/balancer/random_source.hpp"

namespace throng::components {

enum class Strategy {
    round_robin,
    least_connections,
    smooth_weighted_round_robin,
    peak_ewma,
    random,
    power_of_two_choices
};
std::string_view to_string(Strategy strategy);

// What power of two choices compares between its two candidates.
enum class P2cLoad { in_flight, peak_ewma };

enum class Role { primary, replica };
enum class Route { read, write };

struct Endpoint {
    std::string name;
    Role role = Role::primary;
    std::uint32_t weight = 1;  // >= 1; round robin ignores it
};

struct EjectionConfig {
    std::uint32_t consecutive_failures = 5;  // 0: never eject
    std::chrono::nanoseconds base_time = std::chrono::seconds(30);
    std::chrono::nanoseconds max_time = std::chrono::seconds(300);
    double max_ejected_share = 0.5;  // of all endpoints, rounded down: 1 of 3 at 0.5
};

struct PeakEwmaConfig {
    std::chrono::nanoseconds decay = std::chrono::seconds(10);  // the EWMA's time constant
    // An endpoint with no sample yet costs 0 while idle, so it is tried at
    // once, and this latency x (in flight + 1) while its first calls are out,
    // so that picks do not all rush to it before it has answered once.
    std::chrono::nanoseconds unmeasured_penalty = std::chrono::seconds(1);
};

struct BalancerConfig {
    Strategy strategy = Strategy::power_of_two_choices;
    P2cLoad p2c_load = P2cLoad::in_flight;
    bool primaries_take_reads = false;
    EjectionConfig ejection;
    PeakEwmaConfig peak_ewma;
    // For random and P2C; none: from std::random_device (so a fleet's
    // processes do not all make the same choices).
    std::optional<std::uint64_t> seed;
};

// What pick() hands out and finish() takes back, once.
struct Ticket {
    std::size_t endpoint = 0;  // index into the endpoints given
    std::uint32_t epoch = 0;   // the endpoint's ejections when picked
};

struct Outcome {
    bool ok = true;
    std::chrono::nanoseconds latency{0};
};

struct EndpointStats {
    std::size_t in_flight = 0;
    std::uint64_t picks = 0, failures = 0, ejections = 0;
    bool healthy = true;
    bool ejected = false;
    core::Nanos ejected_until = 0;  // if ejected
    // Peak-EWMA latency now, if the strategy keeps it and it has a sample.
    std::optional<std::chrono::nanoseconds> latency;
};

class Balancer {
public:
    // Throws std::invalid_argument for no endpoints, a weight of 0, a share
    // outside [0, 1], non-positive times, or max_time < base_time.
    Balancer(std::vector<Endpoint> endpoints, BalancerConfig config, const core::Clock& clock);

    // An eligible endpoint for this route, or nothing if none is.
    std::optional<Ticket> pick(Route route);
    // Every ticket must be finished once. A failure counts toward ejection
    // only if the endpoint has not been ejected since the ticket was picked.
    void finish(const Ticket& ticket, Outcome outcome);

    // Unhealthy endpoints get no picks (all start healthy).
    void set_healthy(std::size_t endpoint, bool healthy);

    std::size_t size() const { return endpoints_.size(); }
    const Endpoint& endpoint(std::size_t index) const { return endpoints_.at(index); }
    const BalancerConfig& config() const { return config_; }
    EndpointStats stats(std::size_t endpoint);
    std::vector<EndpointStats> stats();  // all, at one instant

private:
    struct State {
        explicit State(std::chrono::nanoseconds decay) : latency(decay) {}
        std::size_t in_flight = 0;
        std::uint64_t picks = 0, failures = 0;
        std::uint32_t consecutive_failures = 0;
        std::uint32_t ejections = 0;   // ever
        std::uint32_t multiplier = 0;  // recent ejections: the next lasts base x (multiplier + 1)
        bool healthy = true;
        bool ejected = false;
        core::Nanos ejected_until = 0;  // ejected: until then; after: when it came back
        PeakEwma latency;
    };
    // The endpoints a route chooses among, with that route's strategy state.
    struct Group {
        std::vector<std::size_t> members;
        std::vector<std::int64_t> current_weight;  // smooth weighted round robin
        std::size_t cursor = 0;                    // round robin; where scans start, to spread ties
    };

    bool uses_ewma() const;
    // All under the lock:
    bool eligible(std::size_t index, core::Nanos now);  // brings back an endpoint whose ejection is over
    std::optional<std::size_t> choose(Group& group, core::Nanos now);
    std::optional<std::size_t> round_robin(Group& group, core::Nanos now);
    std::optional<std::size_t> smooth_weighted(Group& group, core::Nanos now);
    std::optional<std::size_t> weighted_random(Group& group, core::Nanos now);
    std::optional<std::size_t> two_choices(Group& group, core::Nanos now);
    // The eligible member with the lowest load (ties go round), by in-flight
    // or by peak-EWMA cost.
    std::optional<std::size_t> lowest_load(Group& group, core::Nanos now, bool by_cost);
    double cost(std::size_t index, core::Nanos now) const;
    bool lighter(std::size_t a, std::size_t b, core::Nanos now, bool by_cost) const;
    void collect_eligible(const Group& group, core::Nanos now);
    void eject_if_allowed(State& state, core::Nanos now);
    EndpointStats stats_of(std::size_t index, core::Nanos now);

    const std::vector<Endpoint> endpoints_;
    const BalancerConfig config_;
    const core::Clock& clock_;
    const std::size_t max_ejected_;

    std::mutex mutex_;
    std::vector<State> states_;
    Group writes_, reads_, read_fallback_;
    RandomSource random_;
    std::vector<std::size_t> scratch_;  // eligible members, for random choices
    // Endpoints marked ejected (some maybe due back): while 0, pick need not
    // read the clock.
    std::atomic<std::size_t> ejected_count_{0};
};

}  // namespace throng::components
