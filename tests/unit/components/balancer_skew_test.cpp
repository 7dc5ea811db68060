// The balancers under a skewed endpoint (tests/support/balancer_simulation.hpp:
// 4 endpoints, one 10x slower, each a queue with 4 workers, a closed loop of
// 32 clients, 30 simulated seconds, fixed seeds: deterministic). Round robin
// sends the slow one its quarter, and the clients pile up in its queue; the
// load-aware strategies must send it less than half of that.
#include <catch2/catch.hpp>

#include <chrono>

#include "targets/components/balancer/balancer.hpp"
#include "tests/support/balancer_simulation.hpp"

using throng::components::P2cLoad;
using throng::components::Strategy;
using namespace std::chrono_literals;

namespace balancer_skew_test {

balancer_simulation::SkewResult skew(Strategy strategy, P2cLoad load = P2cLoad::in_flight) {
    balancer_simulation::SkewConfig config;
    config.strategy = strategy;
    config.p2c_load = load;
    config.duration = 30s;
    return balancer_simulation::run_skew(config);
}

// [heavy]: a single-threaded simulation, nothing for TSan to check (its preset leaves it out).
TEST_CASE("balancer skew: P2C and peak-EWMA send a 10x slower endpoint less than half what round robin sends it",
          "[components][balancer][heavy]") {
    const auto rr = skew(Strategy::round_robin);
    CHECK(rr.slow_share == Approx(0.25).margin(0.005));
    const auto p2c = skew(Strategy::power_of_two_choices);
    const auto p2c_ewma = skew(Strategy::power_of_two_choices, P2cLoad::peak_ewma);
    const auto ewma = skew(Strategy::peak_ewma);
    for (const auto* r : {&p2c, &p2c_ewma, &ewma}) {
        CHECK(r->slow_share < rr.slow_share / 2);
        CHECK(r->p99 < rr.p99 / 2);                // the tail: no queue of clients behind the slow one
        CHECK(r->throughput > 5 * rr.throughput);  // round robin runs at the slow one's pace
    }
}

}  // namespace balancer_skew_test
