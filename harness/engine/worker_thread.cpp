#include "harness/engine/worker_thread.hpp"

#include <pthread.h>
#include <time.h>

#include <boost/asio/post.hpp>

namespace throng::engine {

WorkerThread::WorkerThread() { guard_.emplace(io_.get_executor()); }

WorkerThread::~WorkerThread() { stop(); }

void WorkerThread::start() {
    thread_ = std::thread([this] { io_.run(); });
}

void WorkerThread::release() {
    boost::asio::post(io_, [this] { guard_.reset(); });
}

void WorkerThread::stop() {
    if (!thread_.joinable()) return;
    io_.stop();
    thread_.join();
}

std::int64_t WorkerThread::cpu_time() const {
    if (!thread_.joinable()) return 0;
    clockid_t clock{};
    // const_cast: native_handle() is not const, though it only reads the id.
    if (::pthread_getcpuclockid(const_cast<std::thread&>(thread_).native_handle(), &clock) != 0) return 0;
    timespec t{};
    if (::clock_gettime(clock, &t) != 0) return 0;
    return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

void WorkerThread::join() {
    if (thread_.joinable()) thread_.join();
}

}  // namespace throng::engine
