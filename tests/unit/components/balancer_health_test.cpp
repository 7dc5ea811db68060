// The health checker on ManualTimers: an endpoint turns unhealthy at exactly
// its U-th failed check in a row and healthy at its H-th pass, unanswered
// checks fail at their timeout and their late answers are ignored, checks
// never overlap, and nothing runs after stop or destruction.
#include <catch2/catch.hpp>

#include <chrono>
#include <vector>

#include "harness/core/clock.hpp"
#include "targets/components/balancer/balancer.hpp"
#include "targets/components/balancer/health_checker.hpp"
#include "targets/components/timers/timers.hpp"

using throng::components::Balancer;
using throng::components::BalancerConfig;
using throng::components::Endpoint;
using throng::components::HealthCheckConfig;
using throng::components::HealthChecker;
using throng::components::ManualTimers;
using throng::components::Role;
using throng::components::Route;
using throng::components::Strategy;
using throng::core::FakeClock;
using namespace std::chrono_literals;

namespace balancer_health_test {

Balancer three_replicas(FakeClock& clock) {
    BalancerConfig config;
    config.strategy = Strategy::round_robin;
    return Balancer({{"r0", Role::replica, 1}, {"r1", Role::replica, 1}, {"r2", Role::replica, 1}}, config, clock);
}

bool picked(Balancer& balancer, std::size_t endpoint) {
    bool seen = false;
    for (int i = 0; i < 6; ++i) {
        const auto ticket = balancer.pick(Route::read);
        REQUIRE(ticket);
        seen = seen || ticket->endpoint == endpoint;
        balancer.finish(*ticket, {true, 1ms});
    }
    return seen;
}

TEST_CASE("health checks: unhealthy at the U-th failed check in a row, healthy again at the H-th pass",
          "[components][balancer]") {
    FakeClock clock;
    ManualTimers timers(clock);
    Balancer balancer = three_replicas(clock);
    std::vector<bool> up{true, true, true};
    std::vector<int> checks(3, 0);
    HealthChecker checker(balancer, timers,
                          {.interval = 1s, .timeout = 500ms, .unhealthy_after = 3, .healthy_after = 2},
                          [&](std::size_t endpoint, HealthChecker::Done done) {
                              ++checks[endpoint];
                              done(up[endpoint]);
                          });
    checker.start();  // the first round at once
    CHECK(checks == std::vector<int>{1, 1, 1});
    up[1] = false;
    timers.advance(1s);
    CHECK(checker.failed_in_a_row(1) == 1);
    timers.advance(1s);
    CHECK(balancer.stats(1).healthy);  // two failed checks: not yet
    CHECK(picked(balancer, 1));
    timers.advance(1s);
    CHECK_FALSE(balancer.stats(1).healthy);  // the third
    CHECK_FALSE(picked(balancer, 1));
    CHECK(balancer.stats(0).healthy);

    up[1] = true;
    timers.advance(1s);
    CHECK_FALSE(balancer.stats(1).healthy);  // one pass: not yet
    CHECK(checker.passed_in_a_row(1) == 1);
    timers.advance(1s);
    CHECK(balancer.stats(1).healthy);
    CHECK(picked(balancer, 1));
    CHECK(checks == std::vector<int>{6, 6, 6});  // rounds at 0, 1, 2, 3, 4 and 5 s

    checker.stop();
    timers.advance(10s);
    CHECK(checks == std::vector<int>{6, 6, 6});
}

TEST_CASE("health checks: an unanswered check fails at its timeout, its late answer is ignored, checks never overlap",
          "[components][balancer]") {
    FakeClock clock;
    ManualTimers timers(clock);
    Balancer balancer = three_replicas(clock);
    std::vector<HealthChecker::Done> unanswered;
    std::vector<int> checks(3, 0);
    const auto check = [&](std::size_t endpoint, HealthChecker::Done done) {
        ++checks[endpoint];
        if (endpoint == 2)
            unanswered.push_back(std::move(done));  // endpoint 2 hangs
        else
            done(true);
    };
    SECTION("timeout under the interval") {
        HealthChecker checker(balancer, timers,
                              {.interval = 1s, .timeout = 500ms, .unhealthy_after = 2, .healthy_after = 1}, check);
        checker.start();
        timers.advance(500ms - 1ns);
        CHECK(checker.failed_in_a_row(2) == 0);
        timers.advance(1ns);
        CHECK(checker.failed_in_a_row(2) == 1);
        timers.advance(1s - 1ns);
        CHECK(balancer.stats(2).healthy);
        timers.advance(1ns);  // the second check's timeout, at 1.5 s
        CHECK_FALSE(balancer.stats(2).healthy);
        REQUIRE(unanswered.size() == 2);
        unanswered[0](true);  // late: ignored (one pass would make it healthy)
        CHECK_FALSE(balancer.stats(2).healthy);
        CHECK(checker.passed_in_a_row(2) == 0);
        timers.advance(500ms);  // the third check, at 2 s
        REQUIRE(unanswered.size() == 3);
        unanswered[2](true);  // in time
        CHECK(balancer.stats(2).healthy);
        unanswered[2](true);  // twice: counted once
        CHECK(checker.passed_in_a_row(2) == 1);
    }
    SECTION("timeout over the interval: no second check while one is out") {
        HealthChecker checker(balancer, timers,
                              {.interval = 1s, .timeout = 2500ms, .unhealthy_after = 1, .healthy_after = 1}, check);
        checker.start();
        timers.advance(2s);
        CHECK(checks == std::vector<int>{3, 3, 1});
        timers.advance(500ms);  // timed out at 2.5 s
        CHECK_FALSE(balancer.stats(2).healthy);
        timers.advance(500ms);  // the round at 3 s checks it again
        CHECK(checks == std::vector<int>{4, 4, 2});
    }
}

TEST_CASE("health checks: a destroyed checker cancels its timers and ignores answers still out",
          "[components][balancer]") {
    FakeClock clock;
    ManualTimers timers(clock);
    Balancer balancer = three_replicas(clock);
    std::vector<HealthChecker::Done> unanswered;
    {
        HealthChecker checker(balancer, timers,
                              {.interval = 1s, .timeout = 1s, .unhealthy_after = 1, .healthy_after = 1},
                              [&](std::size_t, HealthChecker::Done done) { unanswered.push_back(std::move(done)); });
        checker.start();
        CHECK(timers.pending() == 4);  // three timeouts and the next round
    }
    CHECK(timers.pending() == 0);
    for (auto& done : unanswered) done(false);  // no effect, no crash
    timers.advance(5s);
    for (std::size_t e = 0; e < 3; ++e) CHECK(balancer.stats(e).healthy);
    CHECK_THROWS_AS(HealthChecker(balancer, timers, {.interval = 0s}, [](std::size_t, HealthChecker::Done) {}),
                    std::invalid_argument);
}

}  // namespace balancer_health_test
