#pragma once
// A deterministic discrete-event simulation of a Balancer in front of a
// skewed set of endpoints, on ManualTimers (virtual time: a minute of load
// in well under a second). Each endpoint is a FIFO queue served by `workers`
// workers (a server with a worker pool: calls beyond them wait); service
// times are uniform in [0.5, 1.5] x the endpoint's mean (1 ms, and 10x that
// for the slow one). A closed loop of `clients` each sends its next request
// as soon as the previous one is answered. Shared by the balancer's test
// (which asserts on it) and its benchmark (which prints the table).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "harness/core/clock.hpp"
#include "targets/components/balancer/balancer.hpp"
#include "targets/components/balancer/random_source.hpp"
#include "targets/components/timers/timers.hpp"

namespace balancer_simulation {

using namespace std::chrono_literals;
namespace components = throng::components;

struct SkewConfig {
    components::Strategy strategy = components::Strategy::round_robin;
    components::P2cLoad p2c_load = components::P2cLoad::in_flight;
    std::size_t endpoints = 4;
    std::size_t slow = 3;  // which endpoint is slow
    std::chrono::nanoseconds fast_service = 1ms;
    std::int64_t slowdown = 10;
    std::chrono::nanoseconds recovers_at = std::chrono::nanoseconds::max();  // then the slow one is fast too
    std::size_t workers = 4;                                                 // per endpoint
    std::size_t clients = 32;
    std::chrono::nanoseconds duration = 60s;
    std::uint64_t seed = 42;
};

struct SkewResult {
    std::uint64_t requests = 0;  // answered
    double slow_share = 0;       // of the answered requests, the slow endpoint's
    std::chrono::nanoseconds p50{0}, p99{0};
    double throughput = 0;  // answered per simulated second
    // Per second of simulated time (by when answered): all, and the slow endpoint's.
    std::vector<std::uint64_t> answered_by_second, slow_by_second;

    // The slow endpoint's share of the answers in seconds [from, to).
    double slow_share_between(std::size_t from, std::size_t to) const {
        std::uint64_t all = 0, slow = 0;
        for (std::size_t s = from; s < to && s < answered_by_second.size(); ++s) {
            all += answered_by_second[s];
            slow += slow_by_second[s];
        }
        return all == 0 ? 0 : static_cast<double>(slow) / static_cast<double>(all);
    }
};

inline SkewResult run_skew(const SkewConfig& config) {
    throng::core::FakeClock clock;
    components::ManualTimers timers(clock);
    std::vector<components::Endpoint> endpoints;
    for (std::size_t i = 0; i < config.endpoints; ++i)
        endpoints.push_back({"replica-" + std::to_string(i), components::Role::replica, 1});
    components::BalancerConfig balancer_config;
    balancer_config.strategy = config.strategy;
    balancer_config.p2c_load = config.p2c_load;
    balancer_config.seed = config.seed;
    components::Balancer balancer(std::move(endpoints), balancer_config, clock);

    struct Request {
        components::Ticket ticket;
        throng::core::Nanos sent;
        std::size_t client;
    };
    std::vector<std::size_t> busy(config.endpoints, 0);
    std::vector<std::deque<Request>> waiting(config.endpoints);
    std::vector<std::uint64_t> served(config.endpoints, 0);
    std::vector<std::int64_t> latencies;
    components::RandomSource service_random(config.seed ^ 0x5eed);
    const throng::core::Nanos end = config.duration.count();
    SkewResult result;
    const auto seconds = static_cast<std::size_t>(std::chrono::ceil<std::chrono::seconds>(config.duration).count());
    result.answered_by_second.assign(seconds + 1, 0);
    result.slow_by_second.assign(seconds + 1, 0);

    const auto service_time = [&](std::size_t endpoint) {
        const bool slow = endpoint == config.slow && clock.now() < config.recovers_at.count();
        const std::int64_t mean = config.fast_service.count() * (slow ? config.slowdown : 1);
        return mean / 2 + static_cast<std::int64_t>(service_random.below(static_cast<std::uint64_t>(mean) + 1));
    };
    std::function<void(std::size_t)> send;
    std::function<void(Request)> serve = [&](Request request) {
        const std::size_t e = request.ticket.endpoint;
        ++busy[e];
        timers.call_at(clock.now() + service_time(e), [&, request] {
            const std::size_t at = request.ticket.endpoint;
            const std::int64_t latency = clock.now() - request.sent;
            balancer.finish(request.ticket, {true, std::chrono::nanoseconds(latency)});
            latencies.push_back(latency);
            ++served[at];
            const auto second = static_cast<std::size_t>(clock.now() / 1'000'000'000);
            ++result.answered_by_second.at(second);
            if (at == config.slow) ++result.slow_by_second.at(second);
            --busy[at];
            if (!waiting[at].empty()) {
                Request next = waiting[at].front();
                waiting[at].pop_front();
                serve(next);
            }
            if (clock.now() < end) send(request.client);
        });
    };
    send = [&](std::size_t client) {
        const auto ticket = balancer.pick(components::Route::read);
        if (!ticket) return;  // never here: nothing fails, nothing is ejected
        const Request request{*ticket, clock.now(), client};
        if (busy[ticket->endpoint] < config.workers)
            serve(request);
        else
            waiting[ticket->endpoint].push_back(request);
    };
    for (std::size_t c = 0; c < config.clients; ++c) send(c);
    timers.advance(config.duration);

    result.requests = latencies.size();
    if (latencies.empty()) return result;
    result.slow_share = static_cast<double>(served[config.slow]) / static_cast<double>(result.requests);
    const auto quantile = [&](double q) {
        const auto at = static_cast<std::size_t>(q * static_cast<double>(latencies.size() - 1));
        std::nth_element(latencies.begin(), latencies.begin() + static_cast<std::ptrdiff_t>(at), latencies.end());
        return std::chrono::nanoseconds(latencies[at]);
    };
    result.p50 = quantile(0.50);
    result.p99 = quantile(0.99);
    result.throughput = static_cast<double>(result.requests) / std::chrono::duration<double>(config.duration).count();
    return result;
}

}  // namespace balancer_simulation
