#include "targets/drivers/postgres/pg_session.hpp"

#include <libpq-fe.h>

#include <chrono>
#include <string_view>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace throng::targets::postgres {

namespace asio = boost::asio;
using core::ErrorClass;
using core::SteadyClock;

PostgresSession::PostgresSession(const engine::SessionContext& context, std::shared_ptr<ThreadShared> shared)
    : watchdog_(context.watchdog), shared_(std::move(shared)), wake_(context.executor) {
    watchdog_.watch(this);
}

PostgresSession::~PostgresSession() {
    watchdog_.unwatch(this);
    if (waiting_) {
        waiting_->session = nullptr;
        waiting_in_->cancel(waiting_id_);
    }
}

void PostgresSession::interrupt() {
    if (current_ != nullptr) current_->interrupt();
    if (waiting_) wake_.cancel();
}

void PostgresSession::abort() {
    interruption_.aborted = true;
    interrupt();
}

void PostgresSession::expire() {
    interruption_.timed_out = true;
    interrupt();
}

Connection& PostgresSession::own_connection(const TargetSettings& target) {
    if (own_.size() <= target.index) own_.resize(target.index + 1);
    auto& connection = own_[target.index];
    if (!connection) connection = std::make_unique<Connection>(shared_->poller());
    return *connection;
}

asio::awaitable<Connection*> PostgresSession::pooled_connection(ConnectionPool& pool) {
    static constexpr std::string_view site = "postgres step";
    lease_ = pool.try_acquire(site);
    if (lease_) co_return lease_->get();
    // In line; the step's deadline (the watchdog) or an abort cuts it short.
    auto wait = std::make_shared<PoolWait>();
    wait->session = this;
    waiting_ = wait;
    waiting_in_ = &pool;
    waiting_id_ = pool.acquire(site, std::chrono::nanoseconds::max(),
                               [wait](std::error_code, ConnectionLease lease) {  // empty if the pool closed
                                   wait->lease = std::move(lease);
                                   wait->done = true;
                                   if (wait->session != nullptr) wait->session->wake_.cancel();
                               });
    wake_.expires_at(asio::steady_timer::time_point::max());
    boost::system::error_code ignored;  // ended by the pool's completion, or cut short
    co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    waiting_.reset();
    wait->session = nullptr;
    if (!wait->done) {
        // Cut short. If the pool's completion is already on its way, the
        // lease it brings goes back with `wait`.
        pool.cancel(waiting_id_);
        co_return nullptr;
    }
    if (!wait->lease || interruption_.any()) co_return nullptr;  // (a lease goes back with `wait`)
    lease_ = std::move(wait->lease);
    co_return lease_->get();
}

asio::awaitable<core::Outcome> PostgresSession::run(const PreparedPgStep& step, Exchange& exchange) {
    // (if/else rather than ?: around co_await, which GCC 12 mishandles)
    switch (step.spec->kind) {
    case PostgresStepSpec::Kind::query:
        co_return co_await run_pipeline(exchange);  // (unpipelined ones are run by execute() itself)
    case PostgresStepSpec::Kind::transaction: co_return co_await run_transaction(exchange);
    case PostgresStepSpec::Kind::script: co_return co_await run_script(exchange);
    }
    co_return core::Outcome{};
}

asio::awaitable<core::Outcome> PostgresSession::run_step(const PreparedPgStep& prepared, const engine::StepIo& io) {
    const TargetSettings& target = *prepared.target;
    if (io.reply != nullptr) io.reply->clear();
    interruption_ = {};
    core::Outcome out;

    Connection* connection = nullptr;
    ConnectionPool* pool = target.pool > 0 ? &shared_->pool_for(target) : nullptr;
    if (pool == nullptr) {
        connection = &own_connection(target);
    } else {
        // A pooled connection may take a while to come free: the step's timeout bounds that too.
        arm(core::saturating_add(SteadyClock::read(), prepared.timeout));
        connection = co_await pooled_connection(*pool);
        if (connection == nullptr) {
            disarm();
            out.error = interruption_.timed_out ? ErrorClass::timeout : ErrorClass::other;
            co_return out;
        }
    }
    current_ = connection;
    if (!connection->is_open()) {
        arm(core::saturating_add(SteadyClock::read(), target.connect_timeout));
        const Failure failure = co_await connection->connect(target, interruption_);
        if (failure.failed()) {
            disarm();
            current_ = nullptr;
            lease_.release();
            out.error = failure.error;
            out.code = failure.code;
            co_return out;
        }
    }

    const core::Nanos start = SteadyClock::read();
    arm(core::saturating_add(start, prepared.timeout));
    Exchange exchange{*connection, interruption_, io, params_, prepared};
    if (prepared.spec->kind == PostgresStepSpec::Kind::query && prepared.spec->pipeline == 0) {
        // The common case, timed here: one coroutine less on the hot path.
        out.start = start;
        const Collected collected = co_await query(exchange);
        out.end = SteadyClock::read();
        collected.into(out);
    } else {
        out = co_await run(prepared, exchange);
    }
    disarm();
    // On a timeout the server may still be busy with the statement: the
    // connection is dropped (and the server rolls back) rather than
    // cancelled, which would block. A connection is kept only when it is
    // idle, outside any transaction.
    const bool idle = connection->check_alive() && PQtransactionStatus(connection->pg()) == PQTRANS_IDLE;
    if (interruption_.any() || exchange.broken || !idle) connection->close();
    current_ = nullptr;
    lease_.release();  // a closed connection goes back too: the next step reopens it
    co_return out;
}

}  // namespace throng::targets::postgres
