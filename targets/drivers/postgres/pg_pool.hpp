#pragma once
// Connections shared by the VUs of one worker thread (a target's `pool`): a
// VU takes a free one for a step, or waits, without blocking the thread, for
// one to be given back. Used from that thread only.
#include <cstddef>
#include <deque>
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "targets/drivers/postgres/pg_connection.hpp"
#include "targets/drivers/postgres/pg_target.hpp"
#include "targets/drivers/socket_poller.hpp"

namespace throng::targets::postgres {

class ConnectionPool {
public:
    // Told when a connection it waited for is handed to it.
    class Waiter {
    public:
        virtual void granted(Connection& connection) = 0;

    protected:
        ~Waiter() = default;
    };

    ConnectionPool(SocketPoller& poller, std::size_t capacity) : poller_(poller), capacity_(capacity) {}

    // A free connection (opened or not), or a new one while under capacity; nullptr if all are taken.
    Connection* try_take();
    // Waits in line; granted() hands it the next connection given back.
    void enqueue(Waiter& waiter) { waiters_.push_back(&waiter); }
    void leave(Waiter& waiter);
    void give_back(Connection& connection);

private:
    SocketPoller& poller_;
    std::size_t capacity_;
    std::vector<std::unique_ptr<Connection>> all_;
    std::vector<Connection*> free_;
    std::deque<Waiter*> waiters_;
};

// What one worker thread's sessions share: the poller their connections
// wait on, and a pool per pooled target. Ended with the last of them (before
// the thread's io_context).
class ThreadShared {
public:
    explicit ThreadShared(const boost::asio::any_io_executor& executor)
        : poller_(std::make_shared<SocketPoller>(executor)) {}
    SocketPoller& poller() { return *poller_; }
    ConnectionPool& pool_for(const TargetSettings& target);

private:
    std::shared_ptr<SocketPoller> poller_;                // shared: it keeps itself alive while it runs waiters
    std::vector<std::unique_ptr<ConnectionPool>> pools_;  // by target index; destroyed first
};

}  // namespace throng::targets::postgres
