#include "harness/engine/vu_group.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "harness/core/think_time.hpp"
#include "harness/engine/virtual_user.hpp"

namespace throng::engine {

namespace asio = boost::asio;
using core::Nanos;

namespace {
// How often the control loop follows the schedule and checks deadlines.
constexpr auto control_period = std::chrono::milliseconds(5);

}  // namespace

VuGroup::VuGroup(const CompiledScenario& scenario, const CompiledPlan& program, const VuSchedule& schedule,
                 WorkerThread& thread, VuGroupSettings settings)
    : scenario_(scenario),
      spec_(scenario.scenario->executor),
      compiled_plan_(program),
      io_(thread.io()),
      settings_(std::move(settings)),
      control_timer_(io_),
      roster_(spec_, schedule, settings_.index, settings_.threads),
      shard_(new_shard()),
      flow_runner_(scenario_, compiled_plan_, settings_.feeders, io_, watchdog_, shard_),
      seeder_(settings_.seed),
      iterations_left_(settings_.iteration_budget) {
    const auto& spec = spec_;
    if (spec.is_open_model()) {
        arrivals_.emplace(spec);
        dispatch_timer_.emplace(io_);
        pool_initial_ = VuSchedule::share(spec.pre_allocated_vus, settings_.index, settings_.threads);
        pool_max_ = VuSchedule::share(schedule.max_vus(), settings_.index, settings_.threads);
        pool_slots_ = schedule.max_vus();
        queue_max_ = VuSchedule::split(spec.max_queue, schedule.max_vus(), settings_.index, settings_.threads);
    }
}

VuGroup::~VuGroup() = default;

std::unique_ptr<MetricShard> VuGroup::new_shard() const {
    return std::make_unique<MetricShard>(scenario_.metrics.size(), spec_.expected_interval.count(),
                                         scenario_.checks.size());
}

void VuGroup::start() {
    asio::post(io_, [this] {
        asio::co_spawn(io_, control(), [](std::exception_ptr e) {
            if (e) std::rethrow_exception(e);  // a bug in the engine: let it surface
        });
    });
}

void VuGroup::take_shard(std::function<void(std::unique_ptr<MetricShard>)> deliver) {
    asio::post(io_, [this, deliver = std::move(deliver)] {
        auto full = std::exchange(shard_, spare_ ? std::move(spare_) : new_shard());
        full->active_vus = roster_.active();
        deliver(std::move(full));
    });
}

void VuGroup::recycle(std::unique_ptr<MetricShard> shard) {
    shard->reset();
    asio::post(io_, [this, shard = std::move(shard)]() mutable { spare_ = std::move(shard); });
}

void VuGroup::stop(bool hard) {
    asio::post(io_, [this, hard] {
        roster_.request_stop(hard);
        control_timer_.cancel();  // a scenario not started yet ends without waiting for its start
    });
}

asio::awaitable<void> VuGroup::control() {
    EngineTimer& tick = control_timer_;
    tick.expires_at(EngineClock::at(settings_.run_start));
    boost::system::error_code ignored;
    co_await tick.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    if (arrivals_)
        asio::co_spawn(io_, dispatch(), [](std::exception_ptr e) {
            if (e) std::rethrow_exception(e);
        });

    for (;;) {
        const Nanos now = EngineClock::read();
        if (arrivals_ && limit_reached_and_done()) roster_.iterations_exhausted();
        carry_out(roster_.tick(now - settings_.run_start));
        if (arrivals_ && roster_.draining()) end_open_model();
        watchdog_.check(now);
        if (roster_.finished()) break;
        tick.expires_after(control_period);
        co_await tick.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        if (!ignored) shard_->record_loop_lag(EngineClock::read() - EngineClock::nanos(tick.expiry()));
    }
    if (settings_.on_finished) settings_.on_finished();
}

void VuGroup::carry_out(const VuRoster::Decisions& decisions) {
    for (const int slot : decisions.start) start_vu(slot);
    for (const int slot : decisions.stop) {
        Vu& vu = *vus_[static_cast<std::size_t>(slot)];
        vu.stop_requested = true;
        if (vu.between_iterations || vu.waiting) vu.timer.cancel();  // no need to sit out the pause
    }
    for (const int slot : decisions.cut) cut(*vus_[static_cast<std::size_t>(slot)]);
}

void VuGroup::start_vu(int slot) {
    const auto index = static_cast<std::size_t>(slot);
    if (vus_.size() <= index) vus_.resize(index + 1);
    if (!vus_[index]) {
        const int id = settings_.vu_id_base + slot * settings_.threads + settings_.index + 1;
        vus_[index] = std::make_unique<Vu>(slot, id, seeder_(), io_);
        if (settings_.variables) {
            for (const auto& [name, value] : *settings_.variables) vus_[index]->variables.set(name, value);
        }
        vus_[index]->checks.assign(scenario_.check_names.size(), -1);
    }
    Vu& vu = *vus_[index];
    vu.stop_requested = false;
    vu.cut = false;
    vu.between_iterations = false;
    vu.waiting = false;
    vu.assignment.reset();
    asio::co_spawn(io_, run_vu(vu), [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
    });
}

void VuGroup::cut(Vu& vu) {
    vu.cut = true;
    vu.timer.cancel();
    for (auto& session : vu.sessions)
        if (session) session->abort();
}

// Closed models stop as soon as the limit is used up (waking VUs pausing
// between iterations); open models first run what they accepted (see
// limit_reached_and_done()).
bool VuGroup::take_iteration() {
    if (!iterations_left_) return true;
    if (*iterations_left_ == 0) {
        if (!arrivals_) roster_.iterations_exhausted();
        return false;
    }
    if (--*iterations_left_ == 0 && !arrivals_) roster_.iterations_exhausted();
    return true;
}

asio::awaitable<bool> VuGroup::run_iteration(Vu& vu, Nanos intended) {
    const FlowRunner::Ending ending = co_await flow_runner_.run_iteration(vu, intended);
    if (ending == FlowRunner::Ending::feeders_exhausted) {
        // The scenario ends here (each group finds out when its VUs ask).
        vu.stop_requested = true;
        roster_.iterations_exhausted();
    }
    co_return ending != FlowRunner::Ending::interrupted;
}

asio::awaitable<void> VuGroup::iterate(Vu& vu) {
    while (!vu.stop_requested && take_iteration()) {
        // Pacing needs the iteration's start; other VUs need no clock here.
        const Nanos began = scenario_.paced ? EngineClock::read() : 0;
        if (!co_await run_iteration(vu, 0)) break;
        if (vu.stop_requested || vu.flow == nullptr) continue;
        Nanos rest = 0;
        if (vu.flow->pacing > 0)
            rest = began + vu.flow->pacing - EngineClock::read();  // late: start the next at once
        else if (!vu.flow->between_iterations.is_none())
            rest = core::sample(vu.flow->between_iterations, vu.rng);
        if (rest > 0) {
            vu.between_iterations = true;
            co_await FlowRunner::pause(vu, rest);
            vu.between_iterations = false;
        }
    }
}

asio::awaitable<void> VuGroup::run_vu(Vu& vu) {
    try {
        if (arrivals_)
            co_await serve(vu);
        else
            co_await iterate(vu);
    } catch (const std::exception& e) {
        // A bug, not a target failure (drivers never throw): end this VU and say so.
        std::fprintf(stderr, "throng: internal error in virtual user %d: %s\n", vu.id, e.what());
    }
    if (settings_.on_vu_ended) settings_.on_vu_ended(vu.variables);
    // Its connections end with it: a session may keep work on the loop (an
    // HTTP/2 connection's reader), which would keep the worker running.
    vu.sessions.clear();
    roster_.ended(vu.slot);
}

}  // namespace throng::engine
