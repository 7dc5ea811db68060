#include "targets/drivers/postgres/pg_pool.hpp"

#include <algorithm>

namespace throng::targets::postgres {

Connection* ConnectionPool::try_take() {
    if (!free_.empty()) {
        Connection* connection = free_.back();  // the most recently used: warm, likely open
        free_.pop_back();
        return connection;
    }
    if (all_.size() >= capacity_) return nullptr;
    all_.push_back(std::make_unique<Connection>(poller_));
    return all_.back().get();
}

void ConnectionPool::leave(Waiter& waiter) { std::erase(waiters_, &waiter); }

void ConnectionPool::give_back(Connection& connection) {
    if (waiters_.empty()) {
        free_.push_back(&connection);
        return;
    }
    Waiter* next = waiters_.front();
    waiters_.pop_front();
    next->granted(connection);
}

ConnectionPool& ThreadShared::pool_for(const TargetSettings& target) {
    if (pools_.size() <= target.index) pools_.resize(target.index + 1);
    auto& pool = pools_[target.index];
    if (!pool) pool = std::make_unique<ConnectionPool>(*poller_, static_cast<std::size_t>(target.pool));
    return *pool;
}

}  // namespace throng::targets::postgres
