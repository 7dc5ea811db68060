// The once-a-second collection: every group hands over its metric shard, the
// last one closes the interval (warm-up marked by WarmupTracker, CPU read), progress is told,
// abort_on_fail thresholds are asked, and the final collection ends the load.
#include "harness/engine/coordinator.hpp"

#include <boost/asio/post.hpp>

#include "harness/engine/engine_clock.hpp"

namespace throng::engine {

namespace asio = boost::asio;
using core::Nanos;

// Ticks fall on a fixed grid from the start of the load (1 s, 2 s, ...), so
// intervals keep their length even when a collection is slow; a tick that
// comes while one is still under way is skipped.
void Coordinator::schedule_tick() {
    ++ticks_;
    ticker_.expires_at(EngineClock::at(run_start_) + ticks_ * options_.interval);
    ticker_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || load_finished_) return;
        if (!collecting_) collect();
        schedule_tick();
    });
}

// Asks every group for its shard; the last one to answer closes the interval.
void Coordinator::collect() {
    collecting_ = true;
    final_collect_ = groups_done_ == groups_.size();
    pending_ = groups_.size();
    interval_.begin(result_.steps.size(), result_.checks.size());
    warmup_.mark(static_cast<Nanos>(result_.intervals.size()) * options_.interval.count() * 1'000'000);
    for (std::size_t w = 0; w < groups_.size(); ++w)
        groups_[w]->take_shard([this, w](std::unique_ptr<MetricShard> shard) {
            asio::post(io_, [this, w, shard = std::move(shard)]() mutable {
                absorb(*shard, group_scenario_[w]);
                groups_[w]->recycle(std::move(shard));
            });
        });
}

void Coordinator::absorb(const MetricShard& shard, std::size_t scenario) {
    const CompiledScenario& compiled = *compiled_plan_.scenarios()[scenario];
    const bool warm = warmup_.warming(scenario);
    interval_.add(shard, compiled.first_metric, compiled.first_check, warm);
    core::ScenarioResult& s = result_.scenarios[scenario];
    if (warm) {
        warmup_.add_warm_iterations(scenario, shard.iterations_completed());
    } else {
        s.iterations_completed += shard.iterations_completed();
        s.iterations_interrupted += shard.iterations_interrupted();
    }
    s.iterations_dropped += shard.iterations_dropped();
    result_.iterations_dropped += shard.iterations_dropped();
    if (--pending_ == 0) close_interval();
}

void Coordinator::close_interval() {
    const Nanos now = EngineClock::read();
    core::Interval interval = interval_.close(result_, run_start_, last_collect_, now, warmup_.all_warming());
    const CpuMeter::Reading cpu = cpu_.close(now - last_collect_, threads_cpu());
    interval.process_cpu_s = cpu.process_s;
    interval.busiest_worker = cpu.busiest_worker;
    result_.intervals.push_back(interval);
    last_collect_ = now;
    collecting_ = false;

    const double elapsed_s = static_cast<double>(now - run_start_) / 1e9;
    const Nanos planned = plan_.load_duration().count();
    if (options_.on_interval) {
        const IntervalUpdate update{result_.intervals.back(), result_, elapsed_s, static_cast<double>(planned) / 1e9,
                                    groups_done_ > 0 || result_.interrupted || now - run_start_ >= planned};
        options_.on_interval(update);
    }
    if (options_.should_abort && !result_.interrupted && groups_done_ < groups_.size()) {
        if (auto reason = options_.should_abort(result_, elapsed_s)) {
            result_.interrupted = true;
            result_.aborted_by_threshold = true;
            result_.interrupt_reason = *reason;
            for (auto& w : groups_) w->stop(true);
        }
    }
    // Only a collection started after every group ended holds the last data.
    if (groups_done_ == groups_.size()) {
        if (final_collect_)
            load_done();
        else
            collect();
    }
}

std::vector<Nanos> Coordinator::threads_cpu() const {
    std::vector<Nanos> out;
    for (const auto& t : threads_list_) out.push_back(t->cpu_time());
    return out;
}

}  // namespace throng::engine
