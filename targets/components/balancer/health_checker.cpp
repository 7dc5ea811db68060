#include "targets/components/balancer/health_checker.hpp"

#include <stdexcept>
#include <utility>

namespace throng::components {

struct HealthChecker::State : std::enable_shared_from_this<State> {
    struct Endpoint {
        bool healthy = true;      // as this checker last set it
        bool out = false;         // a check is out
        std::uint64_t check = 0;  // which check is out: an answer to an older one is late
        Timers::Id timeout = 0;
        std::uint32_t failed = 0, passed = 0;
    };

    State(Balancer& b, Timers& t, HealthCheckConfig c, Check f)
        : balancer(b), timers(t), config(c), check(std::move(f)), endpoints(b.size()) {}

    Balancer& balancer;
    Timers& timers;
    const HealthCheckConfig config;
    const Check check;
    std::vector<Endpoint> endpoints;
    bool running = false;
    Timers::Id next_round = 0;
    core::Nanos round_at = 0;

    void round() {
        if (!running) return;
        for (std::size_t i = 0; i < endpoints.size() && running; ++i) begin(i);
        if (!running) return;
        // On a fixed grid: slow checks do not make the rounds drift.
        round_at += config.interval.count();
        std::weak_ptr<State> weak = weak_from_this();
        next_round = timers.call_at(round_at, [weak] {
            if (auto self = weak.lock()) self->round();
        });
    }

    void begin(std::size_t index) {
        Endpoint& e = endpoints[index];
        if (e.out) return;
        e.out = true;
        const std::uint64_t id = ++e.check;
        std::weak_ptr<State> weak = weak_from_this();
        e.timeout = timers.call_at(timers.now() + config.timeout.count(), [weak, index, id] {
            if (auto self = weak.lock()) self->answer(index, id, false, false);
        });
        check(index, [weak, index, id](bool ok) {
            if (auto self = weak.lock()) self->answer(index, id, ok, true);
        });
    }

    void answer(std::size_t index, std::uint64_t id, bool ok, bool cancel_timeout) {
        Endpoint& e = endpoints[index];
        if (!running || !e.out || e.check != id) return;  // late, twice, or stopped
        e.out = false;
        if (cancel_timeout) timers.cancel(e.timeout);
        if (ok) {
            e.failed = 0;
            ++e.passed;
            if (!e.healthy && e.passed >= config.healthy_after) set(index, true);
        } else {
            e.passed = 0;
            ++e.failed;
            if (e.healthy && e.failed >= config.unhealthy_after) set(index, false);
        }
    }

    void set(std::size_t index, bool healthy) {
        endpoints[index].healthy = healthy;
        balancer.set_healthy(index, healthy);
    }

    void stop() {
        if (!running) return;
        running = false;
        timers.cancel(next_round);
        for (Endpoint& e : endpoints) {
            if (e.out) timers.cancel(e.timeout);
            e.out = false;
        }
    }
};

HealthChecker::HealthChecker(Balancer& balancer, Timers& timers, HealthCheckConfig config, Check check) {
    if (config.interval.count() <= 0 || config.timeout.count() <= 0)
        throw std::invalid_argument("health checker: interval and timeout must be positive");
    if (config.unhealthy_after == 0 || config.healthy_after == 0)
        throw std::invalid_argument("health checker: thresholds must be at least 1");
    state_ = std::make_shared<State>(balancer, timers, config, std::move(check));
}

HealthChecker::~HealthChecker() { stop(); }

void HealthChecker::start() {
    if (state_->running) return;
    state_->running = true;
    state_->round_at = state_->timers.now();
    state_->round();
}

void HealthChecker::stop() { state_->stop(); }

std::uint32_t HealthChecker::failed_in_a_row(std::size_t endpoint) const {
    return state_->endpoints.at(endpoint).failed;
}
std::uint32_t HealthChecker::passed_in_a_row(std::size_t endpoint) const {
    return state_->endpoints.at(endpoint).passed;
}

}  // namespace throng::components
