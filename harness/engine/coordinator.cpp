#include "harness/engine/coordinator.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <random>
#include <thread>

#include <boost/asio/post.hpp>

#include "harness/engine/engine_clock.hpp"
#include "harness/engine/result_skeleton.hpp"
#include "harness/engine/virtual_time.hpp"

namespace throng::engine {

namespace asio = boost::asio;

namespace {

std::vector<const core::Scenario*> load_scenarios(const CompiledPlan& compiled) {
    std::vector<const core::Scenario*> scenarios;
    for (const auto& scenario : compiled.scenarios()) scenarios.push_back(scenario->scenario);
    return scenarios;
}

}  // namespace

Coordinator::Coordinator(const core::Plan& plan, std::span<Driver* const> drivers, const EngineOptions& options)
    : plan_(plan), options_(options), compiled_plan_(plan, drivers), warmup_(load_scenarios(compiled_plan_)) {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    threads_ = std::clamp(options.threads > 0 ? options.threads : cores, 1, std::max(1, plan.max_vus()));
    const std::uint64_t seed = options.seed != 0            ? options.seed
                               : plan.seed.value_or(0) != 0 ? *plan.seed
                                                            : std::random_device{}();
    seeder_ = core::Rng(seed);

    result_ = result_skeleton(plan, compiled_plan_, threads_);
    for (const auto& compiled : compiled_plan_.scenarios()) schedules_.emplace_back(compiled->scenario->executor);
    for (int i = 0; i < threads_; ++i) threads_list_.push_back(std::make_unique<WorkerThread>());
    for (const auto& feeder : plan.feeders) {
        feeders_.push_back(std::make_unique<core::FeederCursor>(feeder));
        feeder_pointers_.push_back(feeders_.back().get());
    }
}

Coordinator::~Coordinator() {
    // On an error path the threads may still run VUs: stop them before the groups go.
    for (auto& t : threads_list_) t->stop();
}

core::RunResult Coordinator::run() {
    asio::signal_set signals(io_);
    if (options_.handle_signals) {
        signals.add(SIGINT);
        signals.add(SIGTERM);
        wait_for_signal(signals);
    }
    // Setup and teardown leave the coordinator's loop idle while they run.
    guard_.emplace(io_.get_executor());
    std::optional<VirtualTimeSource> virtual_time;
    if (options_.virtual_clock != nullptr)
        virtual_time.emplace(*options_.virtual_clock);
    else
        for (auto& t : threads_list_) t->start();
    if (compiled_plan_.setup())
        start_one_shot(*compiled_plan_.setup(), false);
    else
        start_load();
    if (virtual_time) {
        // Every loop on this thread, the clock moved when all are idle.
        std::vector<asio::io_context*> loops{&io_};
        for (auto& t : threads_list_) loops.push_back(&t->io());
        run_in_virtual_time(loops, *options_.virtual_clock);
    } else {
        io_.run();
        for (auto& t : threads_list_) t->join();
    }
    return std::move(result_);
}

// A first signal stops gracefully (teardown still runs), a second cuts
// everything at once.
void Coordinator::wait_for_signal(asio::signal_set& signals) {
    signals.async_wait([this, &signals](const boost::system::error_code& ec, int number) {
        if (ec) return;
        const bool second = ++signals_received_ > 1;
        if (!result_.interrupted) {
            result_.interrupted = true;
            result_.interrupt_reason = number == SIGINT ? "SIGINT" : "SIGTERM";
        }
        hard_stopped_ = hard_stopped_ || second;
        for (auto& w : groups_) w->stop(second);
        if (one_shot_) one_shot_->stop(second || one_shot_ == setup_group_.get());
        wait_for_signal(signals);
    });
    signals_ = &signals;
}

void Coordinator::start_load() {
    // Start a little in the future so every group begins on the same instant.
    run_start_ = EngineClock::read() + 20'000'000;
    result_.started_at_epoch_s =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count() +
        static_cast<double>(run_start_ - EngineClock::read()) / 1e9;
    result_.started_at = iso8601_utc(result_.started_at_epoch_s);
    int vu_id_base = 0;
    const auto& scenarios = compiled_plan_.scenarios();
    for (std::size_t s = 0; s < scenarios.size(); ++s) {
        const core::Scenario& scenario = *scenarios[s]->scenario;
        const VuSchedule& schedule = schedules_[s];
        for (int i = 0; i < threads_; ++i) {
            // A thread without a VU of this scenario would only wait for its end.
            if (VuSchedule::share(schedule.max_vus(), i, threads_) == 0) continue;
            VuGroupSettings settings;
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
            settings.on_finished = [this] { asio::post(io_, [this] { on_group_finished(); }); };
            groups_.push_back(std::make_unique<VuGroup>(*scenarios[s], compiled_plan_, schedule, *threads_list_[i],
                                                        std::move(settings)));
            group_scenario_.push_back(s);
        }
        vu_id_base += scenario.max_vus();
    }
    for (auto& w : groups_) w->start();
    if (result_.interrupted)
        for (auto& w : groups_) w->stop(hard_stopped_);
    last_collect_ = run_start_;
    cpu_.start(threads_cpu());
    schedule_tick();
}

void Coordinator::on_group_finished() {
    if (++groups_done_ < groups_.size()) return;
    end_ = EngineClock::read();
    if (!collecting_) collect();  // the final interval; load_done() follows it
}

void Coordinator::load_done() {
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
    if (compiled_plan_.teardown() && !hard_stopped_) {
        start_one_shot(*compiled_plan_.teardown(), true);
        return;
    }
    finish();
}

void Coordinator::finish() {
    guard_.reset();
    if (signals_) signals_->cancel();
    for (auto& t : threads_list_) t->release();
}

}  // namespace throng::engine
