#include "harness/engine/runner.hpp"

#include <algorithm>
#include <csignal>
#include <memory>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "harness/engine/cpu_meter.hpp"
#include "harness/engine/interval_accumulator.hpp"
#include "harness/engine/program.hpp"
#include "harness/engine/result_skeleton.hpp"
#include "harness/engine/vu_schedule.hpp"
#include "harness/engine/worker.hpp"
#include "harness/engine/worker_thread.hpp"

namespace throng::engine {

namespace asio = boost::asio;
using core::Nanos;

namespace {

// The coordinator: owns the worker threads and the workers (one per scenario
// per thread), runs setup, the load and teardown in turn, and does the
// once-a-second collection.
class Coordinator {
public:
    Coordinator(const core::Plan& plan, std::span<Driver* const> drivers, const EngineOptions& options)
        : plan_(plan), options_(options), program_(plan, drivers) {
        const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        threads_ = std::clamp(options.threads > 0 ? options.threads : cores, 1, std::max(1, plan.max_vus()));
        const std::uint64_t seed = options.seed != 0            ? options.seed
                                   : plan.seed.value_or(0) != 0 ? *plan.seed
                                                                : std::random_device{}();
        seeder_ = core::Rng(seed);

        result_ = result_skeleton(plan, program_, threads_);
        for (const auto& compiled : program_.scenarios()) schedules_.emplace_back(compiled->scenario->executor);
        for (int i = 0; i < threads_; ++i) threads_list_.push_back(std::make_unique<WorkerThread>());
        for (const auto& feeder : plan.feeders) {
            feeders_.push_back(std::make_unique<core::FeederCursor>(feeder));
            feeder_pointers_.push_back(feeders_.back().get());
        }
    }

    ~Coordinator() {
        // On an error path the threads may still run VUs: stop them before the workers go.
        for (auto& t : threads_list_) t->stop();
    }

    core::RunResult run() {
        asio::signal_set signals(io_);
        if (options_.handle_signals) {
            signals.add(SIGINT);
            signals.add(SIGTERM);
            wait_for_signal(signals);
        }
        // Setup and teardown leave the coordinator's loop idle while they run.
        guard_.emplace(io_.get_executor());
        for (auto& t : threads_list_) t->start();
        if (program_.setup())
            start_one_shot(*program_.setup(), false);
        else
            start_load();
        io_.run();
        for (auto& t : threads_list_) t->join();
        return std::move(result_);
    }

private:
    // A first signal stops gracefully (teardown still runs), a second cuts
    // everything at once.
    void wait_for_signal(asio::signal_set& signals) {
        signals.async_wait([this, &signals](const boost::system::error_code& ec, int number) {
            if (ec) return;
            const bool second = ++signals_received_ > 1;
            if (!result_.interrupted) {
                result_.interrupted = true;
                result_.interrupt_reason = number == SIGINT ? "SIGINT" : "SIGTERM";
            }
            hard_stopped_ = hard_stopped_ || second;
            for (auto& w : workers_) w->stop(second);
            if (one_shot_) one_shot_->stop(second || one_shot_ == setup_worker_.get());
            wait_for_signal(signals);
        });
        signals_ = &signals;
    }

    // Setup and teardown: one VU, one iteration, on the first thread.
    void start_one_shot(const CompiledScenario& compiled, bool teardown) {
        (teardown ? teardown_schedule_ : setup_schedule_).emplace(compiled.scenario->executor);
        WorkerSettings settings;
        settings.index = 0;
        settings.threads = 1;
        settings.run_start = core::SteadyClock::read();
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
        // The setup worker is kept (not replaced) until the threads have stopped:
        // its VU's sockets belong to the first thread's loop.
        (teardown ? teardown_worker_ : setup_worker_) =
            std::make_unique<Worker>(compiled, program_, teardown ? *teardown_schedule_ : *setup_schedule_,
                                     *threads_list_[0], std::move(settings));
        one_shot_ = (teardown ? teardown_worker_ : setup_worker_).get();
        one_shot_->start();
    }

    void one_shot_done(const MetricShard& shard, bool teardown) {
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
    std::string setup_failure(const MetricShard& shard) const {
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

    void start_load() {
        // Start a little in the future so every worker begins on the same instant.
        run_start_ = core::SteadyClock::read() + 20'000'000;
        result_.started_at_epoch_s =
            std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count() +
            static_cast<double>(run_start_ - core::SteadyClock::read()) / 1e9;
        result_.started_at = iso8601_utc(result_.started_at_epoch_s);
        int vu_id_base = 0;
        const auto& scenarios = program_.scenarios();
        for (std::size_t s = 0; s < scenarios.size(); ++s) {
            const core::Scenario& scenario = *scenarios[s]->scenario;
            const VuSchedule& schedule = schedules_[s];
            for (int i = 0; i < threads_; ++i) {
                // A thread without a VU of this scenario would only wait for its end.
                if (VuSchedule::share(schedule.max_vus(), i, threads_) == 0) continue;
                WorkerSettings settings;
                settings.index = i;
                settings.threads = threads_;
                settings.run_start = run_start_ + scenario.start_offset.count();
                settings.vu_id_base = vu_id_base;
                settings.variables = variables_;
                settings.feeders = feeder_pointers_;
                if (scenario.executor.iterations)
                    settings.iteration_budget =
                        VuSchedule::split(*scenario.executor.iterations, schedule.max_vus(), i, threads_);
                settings.seed = seeder_();
                settings.on_finished = [this] { asio::post(io_, [this] { on_worker_finished(); }); };
                workers_.push_back(std::make_unique<Worker>(*scenarios[s], program_, schedule, *threads_list_[i],
                                                            std::move(settings)));
                worker_scenario_.push_back(s);
            }
            vu_id_base += scenario.max_vus();
        }
        for (auto& w : workers_) w->start();
        if (result_.interrupted)
            for (auto& w : workers_) w->stop(hard_stopped_);
        last_collect_ = run_start_;
        cpu_.start(threads_cpu());
        schedule_tick();
    }

    // Ticks fall on a fixed grid from the start of the load (1 s, 2 s, ...), so
    // intervals keep their length even when a collection is slow; a tick that
    // comes while one is still under way is skipped.
    void schedule_tick() {
        ++ticks_;
        ticker_.expires_at(asio::steady_timer::time_point(std::chrono::nanoseconds(run_start_)) +
                           ticks_ * options_.interval);
        ticker_.async_wait([this](const boost::system::error_code& ec) {
            if (ec || load_finished_) return;
            if (!collecting_) collect();
            schedule_tick();
        });
    }

    // Asks every worker for its shard; the last one to answer closes the interval.
    void collect() {
        collecting_ = true;
        final_collect_ = workers_done_ == workers_.size();
        pending_ = workers_.size();
        interval_.begin(result_.steps.size(), result_.checks.size());
        mark_warmup(static_cast<Nanos>(result_.intervals.size()) * options_.interval.count() * 1'000'000);
        for (std::size_t w = 0; w < workers_.size(); ++w)
            workers_[w]->take_shard([this, w](std::unique_ptr<MetricShard> shard) {
                asio::post(io_, [this, w, shard = std::move(shard)]() mutable {
                    absorb(*shard, worker_scenario_[w]);
                    workers_[w]->recycle(std::move(shard));
                });
            });
    }

    // Which scenarios warm up in the interval on the grid being collected,
    // which starts `at` into the load: those within their warm-up's duration
    // from their own start, or short of its iterations when it began.
    void mark_warmup(Nanos at) {
        bool any_running = false;
        all_warming_ = true;
        for (std::size_t s = 0; s < warming_.size(); ++s) {
            const core::Scenario& scenario = *program_.scenarios()[s]->scenario;
            const core::Warmup& warmup = scenario.warmup;
            const Nanos start = scenario.start_offset.count();
            warming_[s] = (warmup.duration.count() > 0 && at < start + warmup.duration.count()) ||
                          (warmup.iterations > 0 && warm_iterations_[s] < warmup.iterations);
            if (at >= start && at < start + scenario.load_duration().count()) {
                any_running = true;
                all_warming_ = all_warming_ && warming_[s];
            }
        }
        all_warming_ = all_warming_ && any_running;
    }

    void absorb(const MetricShard& shard, std::size_t scenario) {
        const CompiledScenario& compiled = *program_.scenarios()[scenario];
        const bool warm = warming_[scenario] != 0;
        interval_.add(shard, compiled.first_metric, compiled.first_check, warm);
        core::ScenarioResult& s = result_.scenarios[scenario];
        if (warm) {
            warm_iterations_[scenario] += shard.iterations_completed();
        } else {
            s.iterations_completed += shard.iterations_completed();
            s.iterations_interrupted += shard.iterations_interrupted();
        }
        s.iterations_dropped += shard.iterations_dropped();
        result_.iterations_dropped += shard.iterations_dropped();
        if (--pending_ == 0) close_interval();
    }

    void close_interval() {
        const Nanos now = core::SteadyClock::read();
        core::Interval interval = interval_.close(result_, run_start_, last_collect_, now, all_warming_);
        const CpuMeter::Reading cpu = cpu_.close(now - last_collect_, threads_cpu());
        interval.process_cpu_s = cpu.process_s;
        interval.busiest_worker = cpu.busiest_worker;
        result_.intervals.push_back(interval);
        last_collect_ = now;
        collecting_ = false;

        const double elapsed_s = static_cast<double>(now - run_start_) / 1e9;
        const Nanos planned = plan_.load_duration().count();
        if (options_.on_interval) {
            const IntervalUpdate update{result_.intervals.back(), result_, elapsed_s,
                                        static_cast<double>(planned) / 1e9,
                                        workers_done_ > 0 || result_.interrupted || now - run_start_ >= planned};
            options_.on_interval(update);
        }
        if (options_.should_abort && !result_.interrupted && workers_done_ < workers_.size()) {
            if (auto reason = options_.should_abort(result_, elapsed_s)) {
                result_.interrupted = true;
                result_.aborted_by_threshold = true;
                result_.interrupt_reason = *reason;
                for (auto& w : workers_) w->stop(true);
            }
        }
        // Only a collection started after every worker ended holds the last data.
        if (workers_done_ == workers_.size()) {
            if (final_collect_)
                load_done();
            else
                collect();
        }
    }

    std::vector<Nanos> threads_cpu() const {
        std::vector<Nanos> out;
        for (const auto& t : threads_list_) out.push_back(t->cpu_time());
        return out;
    }

    void on_worker_finished() {
        if (++workers_done_ < workers_.size()) return;
        end_ = core::SteadyClock::read();
        if (!collecting_) collect();  // the final interval; load_done() follows it
    }

    void load_done() {
        load_finished_ = true;
        ticker_.cancel();
        result_.duration_s = static_cast<double>(end_ - run_start_) / 1e9;
        // With a warm-up, the run's duration (and every rate per second) is
        // the measured part's; the warm-up says how long it took (the seconds
        // in which every running scenario was warming up).
        if (std::ranges::any_of(plan_.scenarios, [](const core::Scenario& s) { return s.warmup.any(); })) {
            double warmup_s = 0;
            for (const auto& iv : result_.intervals)
                if (iv.warmup) warmup_s += iv.length_s;
            result_.warmup.duration_s = warmup_s;
            result_.duration_s -= warmup_s;
        }
        // Teardown cleans up after the load, also after Ctrl-C (not after a second one).
        if (program_.teardown() && !hard_stopped_) {
            start_one_shot(*program_.teardown(), true);
            return;
        }
        finish();
    }

    void finish() {
        guard_.reset();
        if (signals_) signals_->cancel();
        for (auto& t : threads_list_) t->release();
    }

    const core::Plan& plan_;
    const EngineOptions& options_;
    Program program_;
    std::vector<VuSchedule> schedules_;  // per scenario
    int threads_ = 1;
    core::Rng seeder_;
    asio::io_context io_{1};
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard_;
    asio::steady_timer ticker_{io_};
    asio::signal_set* signals_ = nullptr;
    // Threads before workers: a worker's sockets need its thread's io_context.
    std::vector<std::unique_ptr<WorkerThread>> threads_list_;
    std::vector<std::unique_ptr<Worker>> workers_;
    std::vector<std::size_t> worker_scenario_;  // per worker: its scenario's index
    std::optional<VuSchedule> setup_schedule_, teardown_schedule_;
    std::unique_ptr<Worker> setup_worker_, teardown_worker_;
    Worker* one_shot_ = nullptr;                                // the one running now
    std::shared_ptr<const core::Variables> variables_;          // what setup extracted
    std::vector<std::unique_ptr<core::FeederCursor>> feeders_;  // the run's place in each feeder
    std::vector<core::FeederCursor*> feeder_pointers_;
    core::RunResult result_;
    Nanos run_start_ = 0;
    Nanos end_ = 0;
    Nanos last_collect_ = 0;
    long long ticks_ = 0;
    bool collecting_ = false;
    bool final_collect_ = false;
    bool load_finished_ = false;
    bool hard_stopped_ = false;
    int signals_received_ = 0;
    std::size_t pending_ = 0;
    std::size_t workers_done_ = 0;
    IntervalAccumulator interval_;
    // Per scenario: warming up in the interval being collected (char: no
    // vector<bool> proxies), and the iterations it completed in its warm-up.
    std::vector<char> warming_ = std::vector<char>(program_.scenarios().size(), 0);
    std::vector<std::uint64_t> warm_iterations_ = std::vector<std::uint64_t>(program_.scenarios().size(), 0);
    bool all_warming_ = false;  // every scenario running in it is
    CpuMeter cpu_;
};

}  // namespace

core::RunResult run(const core::Plan& plan, std::span<Driver* const> drivers, const EngineOptions& options) {
    Coordinator coordinator(plan, drivers, options);
    return coordinator.run();
}

}  // namespace throng::engine
