#pragma once
// One worker thread: its io_context, shared by the scenario workers pinned to
// it, and what they share on that thread (a cursor per data feeder).
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "harness/core/feeder.hpp"
#include "harness/core/plan.hpp"

namespace throng::engine {

class WorkerThread {
public:
    WorkerThread(const core::Plan& plan, int index, int threads);
    ~WorkerThread();
    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;

    boost::asio::io_context& io() { return io_; }
    // By index into Plan::feeders; used on this thread only.
    std::vector<core::FeederCursor>& feeders() { return feeders_; }

    void start();
    // Lets the loop end once its work is done (called from any thread).
    void release();
    // Stops the loop now and waits for the thread (error paths).
    void stop();
    void join();

private:
    boost::asio::io_context io_{1};
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard_;
    std::vector<core::FeederCursor> feeders_;
    std::thread thread_;
};

}  // namespace throng::engine
