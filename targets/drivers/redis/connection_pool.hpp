#pragma once
// Connections shared by the VUs of one worker thread (target.pool = N > 0):
// the components' generic pool (targets/components/pool) in shared mode, N
// connections made at the start and each lent to any number of VUs at
// once, the least-loaded first. Redis answers the commands of a connection
// in order and hiredis calls back in order, so VUs interleaving on one
// connection each get their own replies. A VU holds its lease for a step.
#include <map>
#include <memory>

#include <boost/asio/any_io_executor.hpp>

#include "targets/components/pool/connection_pool.hpp"
#include "targets/components/timers/timers.hpp"
#include "targets/drivers/redis/redis_connection.hpp"
#include "targets/drivers/socket_poller.hpp"

namespace throng::targets::redis {

using ConnectionPool = components::ConnectionPool<std::shared_ptr<Connection>>;
using ConnectionLease = components::Lease<std::shared_ptr<Connection>>;

// What one worker thread's sessions share: the poller their connections
// wait on, and a pool per pooled target. Used from that thread only; ended
// with the last of its sessions.
class ThreadShared {
public:
    explicit ThreadShared(const boost::asio::any_io_executor& executor)
        : poller_(std::make_shared<SocketPoller>(executor)), timers_(executor) {}
    const std::shared_ptr<SocketPoller>& poller() const { return poller_; }
    ConnectionPool& pool_for(const std::shared_ptr<const Endpoint>& endpoint);

private:
    // Shared: connections keep it while they live, and it keeps itself
    // alive while it runs waiters.
    std::shared_ptr<SocketPoller> poller_;
    components::AsioTimers timers_;                                     // the pools' (they go first)
    std::map<const Endpoint*, std::unique_ptr<ConnectionPool>> pools_;  // destroyed first
};

}  // namespace throng::targets::redis
