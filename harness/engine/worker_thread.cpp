#include "harness/engine/worker_thread.hpp"

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

void WorkerThread::join() {
    if (thread_.joinable()) thread_.join();
}

}  // namespace throng::engine
