#pragma once
// Connections shared by the VUs of one worker thread (target.pool = N > 0),
// taken in turn: Redis answers the commands of a connection in order and
// hiredis calls back in order, so VUs interleaving on one connection each get
// their own replies.
#include <cstddef>
#include <map>
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "targets/drivers/redis/redis_connection.hpp"
#include "targets/drivers/socket_poller.hpp"

namespace throng::targets::redis {

class ConnectionPool {
public:
    ConnectionPool(const std::shared_ptr<SocketPoller>& poller, const std::shared_ptr<const Endpoint>& endpoint);
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    Connection& next();
    void forget(ConnectionClient* client);

private:
    std::vector<std::shared_ptr<Connection>> connections_;
    std::size_t next_ = 0;
};

// What one worker thread's sessions share: the poller their connections
// wait on, and a pool per pooled target. Used from that thread only; ended
// with the last of its sessions.
class ThreadShared {
public:
    explicit ThreadShared(const boost::asio::any_io_executor& executor)
        : poller_(std::make_shared<SocketPoller>(executor)) {}
    const std::shared_ptr<SocketPoller>& poller() const { return poller_; }
    ConnectionPool& pool_for(const std::shared_ptr<const Endpoint>& endpoint);

private:
    // Shared: connections keep it while they live, and it keeps itself
    // alive while it runs waiters.
    std::shared_ptr<SocketPoller> poller_;
    std::map<const Endpoint*, std::unique_ptr<ConnectionPool>> pools_;  // destroyed first
};

}  // namespace throng::targets::redis
