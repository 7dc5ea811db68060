#include "harness/engine/runner.hpp"

#include <algorithm>
#include <csignal>
#include <ctime>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "harness/core/histogram_codec.hpp"
#include "harness/engine/program.hpp"
#include "harness/engine/vu_schedule.hpp"
#include "harness/engine/worker.hpp"

namespace throng::engine {

namespace asio = boost::asio;
using core::Nanos;

namespace {

std::string iso8601_utc(double epoch_s) {
    const auto t = static_cast<std::time_t>(epoch_s);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

const char* executor_name(core::ExecutorSpec::Kind kind) {
    switch (kind) {
    case core::ExecutorSpec::Kind::constant_vus: return "constant-vus";
    case core::ExecutorSpec::Kind::ramping_vus: return "ramping-vus";
    case core::ExecutorSpec::Kind::constant_arrival_rate: return "constant-arrival-rate";
    case core::ExecutorSpec::Kind::ramping_arrival_rate: return "ramping-arrival-rate";
    }
    return "?";
}

// The coordinator: owns the workers and the once-a-second collection.
class Coordinator {
public:
    Coordinator(const core::Plan& plan, std::span<Driver* const> drivers, const EngineOptions& options)
        : options_(options), program_(plan, drivers), schedule_(plan.executor) {
        const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        threads_ = std::clamp(options.threads > 0 ? options.threads : cores, 1, std::max(1, schedule_.max_vus()));
        std::uint64_t seed = options.seed != 0 ? options.seed : std::random_device{}();
        core::Rng seeder(seed);

        result_.scenario_name = plan.name;
        result_.scenario_description = plan.description;
        result_.scenario_file = plan.source_file;
        result_.target_url = plan.target.url;
        result_.executor = executor_name(plan.executor.kind);
        result_.threads = threads_;
        result_.max_vus = schedule_.max_vus();
        result_.open_model = plan.executor.is_open_model();
        if (!result_.open_model) result_.expected_interval = plan.executor.expected_interval.count();
        result_.total.name = "all";
        for (const auto& flow : plan.flows)
            for (const auto& step : flow.steps) {
                core::StepResult s;
                s.name = step.name;
                s.flow = flow.name;
                s.description = step.spec ? step.spec->describe() : "";
                result_.steps.push_back(std::move(s));
            }

        // Start a little in the future so every worker begins on the same instant.
        run_start_ = core::SteadyClock::read() + 20'000'000;
        for (int i = 0; i < threads_; ++i) {
            WorkerSettings settings;
            settings.index = i;
            settings.threads = threads_;
            settings.run_start = run_start_;
            if (plan.executor.iterations)
                settings.iteration_budget = VuSchedule::split(*plan.executor.iterations, schedule_.max_vus(), i, threads_);
            settings.seed = seeder();
            settings.on_finished = [this] { asio::post(io_, [this] { on_worker_finished(); }); };
            workers_.push_back(std::make_unique<Worker>(program_, schedule_, std::move(settings)));
        }
    }

    core::RunResult run() {
        asio::signal_set signals(io_);
        if (options_.handle_signals) {
            signals.add(SIGINT);
            signals.add(SIGTERM);
            wait_for_signal(signals);
        }
        // When the load starts (run_start_ is a little ahead), in wall-clock time.
        result_.started_at_epoch_s =
            std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count() +
            static_cast<double>(run_start_ - core::SteadyClock::read()) / 1e9;
        result_.started_at = iso8601_utc(result_.started_at_epoch_s);
        for (auto& w : workers_) w->start();
        last_collect_ = run_start_;
        schedule_tick();
        io_.run();
        for (auto& w : workers_) w->join();
        result_.duration_s = static_cast<double>(end_ - run_start_) / 1e9;
        return std::move(result_);
    }

private:
    void wait_for_signal(asio::signal_set& signals) {
        signals.async_wait([this, &signals](const boost::system::error_code& ec, int number) {
            if (ec) return;
            const bool second = result_.interrupted;
            result_.interrupted = true;
            if (result_.interrupt_reason.empty()) result_.interrupt_reason = number == SIGINT ? "SIGINT" : "SIGTERM";
            for (auto& w : workers_) w->stop(second);
            wait_for_signal(signals);
        });
        signals_ = &signals;
    }

    // Ticks fall on a fixed grid from the start of the load (1 s, 2 s, ...), so
    // intervals keep their length even when a collection is slow; a tick that
    // comes while one is still under way is skipped.
    void schedule_tick() {
        ++ticks_;
        ticker_.expires_at(asio::steady_timer::time_point(std::chrono::nanoseconds(run_start_)) +
                           ticks_ * options_.interval);
        ticker_.async_wait([this](const boost::system::error_code& ec) {
            if (ec || finished_) return;
            if (!collecting_) collect();
            schedule_tick();
        });
    }

    // Asks every worker for its shard; the last one to answer closes the interval.
    void collect() {
        collecting_ = true;
        final_collect_ = workers_done_ == threads_;
        pending_ = threads_;
        interval_steps_.assign(result_.steps.size(), core::StepResult{});
        interval_vus_ = 0;
        interval_iterations_ = 0;
        interval_started_ = 0;
        interval_dropped_ = 0;
        for (auto& w : workers_)
            w->take_shard([this](std::unique_ptr<MetricShard> shard) {
                asio::post(io_, [this, shard = std::shared_ptr<MetricShard>(std::move(shard))] { absorb(*shard); });
            });
    }

    void absorb(const MetricShard& shard) {
        shard.merge_into(interval_steps_);
        interval_vus_ += shard.active_vus;
        interval_iterations_ += shard.iterations_completed() + shard.iterations_interrupted();
        result_.iterations_completed += shard.iterations_completed();
        result_.iterations_interrupted += shard.iterations_interrupted();
        result_.iterations_dropped += shard.iterations_dropped();
        result_.send_lag.merge(shard.send_lag());
        interval_started_ += shard.iterations_started();
        interval_dropped_ += shard.iterations_dropped();
        if (--pending_ == 0) close_interval();
    }

    void close_interval() {
        const Nanos now = core::SteadyClock::read();
        core::StepResult all;
        core::Interval interval;
        for (std::size_t i = 0; i < interval_steps_.size(); ++i) {
            const core::StepResult& step = interval_steps_[i];
            all.merge(step);
            result_.steps[i].merge(step);
            interval.histograms.push_back(
                {core::encode_compressed(step.latency),
                 step.response_time.count() > 0 ? core::encode_compressed(step.response_time) : std::string()});
        }
        result_.total.merge(all);

        interval.start_s = static_cast<double>(last_collect_ - run_start_) / 1e9;
        interval.length_s = static_cast<double>(now - last_collect_) / 1e9;
        interval.vus = interval_vus_;
        interval.requests = all.requests;
        interval.errors = all.error_count();
        interval.iterations = interval_iterations_;
        interval.started = interval_started_;
        interval.dropped = interval_dropped_;
        interval.p50 = all.latency.value_at_percentile(50);
        interval.p90 = all.latency.value_at_percentile(90);
        interval.p95 = all.latency.value_at_percentile(95);
        interval.p99 = all.latency.value_at_percentile(99);
        interval.max = all.latency.max();
        result_.intervals.push_back(interval);
        last_collect_ = now;
        collecting_ = false;

        if (options_.on_interval) {
            const IntervalUpdate update{result_.intervals.back(), result_,
                                        static_cast<double>(now - run_start_) / 1e9,
                                        static_cast<double>(schedule_.duration()) / 1e9,
                                        workers_done_ > 0 || result_.interrupted ||
                                            now - run_start_ >= schedule_.duration()};
            options_.on_interval(update);
        }
        // Only a collection started after every worker ended holds the last data.
        if (workers_done_ == threads_) {
            if (final_collect_) finish();
            else collect();
        }
    }

    void on_worker_finished() {
        if (++workers_done_ < threads_) return;
        end_ = core::SteadyClock::read();
        if (!collecting_) collect();  // the final interval; finish() follows it
    }

    void finish() {
        finished_ = true;
        ticker_.cancel();
        if (signals_) signals_->cancel();
        for (auto& w : workers_) w->release();
    }

    const EngineOptions& options_;
    Program program_;
    VuSchedule schedule_;
    int threads_ = 1;
    asio::io_context io_{1};
    asio::steady_timer ticker_{io_};
    asio::signal_set* signals_ = nullptr;
    std::vector<std::unique_ptr<Worker>> workers_;
    core::RunResult result_;
    Nanos run_start_ = 0;
    Nanos end_ = 0;
    Nanos last_collect_ = 0;
    long long ticks_ = 0;
    bool collecting_ = false;
    bool final_collect_ = false;
    bool finished_ = false;
    int pending_ = 0;
    int workers_done_ = 0;
    std::vector<core::StepResult> interval_steps_;
    int interval_vus_ = 0;
    std::uint64_t interval_iterations_ = 0;
    std::uint64_t interval_started_ = 0;
    std::uint64_t interval_dropped_ = 0;
};

}  // namespace

core::RunResult run(const core::Plan& plan, std::span<Driver* const> drivers, const EngineOptions& options) {
    Coordinator coordinator(plan, drivers, options);
    return coordinator.run();
}

}  // namespace throng::engine
