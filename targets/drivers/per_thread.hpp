#pragma once
// What a driver's sessions on one worker thread share (a socket poller, the
// thread's connection pools), made on the thread's first open_session() and
// ended with the last session that holds it. Sessions of several threads
// open at once, hence the lock; after that each thread uses its own.
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/query.hpp>

namespace throng::targets {

template <typename Shared>  // constructible from the thread's executor
class PerThread {
public:
    std::shared_ptr<Shared> get(const boost::asio::any_io_executor& executor) {
        const void* thread = &boost::asio::query(executor, boost::asio::execution::context);
        const std::lock_guard lock(mutex_);
        std::erase_if(threads_, [](const auto& entry) { return entry.second.expired(); });
        for (const auto& [key, shared] : threads_)
            if (key == thread) return shared.lock();
        auto shared = std::make_shared<Shared>(executor);
        threads_.emplace_back(thread, shared);
        return shared;
    }

private:
    std::mutex mutex_;
    std::vector<std::pair<const void*, std::weak_ptr<Shared>>> threads_;  // keyed by the io_context
};

}  // namespace throng::targets
