// The balancer's strategies on a fake clock: round robin's order, smooth
// weighted round robin's exact interleaving and proportions, least
// connections, random and power of two choices (distinct candidates, never
// the busier one), peak-EWMA leaving a slow endpoint and coming back after it
// recovers; read/write routing and its fallback; many threads at once.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "harness/core/clock.hpp"
#include "targets/components/balancer/balancer.hpp"
#include "targets/components/balancer/peak_ewma.hpp"
#include "tests/support/balancer_simulation.hpp"

using throng::components::Balancer;
using throng::components::BalancerConfig;
using throng::components::Endpoint;
using throng::components::P2cLoad;
using throng::components::PeakEwma;
using throng::components::Role;
using throng::components::Route;
using throng::components::Strategy;
using throng::components::Ticket;
using throng::core::FakeClock;
using namespace std::chrono_literals;

namespace balancer_test {

std::vector<Endpoint> replicas(std::vector<std::uint32_t> weights) {
    std::vector<Endpoint> endpoints;
    for (std::size_t i = 0; i < weights.size(); ++i)
        endpoints.push_back({"replica-" + std::to_string(i), Role::replica, weights[i]});
    return endpoints;
}

BalancerConfig with(Strategy strategy, std::uint64_t seed = 1) {
    BalancerConfig config;
    config.strategy = strategy;
    config.seed = seed;
    return config;
}

// n picks, each finished at once (a success of 1 ms): the endpoints chosen.
std::vector<std::size_t> picks(Balancer& balancer, std::size_t n, Route route = Route::read) {
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < n; ++i) {
        const auto ticket = balancer.pick(route);
        REQUIRE(ticket);
        chosen.push_back(ticket->endpoint);
        balancer.finish(*ticket, {true, 1ms});
    }
    return chosen;
}

std::vector<std::size_t> counts(const std::vector<std::size_t>& chosen, std::size_t endpoints) {
    std::vector<std::size_t> n(endpoints, 0);
    for (const std::size_t e : chosen) ++n.at(e);
    return n;
}

TEST_CASE("balancer: round robin goes in order and skips what is not eligible", "[components][balancer]") {
    FakeClock clock;
    Balancer balancer(replicas({1, 1, 1}), with(Strategy::round_robin), clock);
    CHECK(picks(balancer, 7) == std::vector<std::size_t>{0, 1, 2, 0, 1, 2, 0});
    balancer.set_healthy(2, false);
    CHECK(picks(balancer, 4) == std::vector<std::size_t>{1, 0, 1, 0});
    balancer.set_healthy(2, true);
    CHECK(picks(balancer, 3) == std::vector<std::size_t>{1, 2, 0});
}

TEST_CASE("balancer: smooth weighted round robin interleaves 5,1,1 as a a b a c a a", "[components][balancer]") {
    FakeClock clock;
    Balancer balancer(replicas({5, 1, 1}), with(Strategy::smooth_weighted_round_robin), clock);
    const std::vector<std::size_t> cycle{0, 0, 1, 0, 2, 0, 0};
    CHECK(picks(balancer, 7) == cycle);
    CHECK(picks(balancer, 7) == cycle);  // and again: the current weights are back at 0

    const auto many = picks(balancer, 7000);
    CHECK(counts(many, 3) == std::vector<std::size_t>{5000, 1000, 1000});
    // Smooth: any 7 picks in a row hold exactly 5 a, 1 b, 1 c.
    for (std::size_t from = 0; from + 7 <= many.size(); from += 1) {
        const auto window = counts(
            {many.begin() + static_cast<std::ptrdiff_t>(from), many.begin() + static_cast<std::ptrdiff_t>(from + 7)},
            3);
        REQUIRE(window == std::vector<std::size_t>{5, 1, 1});
    }
    SECTION("an unhealthy member is left out and the others keep their proportions") {
        balancer.set_healthy(1, false);
        CHECK(counts(picks(balancer, 600), 3) == std::vector<std::size_t>{500, 0, 100});
    }
}

TEST_CASE("balancer: least connections picks the fewest in flight, per weight", "[components][balancer]") {
    FakeClock clock;
    SECTION("equal weights: ties take turns, a finished call makes room") {
        Balancer balancer(replicas({1, 1, 1}), with(Strategy::least_connections), clock);
        std::vector<Ticket> held;
        for (int i = 0; i < 3; ++i) held.push_back(*balancer.pick(Route::read));
        CHECK(held[0].endpoint != held[1].endpoint);
        CHECK(held[1].endpoint != held[2].endpoint);
        CHECK(held[0].endpoint != held[2].endpoint);
        const std::size_t freed = held[1].endpoint;
        balancer.finish(held[1], {true, 1ms});
        for (int i = 0; i < 5; ++i) {
            const auto ticket = balancer.pick(Route::read);
            CHECK(ticket->endpoint == freed);  // the only one with 0 in flight
            balancer.finish(*ticket, {true, 1ms});
        }
    }
    SECTION("weights 1 and 3: held calls split 1 : 3") {
        Balancer balancer(replicas({1, 3}), with(Strategy::least_connections), clock);
        for (int i = 0; i < 8; ++i) REQUIRE(balancer.pick(Route::read));
        CHECK(balancer.stats(0).in_flight == 2);
        CHECK(balancer.stats(1).in_flight == 6);
    }
}

TEST_CASE("balancer: random follows the weights, reproducibly for a seed", "[components][balancer]") {
    FakeClock clock;
    Balancer balancer(replicas({1, 1, 2}), with(Strategy::random, 7), clock);
    const auto chosen = picks(balancer, 40000);
    const auto n = counts(chosen, 3);
    CHECK(n[0] == Approx(10000).margin(600));
    CHECK(n[1] == Approx(10000).margin(600));
    CHECK(n[2] == Approx(20000).margin(600));

    Balancer same(replicas({1, 1, 2}), with(Strategy::random, 7), clock);
    Balancer other(replicas({1, 1, 2}), with(Strategy::random, 8), clock);
    const auto again = picks(same, 200);
    CHECK(again == std::vector<std::size_t>(chosen.begin(), chosen.begin() + 200));
    CHECK(picks(other, 200) != again);
}

TEST_CASE("balancer: power of two choices compares two distinct endpoints and takes the less loaded",
          "[components][balancer]") {
    FakeClock clock;
    SECTION("of two endpoints, held calls alternate: the busier one is never taken") {
        Balancer balancer(replicas({1, 1}), with(Strategy::power_of_two_choices), clock);
        for (int i = 1; i <= 50; ++i) {
            REQUIRE(balancer.pick(Route::read));
            const auto a = balancer.stats(0).in_flight, b = balancer.stats(1).in_flight;
            REQUIRE(a + b == static_cast<std::size_t>(i));
            REQUIRE((a > b ? a - b : b - a) <= 1);
        }
    }
    SECTION("of five, the one chosen never had the most in flight alone: it lost to no one") {
        Balancer balancer(replicas({1, 1, 1, 1, 1}), with(Strategy::power_of_two_choices, 3), clock);
        for (int i = 0; i < 200; ++i) {
            const auto before = balancer.stats();
            const auto ticket = balancer.pick(Route::read);
            REQUIRE(ticket);
            const std::size_t load = before[ticket->endpoint].in_flight;
            std::size_t as_busy = 0;  // others with as many in flight or more
            for (std::size_t e = 0; e < before.size(); ++e)
                if (e != ticket->endpoint && before[e].in_flight >= load) ++as_busy;
            REQUIRE(as_busy >= 1);
        }
    }
    SECTION("calls finished at once spread about evenly") {
        Balancer balancer(replicas({1, 1, 1}), with(Strategy::power_of_two_choices, 11), clock);
        const auto n = counts(picks(balancer, 30000), 3);
        for (const auto c : n) CHECK(c == Approx(10000).margin(500));
    }
    SECTION("by peak-EWMA cost: once measured, the slow endpoint loses every pair (each holds a fast one)") {
        BalancerConfig config = with(Strategy::power_of_two_choices, 5);
        config.p2c_load = P2cLoad::peak_ewma;
        Balancer balancer(replicas({1, 1, 1}), config, clock);
        std::vector<std::size_t> n(3, 0);
        for (int i = 0; i < 3000; ++i) {
            const auto ticket = balancer.pick(Route::read);
            ++n[ticket->endpoint];
            clock.advance(1ms);
            balancer.finish(*ticket, {true, ticket->endpoint == 2 ? 10ms : 1ms});
        }
        CHECK(n[2] <= 2);
        CHECK(n[0] + n[1] >= 2998);
    }
}

TEST_CASE("peak EWMA: a peak replaces the average at once, lower samples pull it down over time",
          "[components][balancer]") {
    PeakEwma ewma(10s);
    CHECK_FALSE(ewma.has_sample());
    ewma.observe(1ms, true, 0);
    CHECK(ewma.estimate(0) == Approx(1e6));
    ewma.observe(5ms, true, 1'000'000);  // a peak: at once
    CHECK(ewma.estimate(1'000'000) == Approx(5e6));
    ewma.observe(1ms, true, 1'000'000);  // no time passed: no weight
    CHECK(ewma.estimate(1'000'000) == Approx(5e6));
    const throng::core::Nanos later = 1'000'000 + 10'000'000'000;  // one time constant later
    ewma.observe(1ms, true, later);
    const double expected = 5e6 * std::exp(-1.0) + 1e6 * (1 - std::exp(-1.0));
    CHECK(ewma.estimate(later) == Approx(expected));
    SECTION("a failure never lowers it, a slow failure raises it") {
        ewma.observe(100us, false, later + 10'000'000'000);
        CHECK(ewma.estimate(later + 10'000'000'000) == Approx(expected));
        ewma.observe(50ms, false, later + 10'000'000'000);
        CHECK(ewma.estimate(later + 10'000'000'000) == Approx(50e6));
    }
    SECTION("read later without samples, it fades with the same time constant") {
        CHECK(ewma.estimate(later + 10'000'000'000) == Approx(expected * std::exp(-1.0)));
    }
}

// [heavy]: a single-threaded simulation, nothing for TSan to check (its preset leaves it out).
TEST_CASE("balancer: peak-EWMA moves traffic off a slow endpoint and back after it recovers",
          "[components][balancer][heavy]") {
    // 4 endpoints under a closed loop of 32 clients (tests/support/balancer_simulation.hpp);
    // endpoint 3 is 10x slower for the first 20 s, then as fast as the others.
    balancer_simulation::SkewConfig config;
    config.strategy = Strategy::peak_ewma;
    config.duration = 60s;
    config.recovers_at = 20s;
    const auto result = balancer_simulation::run_skew(config);
    CHECK(result.slow_share_between(0, 1) < 0.10);
    CHECK(result.slow_share_between(5, 20) < 0.03);                         // slow: little of the traffic
    CHECK(result.slow_share_between(25, 30) > 0.15);                        // recovered: most of it back within seconds
    CHECK(result.slow_share_between(40, 60) == Approx(0.25).margin(0.02));  // and then its full share
}

TEST_CASE("balancer: writes go to primaries, reads to replicas, then to primaries if no replica is eligible",
          "[components][balancer]") {
    FakeClock clock;
    const std::vector<Endpoint> endpoints{
        {"primary", Role::primary, 1}, {"replica-1", Role::replica, 1}, {"replica-2", Role::replica, 1}};
    SECTION("replicas only by default") {
        Balancer balancer(endpoints, with(Strategy::round_robin), clock);
        CHECK(counts(picks(balancer, 30, Route::write), 3) == std::vector<std::size_t>{30, 0, 0});
        CHECK(counts(picks(balancer, 30, Route::read), 3) == std::vector<std::size_t>{0, 15, 15});
        balancer.set_healthy(1, false);
        CHECK(counts(picks(balancer, 10, Route::read), 3) == std::vector<std::size_t>{0, 0, 10});
        balancer.set_healthy(2, false);
        CHECK(counts(picks(balancer, 10, Route::read), 3) == std::vector<std::size_t>{10, 0, 0});  // fallback
        balancer.set_healthy(0, false);
        CHECK_FALSE(balancer.pick(Route::read));
        CHECK_FALSE(balancer.pick(Route::write));
        balancer.set_healthy(2, true);
        CHECK(counts(picks(balancer, 10, Route::read), 3) == std::vector<std::size_t>{0, 0, 10});
        CHECK_FALSE(balancer.pick(Route::write));  // writes never go to a replica
    }
    SECTION("primaries take reads too if asked") {
        BalancerConfig config = with(Strategy::round_robin);
        config.primaries_take_reads = true;
        Balancer balancer(endpoints, config, clock);
        CHECK(counts(picks(balancer, 30, Route::read), 3) == std::vector<std::size_t>{10, 10, 10});
        CHECK(counts(picks(balancer, 30, Route::write), 3) == std::vector<std::size_t>{30, 0, 0});
    }
    SECTION("no primary: no writes") {
        Balancer balancer(replicas({1, 1}), with(Strategy::round_robin), clock);
        CHECK_FALSE(balancer.pick(Route::write));
        CHECK(balancer.pick(Route::read));
    }
}

TEST_CASE("balancer: refuses a configuration it cannot honour", "[components][balancer]") {
    FakeClock clock;
    CHECK_THROWS_AS(Balancer({}, BalancerConfig{}, clock), std::invalid_argument);
    CHECK_THROWS_AS(Balancer(replicas({1, 0}), BalancerConfig{}, clock), std::invalid_argument);
    BalancerConfig config;
    config.ejection.max_ejected_share = 1.5;
    CHECK_THROWS_AS(Balancer(replicas({1}), config, clock), std::invalid_argument);
    config = {};
    config.ejection.max_time = 1s;  // under base_time (30 s)
    CHECK_THROWS_AS(Balancer(replicas({1}), config, clock), std::invalid_argument);
    config = {};
    config.peak_ewma.decay = 0s;
    CHECK_THROWS_AS(Balancer(replicas({1}), config, clock), std::invalid_argument);
}

// A clock the threads share (FakeClock is not for threads): each call moves it on.
class SharedClock final : public throng::core::Clock {
public:
    throng::core::Nanos now() const override { return now_.fetch_add(1000, std::memory_order_relaxed); }

private:
    mutable std::atomic<throng::core::Nanos> now_{0};
};

TEST_CASE("balancer: many threads pick and finish at once, the counts add up and the ejection cap holds",
          "[components][balancer]") {
    const auto strategy =
        GENERATE(Strategy::round_robin, Strategy::least_connections, Strategy::smooth_weighted_round_robin,
                 Strategy::peak_ewma, Strategy::random, Strategy::power_of_two_choices);
    SharedClock clock;
    BalancerConfig config = with(strategy, 9);
    config.ejection.consecutive_failures = 3;
    config.ejection.base_time = 2ms;  // ejections come and go during the run
    config.ejection.max_time = 10ms;
    Balancer balancer(replicas({1, 2, 1, 1}), config, clock);
    constexpr int threads = 4, calls = 5000;
    std::atomic<std::uint64_t> picked{0};
    std::atomic<bool> cap_broken{false};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            std::uint64_t mine = 0;
            for (int i = 0; i < calls; ++i) {
                const auto ticket = balancer.pick(Route::read);
                if (!ticket) continue;
                ++mine;
                // Endpoints 2 and 3 fail every call, so they keep being ejected and coming back.
                const bool ok = ticket->endpoint < 2;
                balancer.finish(*ticket, {ok, ok ? 200us : 50us});  // failing fast
                if (i % 100 == 0) {
                    std::size_t ejected = 0;
                    for (const auto& s : balancer.stats()) ejected += s.ejected;
                    if (ejected > 2) cap_broken = true;
                }
            }
            picked += mine;
        });
    }
    for (auto& w : workers) w.join();
    CHECK_FALSE(cap_broken);
    std::uint64_t total = 0, ejections = 0;
    for (const auto& s : balancer.stats()) {
        CHECK(s.in_flight == 0);
        total += s.picks;
        ejections += s.ejections;
    }
    CHECK(total == picked);
    CHECK(picked == threads * calls);  // two of four may be out: never all
    CHECK(ejections > 0);
}

}  // namespace balancer_test
