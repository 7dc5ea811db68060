#pragma once
// The bookkeeping of a ConnectionPool, whatever its connection type: slots
// and their states, the idle list, the FIFO line of waiters with their
// deadlines, loans and leak detection, expiry, metrics. The connections
// themselves live in the template above it (connection_pool.hpp), reached
// through three virtual calls: create, check, destroy a slot's connection.
//
// The core is heap-allocated and counts its references: the pool object,
// every lease, every creation or check under way. Destroying the pool closes
// the core; its memory goes with the last reference, so a lease or a late
// factory callback never finds it gone. Not thread-safe (see ConnectionPool).
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <string_view>
#include <system_error>
#include <vector>

#include "harness/core/clock.hpp"
#include "harness/core/histogram.hpp"
#include "harness/core/random.hpp"
#include "targets/components/pool/pool_config.hpp"
#include "targets/components/timers/timers.hpp"

namespace throng::components {

namespace pool_detail {
class PoolCore;
}

// Handed to the factory's health check: call it once with the verdict.
// Dropped without a call, the check counts as failed.
class CheckDone {
public:
    CheckDone(CheckDone&& other) noexcept;
    CheckDone& operator=(CheckDone&&) = delete;
    CheckDone(const CheckDone&) = delete;
    ~CheckDone();
    void operator()(bool healthy);

private:
    friend class pool_detail::PoolCore;
    CheckDone(pool_detail::PoolCore* core, std::uint32_t slot) : core_(core), slot_(slot) {}
    pool_detail::PoolCore* core_;
    std::uint32_t slot_;
};

namespace pool_detail {

using SlotId = std::uint32_t;
using LoanId = std::uint32_t;
inline constexpr std::uint32_t no_id = UINT32_MAX;

class PoolCore {
public:
    // Told the outcome of an acquire: a loan, or an error and no_id.
    using RawCompletion = std::function<void(std::error_code, LoanId)>;
    using LeakListener = std::function<void(std::string_view site, std::chrono::nanoseconds held)>;

    // Throws std::invalid_argument for max_size 0, min_size above max_size,
    // a negative duration, or a jitter longer than the lifetime.
    PoolCore(const PoolConfig& config, Timers& timers);
    virtual ~PoolCore() = default;
    PoolCore(const PoolCore&) = delete;
    PoolCore& operator=(const PoolCore&) = delete;

    // Makes the first min_size connections (not in the constructor: the
    // derived class must exist for create()).
    void start() {
        checks_ = can_check();
        maintain();
    }
    // The owner is gone: close, and drop its reference.
    void abandon();
    void close();
    bool closed() const { return closed_; }

    // A loan at once if a ready connection is free and no one waits; else no_id.
    LoanId try_take(std::string_view site);
    std::uint64_t enqueue(std::string_view site, std::chrono::nanoseconds timeout, RawCompletion done);
    bool cancel(std::uint64_t wait);
    // Ends a loan; `broken`: its connection is destroyed, not reused.
    void give_back(LoanId loan, bool broken);

    SlotId slot_of(LoanId loan) const { return loans_[loan].slot; }
    std::string_view site_of(LoanId loan) const { return loans_[loan].site; }
    bool is_open(SlotId slot) const;

    // A creation the derived class began is over; on success it has stored
    // the connection first.
    void creation_done(SlotId slot, std::error_code failure);

    PoolStats stats() const;
    const core::Histogram& acquire_times() const { return acquire_times_; }
    void on_leak(LeakListener listener) { on_leak_ = std::move(listener); }
    const PoolConfig& config() const { return config_; }

protected:
    // Begin making slot's connection; report with creation_done (at once or later).
    virtual void create(SlotId slot) = 0;
    virtual bool can_check() const = 0;
    virtual void check(SlotId slot, CheckDone done) = 0;
    // Close and drop slot's connection.
    virtual void destroy(SlotId slot) = 0;

private:
    friend class throng::components::CheckDone;

    enum class State : std::uint8_t {
        empty,     // no connection
        creating,  // the factory is making one
        idle,      // open, lent to no one, in the idle list
        lent,      // open, lent to `load` borrowers
        checking,  // its health check runs, for `checker` (or no one, who left)
        checked,   // passed its check; waits for serve() to hand it to `checker`
        draining,  // retired (`retire` says why); goes when its last borrower ends
    };
    struct Waiter;
    struct Slot {
        State state = State::empty;
        RetireCause retire = RetireCause::closed;
        std::uint32_t load = 0;
        core::Nanos expires_at = INT64_MAX;
        core::Nanos idle_since = 0;
        SlotId prev = no_id, next = no_id;  // the idle list, oldest first
        Waiter* checker = nullptr;
    };
    struct Loan {
        SlotId slot = no_id;
        core::Nanos since = 0;
        std::string_view site;
        LoanId prev = no_id, next = no_id;  // the leak watch, oldest first
        bool watched = false;
    };
    using WaiterList = std::list<Waiter>;
    // The waiters' deadlines in time order (then arrival): one timer, set
    // for the earliest, serves them all.
    using Deadlines = std::multimap<core::Nanos, WaiterList::iterator>;
    struct Waiter {
        std::uint64_t id;
        std::string_view site;
        core::Nanos since;
        bool timed = false;
        Deadlines::iterator deadline;
        SlotId checking = no_id;  // the connection being checked for it
        RawCompletion done;
    };

    // A ready slot to lend now, and whether it needs a health check first;
    // retires the expired ones it meets.
    struct Pick {
        SlotId slot = no_id;
        bool needs_check = false;
    };
    Pick pick(core::Nanos now, bool may_check);
    LoanId lend(SlotId slot, std::string_view site, core::Nanos now, core::Nanos asked_at);
    void grant(WaiterList::iterator waiter, SlotId slot, core::Nanos now);
    void begin_check(Waiter& waiter, SlotId slot);
    void check_done(SlotId slot, bool healthy);
    void timed_out(WaiterList::iterator waiter);
    void drop_deadline(Waiter& waiter);
    void arm_deadline(core::Nanos at);
    void expire_waiters();
    // The waiter leaves (timed out, cancelled) while its connection is checked.
    void forsake_check(Waiter& waiter);
    void serve();
    void schedule_serve();
    // Starts the creations that min_size, the waiters or sharing call for.
    void maintain();
    std::size_t unmet_demand() const;
    core::Nanos lifetime_end(core::Nanos created_at);
    void back_off();  // after a failed creation
    void fail_first_waiter(std::error_code failure);
    void retire(SlotId slot, RetireCause cause);
    void become_idle(SlotId slot, core::Nanos now);
    void idle_unlink(SlotId slot);
    void housekeep();
    void arm_housekeeping(core::Nanos at);
    void watch(LoanId loan);
    void unwatch(LoanId loan);
    void check_leaks();
    void ref() { ++refs_; }
    void unref();  // deletes this at 0
    core::Nanos now() const { return timers_.now(); }
    bool exclusive() const { return max_borrowers_ == 1; }

    // Keeps the core alive through a callback that may end the pool.
    class Hold {
    public:
        explicit Hold(PoolCore& core) : core_(core) { core_.ref(); }
        ~Hold() { core_.unref(); }
        Hold(const Hold&) = delete;
        Hold& operator=(const Hold&) = delete;

    private:
        PoolCore& core_;
    };

    const PoolConfig config_;
    const std::uint32_t max_borrowers_;  // 0 in the config: UINT32_MAX
    Timers& timers_;
    core::Rng rng_;
    std::uint32_t refs_ = 1;  // the owner's
    bool closed_ = false;
    bool checks_ = false;  // the factory has a health check

    std::vector<Slot> slots_;  // max_size of them, fixed
    std::vector<SlotId> free_slots_;
    SlotId idle_head_ = no_id, idle_tail_ = no_id;
    std::size_t idle_count_ = 0;
    std::size_t open_ = 0;  // slots with a connection
    std::size_t creating_ = 0;

    WaiterList waiters_;
    Deadlines deadlines_;
    core::Nanos deadline_at_ = INT64_MAX;  // when the deadline timer is set for
    Timers::Id deadline_timer_ = 0;
    std::size_t checking_waiters_ = 0;
    std::uint64_t next_wait_ = 1;
    bool serve_scheduled_ = false, serving_ = false, maintaining_ = false;
    Timers::Id serve_timer_ = 0;

    std::vector<Loan> loans_;
    std::vector<LoanId> free_loans_;
    LoanId watch_head_ = no_id, watch_tail_ = no_id;
    bool leak_armed_ = false;
    Timers::Id leak_timer_ = 0;
    LeakListener on_leak_;

    core::Nanos housekeeping_at_ = INT64_MAX;
    Timers::Id housekeeping_timer_ = 0;

    std::uint32_t failures_in_row_ = 0;
    core::Nanos retry_at_ = 0;  // creations wait until then after a failure
    bool retry_armed_ = false;
    Timers::Id retry_timer_ = 0;

    PoolStats counts_;  // the counters; the gauges are worked out by stats()
    core::Histogram acquire_times_;
};

}  // namespace pool_detail
}  // namespace throng::components
