#pragma once
// One worker thread: its io_context, shared by the scenario workers pinned to it.
#include <cstdint>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace throng::engine {

class WorkerThread {
public:
    WorkerThread();
    ~WorkerThread();
    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;

    boost::asio::io_context& io() { return io_; }
    // CPU time the thread has used so far, ns (0 before start()); readable
    // from any thread.
    std::int64_t cpu_time() const;

    void start();
    // Lets the loop end once its work is done (called from any thread).
    void release();
    // Stops the loop now and waits for the thread (error paths).
    void stop();
    void join();

private:
    // Its sockets and timers are used from this thread alone (other threads
    // only post to it): the reactor needs no per-descriptor locking.
    boost::asio::io_context io_{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard_;
    std::thread thread_;
};

}  // namespace throng::engine
