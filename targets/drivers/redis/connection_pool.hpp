#pragma once
// Connections shared by the VUs of one worker thread (target.pool = N > 0),
// taken in turn: Redis answers the commands of a connection in order and
// hiredis calls back in order, so VUs interleaving on one connection each get
// their own replies.
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "targets/drivers/redis/redis_connection.hpp"

namespace throng::targets::redis {

class ConnectionPool {
public:
    ConnectionPool(const boost::asio::any_io_executor& executor, const std::shared_ptr<const Endpoint>& endpoint);
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    Connection& next();
    void forget(ConnectionClient* client);

private:
    std::vector<std::shared_ptr<Connection>> connections_;
    std::size_t next_ = 0;
};

// Every worker thread's pools, by thread (its io_context) and target. Sessions
// of several threads ask at once, when they first reach a target.
class PoolRegistry {
public:
    std::shared_ptr<ConnectionPool> pool_for(const boost::asio::any_io_executor& executor,
                                             const std::shared_ptr<const Endpoint>& endpoint);

private:
    std::mutex mutex_;
    std::map<std::pair<const void*, const Endpoint*>, std::weak_ptr<ConnectionPool>> pools_;
};

}  // namespace throng::targets::redis
