#pragma once
// Active health checks for a Balancer's endpoints: every `interval`, the
// user's asynchronous check runs for each endpoint (one at a time per
// endpoint: a check still out is not doubled), and its answer moves the
// endpoint's health flag: unhealthy after `unhealthy_after` failed checks in
// a row, healthy again after `healthy_after` passed ones. A check not
// answered within `timeout` failed; its late answer is ignored.
//
//   HealthChecker checker(balancer, timers, {.interval = 5s}, [&](std::size_t endpoint, auto done) {
//       ping_async(balancer.endpoint(endpoint).name, [done](bool ok) { done(ok); });
//   });
//   checker.start();
//
// Like its Timers, it belongs to one executor: start, stop and the `done`
// callbacks run on that executor's thread. `done` may be called inside the
// check, later, or never, and after the checker is gone (then it does
// nothing). The balancer it drives stays usable from any thread.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "targets/components/balancer/balancer.hpp"
#include "targets/components/timers/timers.hpp"

namespace throng::components {

struct HealthCheckConfig {
    std::chrono::nanoseconds interval = std::chrono::seconds(5);
    std::chrono::nanoseconds timeout = std::chrono::seconds(2);
    std::uint32_t unhealthy_after = 3;
    std::uint32_t healthy_after = 2;
};

class HealthChecker {
public:
    using Done = std::function<void(bool ok)>;
    using Check = std::function<void(std::size_t endpoint, Done done)>;

    // Throws std::invalid_argument for a non-positive interval or timeout or
    // a threshold of 0.
    HealthChecker(Balancer& balancer, Timers& timers, HealthCheckConfig config, Check check);
    ~HealthChecker();  // stops
    HealthChecker(const HealthChecker&) = delete;
    HealthChecker& operator=(const HealthChecker&) = delete;

    // The first round at once, then one every interval.
    void start();
    // No more rounds; answers still out are ignored.
    void stop();

    // Checks failed (or passed) in a row so far, for tests and dashboards.
    std::uint32_t failed_in_a_row(std::size_t endpoint) const;
    std::uint32_t passed_in_a_row(std::size_t endpoint) const;

private:
    struct State;
    std::shared_ptr<State> state_;  // shared with the timers' and checks' callbacks, which may outlive this
};

}  // namespace throng::components
