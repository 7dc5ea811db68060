#pragma once
// A driver for testing the engine in-process: a "fake" step does not reach
// anything, it waits the delay its spec scripts and returns the outcome its
// spec scripts. With it, executors, graceful stop, open-model queueing,
// threshold aborts and interval collection run in the test's own process,
// without a target or a subprocess. It waits on the engine's timers and reads
// the engine's clock, so it runs in virtual time too
// (EngineOptions::virtual_clock).
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "harness/core/clock.hpp"
#include "harness/core/plan.hpp"
#include "harness/engine/driver.hpp"
#include "harness/engine/engine_clock.hpp"
#include "harness/engine/engine_timer.hpp"

namespace throng::test {

struct FakeStep final : core::StepSpec {
    std::chrono::nanoseconds delay{0};  // before the outcome
    int status = 200;
    core::ErrorClass error = core::ErrorClass::none;
    std::string code;  // the protocol's error code, if any
    std::string body;
    // Requests before the final one, each taking `delay`, sent one after
    // the other as a redirect's hops are (Outcome::follow_up after the first).
    int hops = 0;
    std::string_view protocol() const override { return "fake"; }
    std::string describe() const override { return "fake"; }
};

// A request step named `name` whose run is scripted by `script`.
inline core::Step fake_step(std::string name, FakeStep script = {}) {
    core::Step step;
    step.kind = core::Step::Kind::request;
    step.name = std::move(name);
    step.spec = std::make_shared<FakeStep>(std::move(script));
    return step;
}

class FakeDriver final : public engine::Driver {
public:
    // What the engine asked of it, from every worker thread.
    struct Counts {
        std::atomic<int> sessions{0};
        std::atomic<int> steps_started{0};
        std::atomic<int> steps_aborted{0};
    };

    std::string_view protocol() const override { return "fake"; }
    bool serves(const core::Target& target) const override { return target.url.starts_with("fake://"); }
    std::unique_ptr<engine::PreparedStep> prepare(const core::Step& step, const core::Target&,
                                                  const core::ReplyNeeds&) override {
        return std::make_unique<Prepared>(static_cast<const FakeStep&>(*step.spec));
    }
    std::unique_ptr<engine::Session> open_session(const engine::SessionContext& context) override {
        ++counts.sessions;
        return std::make_unique<Session>(context, counts);
    }

    Counts counts;

private:
    struct Prepared final : engine::PreparedStep {
        explicit Prepared(FakeStep s) : script(std::move(s)) {}
        FakeStep script;
    };

    class Session final : public engine::SessionOf<Prepared> {
    public:
        Session(const engine::SessionContext& context, Counts& counts) : timer_(context.executor), counts_(counts) {}
        void abort() override { timer_.cancel(); }

    private:
        boost::asio::awaitable<core::Outcome> run_step(const Prepared& step, const engine::StepIo& io) override {
            const FakeStep& script = step.script;
            ++counts_.steps_started;
            for (int hop = 0; hop < script.hops; ++hop) {
                core::Outcome before = co_await one_request(script);
                before.follow_up = hop > 0;
                if (!before.responded) co_return before;
                io.more.push_back({0, before});
            }
            core::Outcome out = co_await one_request(script);
            out.follow_up = script.hops > 0;
            if (io.reply != nullptr) {
                io.reply->status = script.status;
                io.reply->body = script.body;
            }
            co_return out;
        }

        boost::asio::awaitable<core::Outcome> one_request(const FakeStep& script) {
            core::Outcome out;
            out.start = engine::EngineClock::read();
            if (script.delay.count() > 0) {
                timer_.expires_after(script.delay);
                boost::system::error_code ec;
                co_await timer_.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
                if (ec) {  // aborted: as a real driver whose connection was closed under it
                    ++counts_.steps_aborted;
                    out.end = engine::EngineClock::read();
                    out.error = core::ErrorClass::reset;
                    co_return out;
                }
            }
            out.end = engine::EngineClock::read();
            out.responded = true;
            out.status = script.status;
            out.error = script.error;
            if (!script.code.empty()) out.code.assign(script.code);
            co_return out;
        }

        engine::EngineTimer timer_;
        Counts& counts_;
    };
};

// A plan of one scenario whose only flow is `steps`, against a fake target.
inline core::Plan fake_plan(core::ExecutorSpec executor, std::vector<core::Step> steps) {
    core::Plan plan;
    plan.name = "in-process";
    plan.main_target().url = "fake://target";
    plan.seed = 7;
    core::Flow flow;
    flow.name = "default";
    flow.steps = std::move(steps);
    core::Scenario scenario;
    scenario.name = "default";
    scenario.executor = executor;
    scenario.flows.push_back(std::move(flow));
    plan.scenarios.push_back(std::move(scenario));
    return plan;
}

}  // namespace throng::test
