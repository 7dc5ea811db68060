#pragma once
// One VU's use of PostgreSQL: its own connection per target (opened on first
// use, reopened after a loss), or one borrowed from its thread's pool for
// each step; the step's deadline through the worker's watchdog.
#include <memory>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "harness/engine/driver.hpp"
#include "harness/engine/watchdog.hpp"
#include "targets/drivers/postgres/pg_connection.hpp"
#include "targets/drivers/postgres/pg_exchange.hpp"
#include "targets/drivers/postgres/pg_pool.hpp"
#include "targets/drivers/postgres/pg_prepared.hpp"

namespace throng::targets::postgres {

class PostgresSession final : public engine::SessionOf<PreparedPgStep>, private engine::Deadline {
public:
    PostgresSession(const engine::SessionContext& context, std::shared_ptr<ThreadShared> shared);
    ~PostgresSession() override;

    void abort() override;

private:
    boost::asio::awaitable<core::Outcome> run_step(const PreparedPgStep& prepared, const engine::StepIo& io) override;
    void expire() override;  // the watchdog says the current phase took too long
    Connection& own_connection(const TargetSettings& target);
    // A connection of the thread's pool, waiting for one to come free;
    // nullptr if the wait was cut short.
    boost::asio::awaitable<Connection*> pooled_connection(ConnectionPool& pool);
    boost::asio::awaitable<core::Outcome> run(const PreparedPgStep& step, Exchange& exchange);
    void interrupt();

    engine::Watchdog& watchdog_;
    std::shared_ptr<ThreadShared> shared_;
    std::vector<std::unique_ptr<Connection>> own_;  // by target index, when not pooled
    Interruption interruption_;
    Connection* current_ = nullptr;  // in use by the running step
    // A wait for a pooled connection, shared with the pool's completion,
    // which may come after the session has stopped waiting (or is gone).
    struct PoolWait {
        PostgresSession* session = nullptr;  // null once no one waits
        bool done = false;
        ConnectionLease lease;
    };
    std::shared_ptr<PoolWait> waiting_;
    ConnectionPool* waiting_in_ = nullptr;
    ConnectionPool::AcquireId waiting_id_ = 0;
    boost::asio::steady_timer wake_;  // ends the wait for a pooled connection
    ParamBuffers params_;
    ConnectionLease lease_;  // the pooled connection of the running step (ends before shared_)
};

}  // namespace throng::targets::postgres
