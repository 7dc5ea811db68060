#pragma once
// A generic asynchronous connection pool: between min_size and max_size
// connections of any type C (made by a user's factory), lent to borrowers as
// RAII leases. A borrower takes one at once (try_acquire) or waits in a fair
// FIFO line with its own deadline (acquire). Connections idle too long above
// min_size are closed, each one retires after its own jittered lifetime (a
// batch made together does not reconnect together), one idle longer than
// validate_after_idle is health-checked before it is lent, and a lease held
// longer than leak_after is reported with the site that took it. With
// max_borrowers > 1 (or 0: unbounded) a connection is shared by several
// borrowers at once, the least-loaded first: pipelining, as Redis allows.
//
//   ConnectionPool<Db> pool({.min_size = 2, .max_size = 8}, {.create = connect_db}, timers);
//   if (auto lease = pool.try_acquire("checkout")) return run(*lease);
//   pool.acquire("checkout", 2s, [](std::error_code error, Lease<Db> lease) {
//       if (!error) run(*lease); });  // the lease goes back when it ends
//
// Like an Asio object it belongs to one executor: not thread-safe; the pool,
// its leases and its Timers are used from one thread (throng keeps one pool
// per worker thread). Completions never run inside the call that started
// them: they run from the Timers (an acquire served at once, by the next
// turn of the executor). A lease may outlive its pool: its connection is then
// destroyed when it ends. The Timers must outlive the pool, and the factory
// whatever it refers to until the last lease and creation are over. While
// open, its expiry and leak timers keep an io_context's run() going, as any
// pending Asio operation does: close or destroy it to let run() end.
//
// Choices (see PoolConfig for the numbers):
// - FIFO is strict: try_acquire gives nothing while anyone waits, and a
//   connection given back goes to the first in line.
// - A failed creation keeps everyone's place: the line is served by whatever
//   connection comes next. Creations then back off (create_retry_delay,
//   doubling). A waiter gets pool_errc::timeout at its deadline, or with
//   fail_fast_on_creation_error the first one gets the factory's error at once.
// - A failed health check destroys that connection; the borrower keeps its
//   place and gets the next one (waiters behind it may be served meanwhile by
//   connections that need no check).
// - Closing (or destroying) the pool completes the waiters with
//   pool_errc::closed and closes the idle connections; lent ones are closed
//   when their leases end.
// - Shared mode: a borrower gets the least-loaded connection below
//   max_borrowers; a new connection is made, while under max_size, once no
//   open one is idle (spread first, then share). min_size = max_size gives a
//   fixed set, as throng's Redis `pool: N`.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "harness/core/histogram.hpp"
#include "targets/components/pool/pool_config.hpp"
#include "targets/components/pool/pool_core.hpp"
#include "targets/components/timers/timers.hpp"

namespace throng::components {

template <class C>
class ConnectionPool;
namespace pool_detail {
template <class C>
class PoolState;
}

// Handed to the factory's create: call succeeded or failed once, at once or
// later. Dropped without a call, the creation counts as failed
// (std::errc::operation_canceled).
template <class C>
class Creation {
public:
    Creation(Creation&& other) noexcept : state_(std::exchange(other.state_, nullptr)), slot_(other.slot_) {}
    Creation& operator=(Creation&&) = delete;
    Creation(const Creation&) = delete;
    ~Creation() {
        if (state_ != nullptr) failed(std::make_error_code(std::errc::operation_canceled));
    }
    void succeeded(C connection) {
        if (auto* state = std::exchange(state_, nullptr)) state->created(slot_, std::move(connection));
    }
    void failed(std::error_code why = pool_errc::creation_failed) {
        if (auto* state = std::exchange(state_, nullptr))
            state->creation_done(slot_, why ? why : pool_errc::creation_failed);
    }

private:
    friend class pool_detail::PoolState<C>;
    Creation(pool_detail::PoolState<C>* state, pool_detail::SlotId slot) : state_(state), slot_(slot) {}
    pool_detail::PoolState<C>* state_;
    pool_detail::SlotId slot_;
};

// How connections are made, checked and closed. None may throw.
template <class C>
struct PoolFactory {
    std::function<void(Creation<C>)> create = {};  // required
    // Optional: the health check on borrow after validate_after_idle.
    std::function<void(C&, CheckDone)> check = {};
    // Optional: run before the connection is dropped (it may move it out to
    // close it asynchronously); C's destructor runs after it.
    std::function<void(C&)> destroy = {};
};

// A borrowed connection: given back when the lease ends (destroyed, moved
// over, or release()); discard() instead if it is broken.
template <class C>
class Lease {
public:
    Lease() = default;
    Lease(Lease&& other) noexcept
        : state_(std::exchange(other.state_, nullptr)), connection_(other.connection_), loan_(other.loan_) {}
    Lease& operator=(Lease&& other) noexcept {
        if (this != &other) {
            release();
            state_ = std::exchange(other.state_, nullptr);
            connection_ = other.connection_;
            loan_ = other.loan_;
        }
        return *this;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { release(); }

    explicit operator bool() const { return state_ != nullptr; }
    C& operator*() const { return *connection_; }
    C* operator->() const { return connection_; }
    // Where it was taken (the string given to acquire; it must outlive the
    // lease). Only for a lease that holds a connection.
    std::string_view site() const { return state_->site_of(loan_); }

    void release() {
        if (auto* state = std::exchange(state_, nullptr)) state->give_back(loan_, false);
    }
    // The connection is broken: it is destroyed (once its other borrowers, if
    // shared, are done) and a replacement made as needed.
    void discard() {
        if (auto* state = std::exchange(state_, nullptr)) state->give_back(loan_, true);
    }

private:
    friend class ConnectionPool<C>;
    Lease(pool_detail::PoolState<C>* state, pool_detail::LoanId loan)
        : state_(state), connection_(&state->connection(state->slot_of(loan))), loan_(loan) {}
    pool_detail::PoolState<C>* state_ = nullptr;
    C* connection_ = nullptr;
    pool_detail::LoanId loan_ = 0;
};

template <class C>
class ConnectionPool {
public:
    using Completion = std::function<void(std::error_code, Lease<C>)>;
    using AcquireId = std::uint64_t;

    // Starts making min_size connections. Throws std::invalid_argument for
    // an inconsistent config or a factory without create.
    ConnectionPool(const PoolConfig& config, PoolFactory<C> factory, Timers& timers)
        : state_(new pool_detail::PoolState<C>(config, std::move(factory), timers)) {
        state_->start();
    }
    ~ConnectionPool() { state_->abandon(); }  // closes: see close()
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    // A lease at once if a connection is free, ready (no check due) and no
    // one waits; else an empty lease (then acquire). `site` names who takes
    // it (a step, a call site) for leak reports; it must outlive the lease.
    Lease<C> try_acquire(std::string_view site) {
        const auto loan = state_->try_take(site);
        return loan == pool_detail::no_id ? Lease<C>() : Lease<C>(state_, loan);
    }
    // Waits in line for a connection until `timeout` (nanoseconds::max():
    // no deadline). `done` gets the lease, or an empty one and an error:
    // pool_errc::timeout, pool_errc::closed, or a creation's error (fail fast).
    AcquireId acquire(std::string_view site, std::chrono::nanoseconds timeout, Completion done) {
        return state_->enqueue(
            site, timeout, [state = state_, done = std::move(done)](std::error_code error, pool_detail::LoanId loan) {
                done(error, loan == pool_detail::no_id ? Lease<C>() : Lease<C>(state, loan));
            });
    }
    // Leaves the line: its completion is never called. False if it is no
    // longer waiting (served, timed out, or its completion is on its way).
    bool cancel(AcquireId id) { return state_->cancel(id); }
    // Completes the waiters with pool_errc::closed (later, on the Timers),
    // closes idle connections, and those lent when given back; acquires
    // then complete with pool_errc::closed.
    void close() { state_->close(); }

    PoolStats stats() const { return state_->stats(); }
    // From acquire (or try_acquire: 0) to lease, in nanoseconds; timeouts not included.
    const core::Histogram& acquire_times() const { return state_->acquire_times(); }
    // Told once of each lease held leak_after or longer: its site, and how long so far.
    void on_leak(std::function<void(std::string_view site, std::chrono::nanoseconds held)> listener) {
        state_->on_leak(std::move(listener));
    }
    // Visits the open connections, lent or not (e.g. to tell them a client left).
    template <class Visit>
    void for_each_connection(Visit&& visit) {
        for (pool_detail::SlotId s = 0; s < state_->config().max_size; ++s)
            if (state_->is_open(s)) visit(state_->connection(s));
    }

private:
    pool_detail::PoolState<C>* state_;  // deleted by its last reference (this, leases, creations)
};

namespace pool_detail {

// The core, with the connections: the three calls to the factory.
template <class C>
class PoolState final : public PoolCore {
public:
    PoolState(const PoolConfig& config, PoolFactory<C> factory, Timers& timers)
        : PoolCore(config, timers), factory_(std::move(factory)), connections_(config.max_size) {
        if (!factory_.create) throw std::invalid_argument("pool: the factory has no create");
    }
    C& connection(SlotId slot) { return *connections_[slot]; }
    void created(SlotId slot, C&& connection) {
        connections_[slot].emplace(std::move(connection));
        creation_done(slot, {});
    }

protected:
    void create(SlotId slot) override { factory_.create(Creation<C>(this, slot)); }
    bool can_check() const override { return static_cast<bool>(factory_.check); }
    void check(SlotId slot, CheckDone done) override { factory_.check(*connections_[slot], std::move(done)); }
    void destroy(SlotId slot) override {
        auto& held = connections_[slot];
        if (held && factory_.destroy) factory_.destroy(*held);
        held.reset();
    }

private:
    PoolFactory<C> factory_;
    std::vector<std::optional<C>> connections_;  // by slot, never resized: leases keep pointers
};

}  // namespace pool_detail
}  // namespace throng::components
