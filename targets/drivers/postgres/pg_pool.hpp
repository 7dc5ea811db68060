#pragma once
// Connections shared by the VUs of one worker thread (a target's `pool`):
// the components' generic pool (targets/components/pool), one per pooled
// target, lending a connection to one VU for a step. A connection is made
// unopened and opened by the session that takes it (so its failures are
// that step's, with their class and code), and given back closed after a
// loss, to be reopened by the next. Used from the worker's thread only.
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "targets/components/pool/connection_pool.hpp"
#include "targets/components/timers/timers.hpp"
#include "targets/drivers/postgres/pg_connection.hpp"
#include "targets/drivers/postgres/pg_target.hpp"
#include "targets/drivers/socket_poller.hpp"

namespace throng::targets::postgres {

using PooledConnection = std::unique_ptr<Connection>;
using ConnectionPool = components::ConnectionPool<PooledConnection>;
using ConnectionLease = components::Lease<PooledConnection>;

// What one worker thread's sessions share: the poller their connections
// wait on, and a pool per pooled target. Ended with the last of them (before
// the thread's io_context).
class ThreadShared {
public:
    explicit ThreadShared(const boost::asio::any_io_executor& executor)
        : poller_(std::make_shared<SocketPoller>(executor)), timers_(executor) {}
    SocketPoller& poller() { return *poller_; }
    ConnectionPool& pool_for(const TargetSettings& target);

private:
    std::shared_ptr<SocketPoller> poller_;                // shared: it keeps itself alive while it runs waiters
    components::AsioTimers timers_;                       // the pools' (they go first)
    std::vector<std::unique_ptr<ConnectionPool>> pools_;  // by target index; destroyed first
};

}  // namespace throng::targets::postgres
