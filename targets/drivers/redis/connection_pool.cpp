#include "targets/drivers/redis/connection_pool.hpp"

#include <chrono>

namespace throng::targets::redis {

ConnectionPool& ThreadShared::pool_for(const std::shared_ptr<const Endpoint>& endpoint) {
    auto& pool = pools_[endpoint.get()];
    if (!pool) {
        // A fixed set for the run: made now (unconnected: the first step on
        // each connects it, and reconnects it after a loss), shared without
        // a bound, never expired.
        components::PoolConfig config;
        config.min_size = config.max_size = static_cast<std::size_t>(endpoint->pool);
        config.max_borrowers = 0;
        config.idle_timeout = std::chrono::nanoseconds(0);
        config.max_lifetime = std::chrono::nanoseconds(0);
        config.lifetime_jitter = std::chrono::nanoseconds(0);
        components::PoolFactory<std::shared_ptr<Connection>> factory;
        factory.create = [poller = poller_, endpoint](components::Creation<std::shared_ptr<Connection>> creation) {
            creation.succeeded(std::make_shared<Connection>(poller, endpoint));
        };
        // Its pending commands fail (their VUs are gone by now).
        factory.destroy = [](std::shared_ptr<Connection>& connection) { connection->drop(core::ErrorClass::other); };
        pool = std::make_unique<ConnectionPool>(config, std::move(factory), timers_);
    }
    return *pool;
}

}  // namespace throng::targets::redis
