// How a VU walks its flow: the step tree (requests, pauses, groups, loops,
// conditions), the templates' variables, feeders drawn once per iteration,
// extraction into variables and checks after each response, think time
// between requests. Open models measure every step from its intended start.
#include "harness/engine/flow_runner.hpp"

#include <algorithm>
#include <chrono>

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "harness/core/template.hpp"
#include "harness/core/think_time.hpp"
#include "harness/engine/engine_clock.hpp"
#include "harness/engine/virtual_user.hpp"

namespace throng::engine {

namespace asio = boost::asio;
using core::Nanos;

namespace {

bool never_connected(core::ErrorClass error) {
    return error == core::ErrorClass::connect_refused || error == core::ErrorClass::connect_timeout;
}

// A closed-model VU whose target refuses it would otherwise reconnect as fast
// as refusals come back (tens of thousands a second on loopback): it waits
// 10 ms after the first failed connect, doubling up to 1 s, each wait drawn
// from its upper half so that VUs do not retry in step.
Nanos reconnect_backoff(int failed_connects, core::Rng& rng) {
    constexpr Nanos first = 10'000'000, longest = 1'000'000'000;
    Nanos delay = first;
    for (int i = 1; i < failed_connects && delay < longest; ++i) delay *= 2;
    delay = std::min(delay, longest);
    return delay / 2 + static_cast<Nanos>(rng.uniform01() * static_cast<double>(delay / 2));
}

}  // namespace

FlowRunner::FlowRunner(const CompiledScenario& scenario, const CompiledPlan& plan,
                       std::span<core::FeederCursor* const> feeders, boost::asio::io_context& io, Watchdog& watchdog,
                       std::unique_ptr<MetricShard>& shard)
    : scenario_(scenario), plan_(plan), feeders_(feeders), io_(io), watchdog_(watchdog), shard_(shard) {}

struct FlowRunner::IterationState {
    Nanos intended = 0;  // open models: when the iteration should have started
    Nanos lag = 0;       // how late it did
    bool first_request = true;
    std::uint64_t requests = 0;                      // sent in this iteration
    const core::ThinkTime* pending_think = nullptr;  // to sit out before the next request
};

bool FlowRunner::draw_feeders(VirtualUser& vu) {
    for (const std::size_t feeder : scenario_.scenario->feeders) {
        const auto row = feeders_[feeder]->next(vu.rng);
        if (!row) return false;
        const auto& names = plan_.feeder_variables()[feeder];
        for (std::size_t c = 0; c < names.size() && c < row->size(); ++c) vu.variables.assign(names[c], (*row)[c]);
    }
    return true;
}

asio::awaitable<FlowRunner::Ending> FlowRunner::run_iteration(VirtualUser& vu, Nanos intended) {
    if (!draw_feeders(vu)) {
        // Not "dropped": that counts iterations the generator could not start in time.
        vu.flow = nullptr;
        co_return Ending::feeders_exhausted;
    }
    const CompiledFlow& flow = scenario_.pick_flow(vu.rng);
    vu.flow = &flow;
    std::fill(vu.checks.begin(), vu.checks.end(), -1);
    shard_->iteration_started();
    IterationState state;
    state.intended = intended;
    // In an open model every step is as late as the iteration started late:
    // that is the delay coordinated omission would hide. (Closed models need
    // no clock here: the driver times the exchange.)
    state.lag = intended != 0 ? EngineClock::read() - intended : 0;
    const Continuation next = co_await run_nodes(vu, flow.nodes, state);
    ++vu.iteration;
    // An iteration whose steps were all skipped never waited on anything:
    // let the loop's other work (control, collection, stop) run before the next.
    if (state.requests == 0) co_await asio::post(io_, asio::use_awaitable);
    if (next == Continuation::cut) {
        shard_->iteration_interrupted();
        co_return Ending::interrupted;
    }
    shard_->iteration_completed();
    co_return Ending::completed;
}

asio::awaitable<void> FlowRunner::pause(VirtualUser& vu, Nanos duration) {
    if (duration <= 0) co_return;
    vu.timer.expires_after(std::chrono::nanoseconds(duration));
    boost::system::error_code ignored;  // cancelled when the VU is stopped or cut
    co_await vu.timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}

Session& FlowRunner::session_for(VirtualUser& vu, std::size_t driver) {
    if (vu.sessions.size() <= driver) vu.sessions.resize(plan_.drivers().size());
    auto& session = vu.sessions[driver];
    if (!session) session = plan_.drivers()[driver]->open_session({io_.get_executor(), watchdog_, vu.id});
    return *session;
}

bool FlowRunner::holds(const VirtualUser& vu, const core::Condition& condition, int check_slot) {
    using Kind = core::Condition::Kind;
    switch (condition.kind) {
    case Kind::set:
    case Kind::unset: {
        const std::string* value = vu.variables.find(condition.name);
        const bool set = value != nullptr && !value->empty();
        return set == (condition.kind == Kind::set);
    }
    case Kind::passed:
    case Kind::failed: {
        const signed char state = check_slot >= 0 ? vu.checks[static_cast<std::size_t>(check_slot)] : -1;
        return state == (condition.kind == Kind::passed ? 1 : 0);
    }
    }
    return false;
}

asio::awaitable<FlowRunner::Continuation> FlowRunner::run_nodes(VirtualUser& vu, const std::vector<CompiledNode>& nodes,
                                                                IterationState& state) {
    using Kind = core::Step::Kind;
    for (const CompiledNode& node : nodes) {
        if (vu.cut) co_return Continuation::cut;
        const core::Step& step = *node.step;
        if (step.condition && !holds(vu, *step.condition, node.condition_check)) continue;
        switch (step.kind) {
        case Kind::request: {
            if (state.pending_think != nullptr) {
                co_await pause(vu, core::sample(*state.pending_think, vu.rng));
                state.pending_think = nullptr;
                if (vu.cut) co_return Continuation::cut;
            }
            // Open models keep their schedule (the arrival rate bounds them,
            // and a wait would read as the target's latency).
            if (vu.failed_connects > 0 && state.intended == 0) {
                co_await pause(vu, reconnect_backoff(vu.failed_connects, vu.rng));
                if (vu.cut) co_return Continuation::cut;
            }
            // Awaited here rather than in a coroutine of its own: one frame
            // less per request.
            const Nanos step_begin = state.intended != 0 ? EngineClock::read() : 0;
            const core::TemplateScope scope{&vu.variables, vu.id, vu.iteration, scenario_.name, &vu.rng};
            vu.more.clear();
            const StepIo io{scope, node.keeps_reply ? &vu.reply : nullptr, vu.more, &vu.variables};
            core::Outcome outcome = co_await session_for(vu, node.driver).execute(*node.prepared, io);
            vu.failed_connects = never_connected(outcome.error) ? vu.failed_connects + 1 : 0;
            const Continuation next = take_outcome(vu, node, state, outcome, step_begin);
            if (next != Continuation::next) co_return next;
            if (!node.after.is_none()) state.pending_think = &node.after;
            break;
        }
        case Kind::pause:
            state.pending_think = nullptr;  // an explicit pause replaces the think time
            co_await pause(vu, core::sample(step.pause, vu.rng));
            break;
        case Kind::set: {
            const core::TemplateScope scope{&vu.variables, vu.id, vu.iteration, scenario_.name, &vu.rng};
            for (const auto& [name, value] : step.assignments) vu.variables.set(name, value.render(scope));
            break;
        }
        case Kind::group: {
            const Continuation next = co_await run_nodes(vu, node.children, state);
            if (next != Continuation::next) co_return next;
            if (step.think_time) state.pending_think = &*step.think_time;
            break;
        }
        case Kind::loop: {
            const int passes = step.count > 0 ? step.count : step.max_passes;
            for (int pass = 0; pass < passes; ++pass) {
                if (step.while_condition && !holds(vu, *step.while_condition, node.while_check)) break;
                const Continuation next = co_await run_nodes(vu, node.children, state);
                if (next != Continuation::next) co_return next;
            }
            if (step.think_time) state.pending_think = &*step.think_time;
            break;
        }
        }
    }
    co_return vu.cut ? Continuation::cut : Continuation::next;
}

FlowRunner::Continuation FlowRunner::take_outcome(VirtualUser& vu, const CompiledNode& node, IterationState& state,
                                                  core::Outcome& outcome, Nanos step_begin) {
    const bool open_model = state.intended != 0;
    if (vu.cut) return Continuation::cut;  // aborted mid-request: not a measurement
    if (open_model) {
        // From the step's own (intended) beginning: connecting, retries and
        // all, not just the final exchange on the wire; every step as late as
        // the iteration started. (Pauses before it are not response time.)
        // A follow-up (a redirect's hop, reported after the request it
        // follows) is measured from that request's end, its connecting
        // included: the step's lateness is counted once, on its first request.
        const Nanos intended = step_begin - state.lag;
        Nanos previous_end = intended;
        const auto schedule = [&](core::Outcome& o) {
            o.intended = o.follow_up ? previous_end : intended;
            if (o.end != 0) previous_end = o.end;
        };
        for (PartOutcome& part : vu.more) schedule(part.outcome);
        schedule(outcome);
        if (state.first_request) {
            const core::Outcome& first = vu.more.empty() || !outcome.follow_up ? outcome : vu.more.front().outcome;
            shard_->record_send_lag((first.start != 0 ? first.start : step_begin) - intended);
        }
    }
    state.first_request = false;
    ++state.requests;
    shard_->record(node.metric, outcome);
    for (const PartOutcome& part : vu.more) shard_->record(node.metric + part.part, part.outcome);
    if (!node.keeps_reply) return Continuation::next;

    const core::Step& step = *node.step;
    // The generator's own work, in real time also when the run is in virtual time.
    const Nanos rules_began = core::SteadyClock::read();
    core::evaluate(step.extract, step.checks, vu.reply, outcome.responded, outcome.service_time(), vu.rules);
    shard_->record_rules_time(node.metric, core::SteadyClock::read() - rules_began);
    // Nothing found (and no default) unsets the variable: a `while` loop over
    // pages ends when the next-page cursor stops coming.
    for (std::size_t i = 0; i < step.extract.size(); ++i) {
        if (vu.rules.extracted[i])
            vu.variables.set(step.extract[i].variable, std::move(*vu.rules.extracted[i]));
        else
            vu.variables.erase(step.extract[i].variable);
    }
    for (std::size_t i = 0; i < step.checks.size(); ++i) {
        const bool passed = vu.rules.passed[i];
        shard_->record_check(node.first_check + i, passed);
        vu.checks[static_cast<std::size_t>(node.check_slots[i])] = passed ? 1 : 0;
    }
    return vu.rules.abort ? Continuation::abort_iteration : Continuation::next;
}

}  // namespace throng::engine
