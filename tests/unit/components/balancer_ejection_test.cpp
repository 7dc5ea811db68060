// The balancer's outlier ejection on a fake clock: exactly N failures in a
// row eject (a success in between starts the count again), for a time that
// grows with each ejection up to its cap and shrinks again after good
// behaviour; never more than the allowed share at once; calls picked before
// an ejection do not count after it.
#include <catch2/catch.hpp>

#include <chrono>
#include <vector>

#include "harness/core/clock.hpp"
#include "targets/components/balancer/balancer.hpp"

using throng::components::Balancer;
using throng::components::BalancerConfig;
using throng::components::Endpoint;
using throng::components::Role;
using throng::components::Route;
using throng::components::Strategy;
using throng::components::Ticket;
using throng::core::FakeClock;
using namespace std::chrono_literals;

namespace balancer_ejection_test {

Balancer round_robin(FakeClock& clock, std::size_t endpoints, std::chrono::nanoseconds max_time = 300s,
                     double share = 0.5, std::uint32_t failures = 5) {
    std::vector<Endpoint> list;
    for (std::size_t i = 0; i < endpoints; ++i) list.push_back({"r" + std::to_string(i), Role::replica, 1});
    BalancerConfig config;
    config.strategy = Strategy::round_robin;
    config.ejection.consecutive_failures = failures;
    config.ejection.base_time = 30s;
    config.ejection.max_time = max_time;
    config.ejection.max_ejected_share = share;
    return Balancer(std::move(list), config, clock);
}

// A ticket on this endpoint (round robin comes to it; the others' calls succeed).
Ticket pick_on(Balancer& balancer, std::size_t endpoint) {
    for (std::size_t i = 0; i <= balancer.size(); ++i) {
        const auto ticket = balancer.pick(Route::read);
        REQUIRE(ticket);
        if (ticket->endpoint == endpoint) return *ticket;
        balancer.finish(*ticket, {true, 1ms});
    }
    FAIL("endpoint " << endpoint << " is not picked");
    return {};
}

void calls_on(Balancer& balancer, std::size_t endpoint, int n, bool ok) {
    for (int i = 0; i < n; ++i) balancer.finish(pick_on(balancer, endpoint), {ok, 1ms});
}

// Whether any of 2 x size picks lands on the endpoint.
bool picked(Balancer& balancer, std::size_t endpoint) {
    bool seen = false;
    for (std::size_t i = 0; i < 2 * balancer.size(); ++i) {
        const auto ticket = balancer.pick(Route::read);
        REQUIRE(ticket);
        seen = seen || ticket->endpoint == endpoint;
        balancer.finish(*ticket, {true, 1ms});
    }
    return seen;
}

// How long the endpoint is ejected for from now (0 if it is not).
std::chrono::nanoseconds ejected_for(Balancer& balancer, FakeClock& clock, std::size_t endpoint) {
    const auto s = balancer.stats(endpoint);
    return std::chrono::nanoseconds(s.ejected ? s.ejected_until - clock.now() : 0);
}

TEST_CASE("balancer ejection: exactly N failures in a row eject, a success starts the count again",
          "[components][balancer]") {
    FakeClock clock;
    Balancer balancer = round_robin(clock, 4);
    calls_on(balancer, 1, 4, false);
    CHECK_FALSE(balancer.stats(1).ejected);
    calls_on(balancer, 1, 1, true);  // the count starts again
    calls_on(balancer, 1, 4, false);
    CHECK_FALSE(balancer.stats(1).ejected);
    calls_on(balancer, 1, 1, false);  // the 5th in a row
    CHECK(balancer.stats(1).ejected);
    CHECK(ejected_for(balancer, clock, 1) == 30s);
    CHECK_FALSE(picked(balancer, 1));

    clock.advance(30s - 1ns);
    CHECK_FALSE(picked(balancer, 1));
    clock.advance(1ns);  // its time is up
    CHECK(picked(balancer, 1));
    CHECK_FALSE(balancer.stats(1).ejected);
    CHECK(balancer.stats(1).ejections == 1);
}

TEST_CASE("balancer ejection: each ejection lasts longer, up to the cap, and good behaviour shortens it again",
          "[components][balancer]") {
    FakeClock clock;
    Balancer balancer = round_robin(clock, 4, 70s);
    const auto eject_now = [&] {
        calls_on(balancer, 2, 5, false);
        return ejected_for(balancer, clock, 2);
    };
    CHECK(eject_now() == 30s);
    clock.advance(30s);
    CHECK(eject_now() == 60s);  // failing again at once: base x 2
    clock.advance(60s);
    CHECK(eject_now() == 70s);  // base x 3 = 90 s, capped
    clock.advance(70s);
    CHECK(eject_now() == 70s);  // at the cap the count grows no further: 2 past ejections
    clock.advance(70s);
    clock.advance(30s);  // back for one base time: one of them forgiven
    CHECK(eject_now() == 60s);
    clock.advance(60s + 10min);
    CHECK(eject_now() == 30s);  // a long good spell: as if never ejected
}

TEST_CASE("balancer ejection: never more than the allowed share at once", "[components][balancer]") {
    FakeClock clock;
    SECTION("half of four: the third waits for a place") {
        Balancer balancer = round_robin(clock, 4);
        calls_on(balancer, 0, 5, false);
        clock.advance(10s);
        calls_on(balancer, 1, 5, false);
        CHECK(balancer.stats(0).ejected);
        CHECK(balancer.stats(1).ejected);
        calls_on(balancer, 2, 8, false);
        CHECK_FALSE(balancer.stats(2).ejected);  // two of four are out already
        clock.advance(20s);                      // endpoint 0's 30 s are up
        calls_on(balancer, 2, 1, false);         // still failing: now there is a place
        CHECK(balancer.stats(2).ejected);
        CHECK_FALSE(balancer.stats(0).ejected);
        CHECK(balancer.stats(1).ejected);
    }
    SECTION("half of one is none: a lone endpoint is never ejected") {
        Balancer balancer = round_robin(clock, 1);
        calls_on(balancer, 0, 20, false);
        CHECK_FALSE(balancer.stats(0).ejected);
        CHECK(balancer.pick(Route::read));
    }
    SECTION("a share of 1 may eject all: then nothing is picked") {
        Balancer balancer = round_robin(clock, 1, 300s, 1.0);
        calls_on(balancer, 0, 5, false);
        CHECK_FALSE(balancer.pick(Route::read));
        clock.advance(30s);
        CHECK(balancer.pick(Route::read));
    }
    SECTION("0 failures turns ejection off") {
        Balancer balancer = round_robin(clock, 2, 300s, 0.5, 0);
        calls_on(balancer, 0, 50, false);
        CHECK_FALSE(balancer.stats(0).ejected);
    }
}

TEST_CASE("balancer ejection: calls picked before an ejection do not count after it", "[components][balancer]") {
    FakeClock clock;
    Balancer balancer = round_robin(clock, 2);
    const Ticket old_a = pick_on(balancer, 0);
    const Ticket old_b = pick_on(balancer, 0);
    calls_on(balancer, 0, 5, false);
    REQUIRE(balancer.stats(0).ejected);
    clock.advance(30s);
    calls_on(balancer, 0, 4, false);
    balancer.finish(old_a, {false, 1ms});  // would be the 5th, but it is from before
    CHECK_FALSE(balancer.stats(0).ejected);
    balancer.finish(old_b, {true, 1ms});  // nor does an old success clear the count
    calls_on(balancer, 0, 1, false);
    CHECK(balancer.stats(0).ejected);
    CHECK(balancer.stats(0).in_flight == 0);
    CHECK(balancer.stats(0).failures == 11);
}

}  // namespace balancer_ejection_test
