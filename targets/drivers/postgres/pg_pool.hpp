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

    ConnectionPool(boost::asio::any_io_executor executor, std::size_t capacity);

    // A free connection (opened or not), or a new one while under capacity; nullptr if all are taken.
    Connection* try_take();
    // Waits in line; granted() hands it the next connection given back.
    void enqueue(Waiter& waiter) { waiters_.push_back(&waiter); }
    void leave(Waiter& waiter);
    void give_back(Connection& connection);

private:
    boost::asio::any_io_executor executor_;
    std::size_t capacity_;
    std::vector<std::unique_ptr<Connection>> all_;
    std::vector<Connection*> free_;
    std::deque<Waiter*> waiters_;
};

// One worker thread's pools, one per pooled target; shared by the thread's
// sessions, and ended with the last of them (before the thread's io_context).
class ThreadPools {
public:
    explicit ThreadPools(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}
    ConnectionPool& pool_for(const TargetSettings& target);

private:
    boost::asio::any_io_executor executor_;
    std::vector<std::unique_ptr<ConnectionPool>> pools_;  // by target index
};

}  // namespace throng::targets::postgres
