#include "targets/drivers/redis/connection_pool.hpp"

namespace throng::targets::redis {

ConnectionPool::ConnectionPool(const std::shared_ptr<SocketPoller>& poller,
                               const std::shared_ptr<const Endpoint>& endpoint) {
    for (int i = 0; i < endpoint->pool; ++i) connections_.push_back(std::make_shared<Connection>(poller, endpoint));
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

ConnectionPool& ThreadShared::pool_for(const std::shared_ptr<const Endpoint>& endpoint) {
    auto& pool = pools_[endpoint.get()];
    if (!pool) pool = std::make_unique<ConnectionPool>(poller_, endpoint);
    return *pool;
}

}  // namespace throng::targets::redis
