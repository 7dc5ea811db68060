// Setup and teardown: a scenario of one VU running one iteration on the first
// thread, before and after the load. Setup's variables reach every VU of the
// load; a setup that fails ends the run before any load.
#include "harness/engine/coordinator.hpp"

#include <boost/asio/post.hpp>

#include "harness/engine/engine_clock.hpp"

namespace throng::engine {

namespace asio = boost::asio;

// Setup and teardown: one VU, one iteration, on the first thread.
void Coordinator::start_one_shot(const CompiledScenario& compiled, bool teardown) {
    (teardown ? teardown_schedule_ : setup_schedule_).emplace(compiled.scenario->executor);
    VuGroupSettings settings;
    settings.index = 0;
    settings.threads = 1;
    settings.run_start = EngineClock::read();
    settings.iteration_budget = 1;
    settings.seed = seeder_();
    settings.variables = variables_;
    settings.feeders = feeder_pointers_;
    settings.on_vu_ended = [this](const core::Variables& vars) {
        auto copy = std::make_shared<core::Variables>(vars);
        asio::post(io_, [this, copy] { variables_ = copy; });
    };
    settings.on_finished = [this, teardown] {
        asio::post(io_, [this, teardown] {
            one_shot_->take_shard([this, teardown](std::unique_ptr<MetricShard> shard) {
                asio::post(io_, [this, teardown, shard = std::shared_ptr<MetricShard>(std::move(shard))] {
                    one_shot_done(*shard, teardown);
                });
            });
        });
    };
    // The setup group is kept (not replaced) until the threads have stopped:
    // its VU's sockets belong to the first thread's loop.
    (teardown ? teardown_group_ : setup_group_) =
        std::make_unique<VuGroup>(compiled, compiled_plan_, teardown ? *teardown_schedule_ : *setup_schedule_,
                                  *threads_list_[0], std::move(settings));
    one_shot_ = (teardown ? teardown_group_ : setup_group_).get();
    one_shot_->start();
}

void Coordinator::one_shot_done(const MetricShard& shard, bool teardown) {
    auto& steps = teardown ? result_.teardown : result_.setup;
    shard.merge_into(steps);
    shard.merge_checks_into(teardown ? result_.teardown_checks : result_.setup_checks);
    if (teardown) {
        finish();
        return;
    }
    result_.setup_error = setup_failure(shard);
    if (!result_.setup_error.empty() || result_.interrupted) {
        if (!result_.setup_error.empty()) {
            result_.interrupted = true;
            if (result_.interrupt_reason.empty()) result_.interrupt_reason = "setup failed";
        }
        finish();
        return;
    }
    start_load();
}

// Setup must succeed for the load to mean anything: every request answered
// without error and every check passed.
std::string Coordinator::setup_failure(const MetricShard& shard) const {
    if (result_.interrupted) return "";  // stopped by a signal: said so already
    if (shard.iterations_completed() != 1) return "setup did not complete";
    for (const auto& step : result_.setup) {
        if (step.requests == 0) continue;
        if (step.error_count() > 0)
            return "step `" + step.name + "` failed (" + std::to_string(step.error_count()) + " error" +
                   (step.error_count() == 1 ? "" : "s") + ")";
    }
    for (const auto& check : result_.setup_checks) {
        if (check.fails > 0) return "check `" + check.name + "` of step `" + check.step + "` failed";
    }
    return "";
}

}  // namespace throng::engine
