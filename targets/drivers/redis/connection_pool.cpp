#include "targets/drivers/redis/connection_pool.hpp"

#include <boost/asio/execution/context.hpp>
#include <boost/asio/query.hpp>

namespace throng::targets::redis {

ConnectionPool::ConnectionPool(const boost::asio::any_io_executor& executor,
                               const std::shared_ptr<const Endpoint>& endpoint) {
    for (int i = 0; i < endpoint->pool; ++i) connections_.push_back(std::make_shared<Connection>(executor, endpoint));
}

ConnectionPool::~ConnectionPool() {
    for (auto& connection : connections_) connection->drop(core::ErrorClass::other);
}

Connection& ConnectionPool::next() {
    Connection& connection = *connections_[next_];
    next_ = next_ + 1 == connections_.size() ? 0 : next_ + 1;
    return connection;
}

void ConnectionPool::forget(ConnectionClient* client) {
    for (auto& connection : connections_) connection->forget(client);
}

std::shared_ptr<ConnectionPool> PoolRegistry::pool_for(const boost::asio::any_io_executor& executor,
                                                       const std::shared_ptr<const Endpoint>& endpoint) {
    const void* thread = &boost::asio::query(executor, boost::asio::execution::context);
    const std::lock_guard lock(mutex_);
    auto& slot = pools_[{thread, endpoint.get()}];
    auto pool = slot.lock();
    if (!pool) {
        pool = std::make_shared<ConnectionPool>(executor, endpoint);
        slot = pool;
    }
    return pool;
}

}  // namespace throng::targets::redis
