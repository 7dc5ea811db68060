#include "targets/drivers/postgres/pg_pool.hpp"

#include <chrono>

namespace throng::targets::postgres {

ConnectionPool& ThreadShared::pool_for(const TargetSettings& target) {
    if (pools_.size() <= target.index) pools_.resize(target.index + 1);
    auto& pool = pools_[target.index];
    if (!pool) {
        // As many connections as `pool` says, made as VUs need them and kept
        // for the run: no idle expiry or lifetime (a load test's connection
        // churn would be its own doing), no check on borrow (a lost
        // connection is found and reopened by the step that uses it).
        components::PoolConfig config;
        config.max_size = static_cast<std::size_t>(target.pool);
        config.idle_timeout = std::chrono::nanoseconds(0);
        config.max_lifetime = std::chrono::nanoseconds(0);
        config.lifetime_jitter = std::chrono::nanoseconds(0);
        components::PoolFactory<PooledConnection> factory;
        factory.create = [poller = poller_](components::Creation<PooledConnection> creation) {
            creation.succeeded(std::make_unique<Connection>(*poller));
        };
        pool = std::make_unique<ConnectionPool>(config, std::move(factory), timers_);
    }
    return *pool;
}

}  // namespace throng::targets::postgres
