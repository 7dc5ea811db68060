#include "targets/components/pool/pool_core.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace throng::components {

CheckDone::CheckDone(CheckDone&& other) noexcept : core_(std::exchange(other.core_, nullptr)), slot_(other.slot_) {}

CheckDone::~CheckDone() {
    if (core_ != nullptr) (*this)(false);  // never answered: not known to be healthy
}

void CheckDone::operator()(bool healthy) {
    if (auto* core = std::exchange(core_, nullptr)) core->check_done(slot_, healthy);
}

namespace pool_detail {

namespace {

const PoolConfig& validated(const PoolConfig& c) {
    if (c.max_size == 0 || c.max_size >= no_id) throw std::invalid_argument("pool: max_size must be 1 or more");
    if (c.min_size > c.max_size) throw std::invalid_argument("pool: min_size is above max_size");
    for (const auto d : {c.idle_timeout, c.max_lifetime, c.lifetime_jitter, c.validate_after_idle, c.leak_after})
        if (d.count() < 0) throw std::invalid_argument("pool: a negative duration");
    if (c.max_lifetime.count() > 0 && c.lifetime_jitter >= c.max_lifetime)
        throw std::invalid_argument("pool: lifetime_jitter must be shorter than max_lifetime");
    // A zero delay would retry a creation that fails at once in a loop.
    if (c.create_retry_delay.count() <= 0 || c.create_retry_max < c.create_retry_delay)
        throw std::invalid_argument("pool: create_retry_delay must be positive and at most create_retry_max");
    return c;
}

// Pool waits span nanoseconds to minutes; 2 significant digits (1 %) keep
// the histogram at about 30 KB rather than the 3-digit latency layout's 270 KB.
constexpr core::HistogramLayout acquire_layout{1, 3'600'000'000'000, 2};

}  // namespace

PoolCore::PoolCore(const PoolConfig& config, Timers& timers)
    : config_(validated(config)),
      max_borrowers_(config.max_borrowers == 0 || config.max_borrowers >= UINT32_MAX
                         ? UINT32_MAX
                         : static_cast<std::uint32_t>(config.max_borrowers)),
      timers_(timers),
      rng_(config.seed),
      slots_(config.max_size),
      acquire_times_(acquire_layout) {
    free_slots_.reserve(slots_.size());
    for (std::size_t s = slots_.size(); s-- > 0;) free_slots_.push_back(static_cast<SlotId>(s));  // slot 0 first
}

void PoolCore::unref() {
    if (--refs_ == 0) delete this;
}

void PoolCore::abandon() {
    close();
    unref();
}

bool PoolCore::is_open(SlotId slot) const {
    const State state = slots_[slot].state;
    return state != State::empty && state != State::creating;
}

// --- Lending -----------------------------------------------------------------

LoanId PoolCore::try_take(std::string_view site) {
    // Never ahead of a waiter: FIFO holds for everyone.
    if (closed_ || !waiters_.empty()) return no_id;
    const core::Nanos at = now();
    const Pick picked = pick(at, false);
    const LoanId loan = picked.slot == no_id ? no_id : lend(picked.slot, site, at, at);
    maintain();
    return loan;
}

PoolCore::Pick PoolCore::pick(core::Nanos now_at, bool may_check) {
    // The most recently idle first: warm, and the least likely to need a
    // check; the surplus left at the head ages out by idle_timeout.
    while (idle_tail_ != no_id) {
        const SlotId s = idle_tail_;
        const Slot& slot = slots_[s];
        if (slot.expires_at <= now_at) {
            retire(s, RetireCause::lifetime);
            continue;
        }
        const bool stale = checks_ && now_at - slot.idle_since >= config_.validate_after_idle.count();
        if (stale && !may_check) return {};
        return {s, stale};
    }
    if (exclusive()) return {};
    // Shared: the least-loaded connection with room (a scan: pools are small).
    SlotId best = no_id;
    for (SlotId s = 0; s < slots_.size(); ++s) {
        Slot& slot = slots_[s];
        if (slot.state != State::lent || slot.load >= max_borrowers_) continue;
        if (slot.expires_at <= now_at) {
            // Past its lifetime: no new borrowers; it goes when the last one ends.
            slot.state = State::draining;
            slot.retire = RetireCause::lifetime;
            continue;
        }
        if (best == no_id || slot.load < slots_[best].load) best = s;
    }
    return {best, false};
}

LoanId PoolCore::lend(SlotId s, std::string_view site, core::Nanos at, core::Nanos asked_at) {
    Slot& slot = slots_[s];
    if (slot.state == State::idle) idle_unlink(s);
    slot.state = State::lent;
    slot.checker = nullptr;
    ++slot.load;
    LoanId id = no_id;
    if (free_loans_.empty()) {
        id = static_cast<LoanId>(loans_.size());
        loans_.emplace_back();
    } else {
        id = free_loans_.back();
        free_loans_.pop_back();
    }
    Loan& loan = loans_[id];
    loan.slot = s;
    loan.since = at;
    loan.site = site;
    if (config_.leak_after.count() > 0) watch(id);
    ++counts_.acquired;
    acquire_times_.record(at - asked_at);
    ref();
    return id;
}

void PoolCore::give_back(LoanId id, bool broken) {
    Loan& loan = loans_[id];
    const SlotId s = loan.slot;
    if (loan.watched) unwatch(id);
    loan.site = {};
    free_loans_.push_back(id);
    Slot& slot = slots_[s];
    --slot.load;
    if (broken) {
        slot.state = State::draining;
        slot.retire = RetireCause::broken;
    }
    if (slot.load == 0) {
        if (closed_) {
            retire(s, RetireCause::closed);  // no clock read: the timers may be gone with the pool
        } else if (slot.state == State::draining) {
            retire(s, slot.retire);
        } else {
            const core::Nanos at = now();
            if (slot.expires_at <= at)
                retire(s, RetireCause::lifetime);
            else
                become_idle(s, at);
        }
    }
    if (!closed_) {
        if (!waiters_.empty()) schedule_serve();
        maintain();
    }
    unref();
}

// --- Waiting -----------------------------------------------------------------

std::uint64_t PoolCore::enqueue(std::string_view site, std::chrono::nanoseconds timeout, RawCompletion done) {
    const std::uint64_t id = next_wait_++;
    const core::Nanos at = now();
    if (closed_) {
        // Like every completion, never inside the call that asked.
        timers_.call_at(at, [done = std::move(done)] { done(pool_errc::closed, no_id); });
        return id;
    }
    const auto waiter = waiters_.insert(waiters_.end(), Waiter{id, site, at, false, {}, no_id, std::move(done)});
    // Served before its deadline fires when both fall due now (timeout 0).
    if (idle_count_ > 0 || (!exclusive() && open_ > 0)) schedule_serve();
    const core::Nanos deadline = core::saturating_add(at, timeout.count());
    if (deadline != INT64_MAX) {
        waiter->timed = true;
        waiter->deadline = deadlines_.emplace(deadline, waiter);
        if (deadline < deadline_at_) arm_deadline(deadline);
    }
    maintain();
    return id;
}

void PoolCore::drop_deadline(Waiter& waiter) {
    // The timer stays: set for a deadline now gone, it finds nothing due and
    // moves on to the next (cheaper than re-arming at every hand-over).
    if (waiter.timed) deadlines_.erase(waiter.deadline);
    waiter.timed = false;
}

void PoolCore::arm_deadline(core::Nanos at) {
    if (deadline_at_ != INT64_MAX) timers_.cancel(deadline_timer_);
    deadline_at_ = at;
    deadline_timer_ = timers_.call_at(at, [this] { expire_waiters(); });
}

void PoolCore::expire_waiters() {
    deadline_at_ = INT64_MAX;
    const Hold hold(*this);
    const core::Nanos at = now();
    // Re-read after each completion, which may change the line.
    while (!closed_ && !deadlines_.empty() && deadlines_.begin()->first <= at) {
        const auto waiter = deadlines_.begin()->second;
        deadlines_.erase(deadlines_.begin());
        waiter->timed = false;
        timed_out(waiter);
    }
    if (!closed_ && !deadlines_.empty() && deadlines_.begin()->first < deadline_at_)
        arm_deadline(deadlines_.begin()->first);
}

bool PoolCore::cancel(std::uint64_t wait) {
    for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
        if (it->id != wait) continue;
        drop_deadline(*it);
        forsake_check(*it);
        waiters_.erase(it);  // its completion goes uncalled
        return true;
    }
    return false;
}

void PoolCore::timed_out(WaiterList::iterator it) {
    const Hold hold(*this);
    Waiter waiter = std::move(*it);
    waiters_.erase(it);
    forsake_check(waiter);
    ++counts_.timeouts;
    waiter.done(pool_errc::timeout, no_id);
}

void PoolCore::forsake_check(Waiter& waiter) {
    if (waiter.checking == no_id) return;
    const SlotId s = std::exchange(waiter.checking, no_id);
    --checking_waiters_;
    Slot& slot = slots_[s];
    slot.checker = nullptr;
    // Checked, not yet handed over: for the others. Still checking: check_done decides.
    if (slot.state == State::checked) {
        become_idle(s, now());
        schedule_serve();
    }
}

void PoolCore::schedule_serve() {
    if (serve_scheduled_ || serving_ || closed_) return;
    serve_scheduled_ = true;
    serve_timer_ = timers_.call_at(now(), [this] { serve(); });
}

// Hands free connections to the waiters in their order. Each hand-over calls
// a completion, which may do anything to the pool: the line is read again
// from its front after each one (the waiters ahead are only those whose
// connection is still being checked: few).
void PoolCore::serve() {
    serve_scheduled_ = false;
    if (closed_) return;
    const Hold hold(*this);
    serving_ = true;
    bool exhausted = false;  // no connection for a waiter without one
    for (bool progressed = true; progressed && !closed_;) {
        progressed = false;
        const core::Nanos at = now();
        for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
            if (it->checking != no_id) {
                if (slots_[it->checking].state != State::checked) continue;
                const SlotId s = std::exchange(it->checking, no_id);
                --checking_waiters_;
                grant(it, s, at);
            } else {
                if (exhausted) continue;
                const Pick picked = pick(at, true);
                if (picked.slot == no_id) {
                    exhausted = true;
                    continue;
                }
                if (picked.needs_check)
                    begin_check(*it, picked.slot);
                else
                    grant(it, picked.slot, at);
            }
            progressed = true;
            exhausted = false;  // the completion may have given one back
            break;
        }
    }
    serving_ = false;
    maintain();
}

void PoolCore::grant(WaiterList::iterator it, SlotId s, core::Nanos at) {
    Waiter waiter = std::move(*it);
    waiters_.erase(it);
    drop_deadline(waiter);
    const LoanId loan = lend(s, waiter.site, at, waiter.since);
    waiter.done({}, loan);
}

// --- Health checks -----------------------------------------------------------

void PoolCore::begin_check(Waiter& waiter, SlotId s) {
    Slot& slot = slots_[s];
    idle_unlink(s);
    slot.state = State::checking;
    slot.checker = &waiter;
    waiter.checking = s;
    ++checking_waiters_;
    ++counts_.checks;
    ref();
    check(s, CheckDone(this, s));
}

void PoolCore::check_done(SlotId s, bool healthy) {
    Slot& slot = slots_[s];
    Waiter* checker = std::exchange(slot.checker, nullptr);
    if (closed_) {
        retire(s, RetireCause::closed);
    } else if (!healthy) {
        retire(s, RetireCause::failed_check);
        if (checker != nullptr) {
            // It keeps its place in line: the next connection is its.
            checker->checking = no_id;
            --checking_waiters_;
        }
        if (!waiters_.empty()) schedule_serve();
        maintain();
    } else if (checker != nullptr) {
        slot.state = State::checked;
        slot.checker = checker;
        schedule_serve();
    } else {
        become_idle(s, now());  // its waiter left: verified, for the next one
        if (!waiters_.empty()) schedule_serve();
    }
    unref();
}

// --- Making and closing connections -------------------------------------------

std::size_t PoolCore::unmet_demand() const {
    const std::size_t plain = waiters_.size() - checking_waiters_;
    if (plain == 0) return 0;
    std::uint64_t supply = 0;
    if (exclusive()) {
        supply = idle_count_ + creating_;
    } else {
        // Free shares of the open connections, and those being made.
        supply = static_cast<std::uint64_t>(creating_) * max_borrowers_;
        for (const Slot& slot : slots_)
            if (slot.state == State::idle || slot.state == State::lent) supply += max_borrowers_ - slot.load;
    }
    return plain > supply ? static_cast<std::size_t>(plain - supply) : 0;
}

void PoolCore::maintain() {
    if (closed_ || maintaining_ || free_slots_.empty()) return;
    if (failures_in_row_ > 0 && now() < retry_at_) return;
    maintaining_ = true;
    while (!free_slots_.empty() && !closed_) {
        const std::size_t in_use = slots_.size() - free_slots_.size();
        // Shared connections: spread first, a new one once none is idle.
        const bool spread = !exclusive() && idle_count_ == 0 && creating_ == 0 && open_ > 0;
        if (in_use >= config_.min_size && !spread && unmet_demand() == 0) break;
        const SlotId s = free_slots_.back();
        free_slots_.pop_back();
        slots_[s] = Slot{};
        slots_[s].state = State::creating;
        ++creating_;
        ref();
        create(s);                        // may report at once
        if (failures_in_row_ > 0) break;  // in backoff now
    }
    maintaining_ = false;
}

void PoolCore::creation_done(SlotId s, std::error_code failure) {
    Slot& slot = slots_[s];
    --creating_;
    if (failure) {
        slot = Slot{};
        free_slots_.push_back(s);
        ++counts_.creation_failures;
        if (!closed_) {
            back_off();
            if (config_.fail_fast_on_creation_error) fail_first_waiter(failure);
        }
    } else {
        ++open_;
        ++counts_.creations;
        failures_in_row_ = 0;
        if (closed_) {
            slot.state = State::lent;  // (not idle: not in the list)
            retire(s, RetireCause::closed);
        } else {
            const core::Nanos at = now();
            slot.expires_at = lifetime_end(at);
            become_idle(s, at);
            if (!waiters_.empty()) schedule_serve();
        }
    }
    maintain();
    unref();
}

core::Nanos PoolCore::lifetime_end(core::Nanos created_at) {
    const std::int64_t lifetime = config_.max_lifetime.count();
    if (lifetime == 0) return INT64_MAX;
    const auto jitter = static_cast<std::uint64_t>(config_.lifetime_jitter.count());
    const auto cut = jitter == 0 ? 0 : static_cast<std::int64_t>(core::uniform_below(rng_, jitter + 1));
    return core::saturating_add(created_at, lifetime - cut);
}

void PoolCore::back_off() {
    ++failures_in_row_;
    const std::int64_t most = config_.create_retry_max.count();
    std::int64_t delay = config_.create_retry_delay.count();
    for (std::uint32_t i = 1; i < failures_in_row_ && delay < most; ++i) delay = delay > most / 2 ? most : delay * 2;
    retry_at_ = core::saturating_add(now(), delay);
    if (retry_armed_) timers_.cancel(retry_timer_);
    retry_armed_ = true;
    retry_timer_ = timers_.call_at(retry_at_, [this] {
        retry_armed_ = false;
        const Hold hold(*this);
        maintain();
    });
}

void PoolCore::fail_first_waiter(std::error_code failure) {
    for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
        if (it->checking != no_id) continue;
        drop_deadline(*it);
        // Later, not inside the creation's report (which may be inside an acquire).
        timers_.call_at(now(), [done = std::move(it->done), failure] { done(failure, no_id); });
        waiters_.erase(it);
        return;
    }
}

void PoolCore::retire(SlotId s, RetireCause cause) {
    if (slots_[s].state == State::idle) idle_unlink(s);
    destroy(s);
    slots_[s] = Slot{};
    free_slots_.push_back(s);
    --open_;
    auto& destroyed = counts_.destroyed;
    switch (cause) {
    case RetireCause::idle: ++destroyed.idle; break;
    case RetireCause::lifetime: ++destroyed.lifetime; break;
    case RetireCause::broken: ++destroyed.broken; break;
    case RetireCause::failed_check: ++destroyed.failed_check; break;
    case RetireCause::closed: ++destroyed.closed; break;
    }
}

void PoolCore::close() {
    if (closed_) return;
    closed_ = true;
    const core::Nanos at = now();
    if (serve_scheduled_) timers_.cancel(serve_timer_);
    if (housekeeping_at_ != INT64_MAX) timers_.cancel(housekeeping_timer_);
    if (leak_armed_) timers_.cancel(leak_timer_);
    if (retry_armed_) timers_.cancel(retry_timer_);
    if (deadline_at_ != INT64_MAX) timers_.cancel(deadline_timer_);
    serve_scheduled_ = leak_armed_ = retry_armed_ = false;
    housekeeping_at_ = deadline_at_ = INT64_MAX;
    deadlines_.clear();
    WaiterList gone;
    gone.swap(waiters_);
    checking_waiters_ = 0;
    for (Waiter& waiter : gone) {
        if (waiter.checking != no_id) {
            Slot& slot = slots_[waiter.checking];
            slot.checker = nullptr;
            if (slot.state == State::checked) retire(waiter.checking, RetireCause::closed);
        }
        // The completions outlive the pool on the timers; they touch nothing of it.
        timers_.call_at(at, [done = std::move(waiter.done)] { done(pool_errc::closed, no_id); });
    }
    while (idle_head_ != no_id) retire(idle_head_, RetireCause::closed);
    // Lent ones go when given back; those being made or checked, when reported.
}

// --- Idle list and housekeeping ------------------------------------------------

void PoolCore::become_idle(SlotId s, core::Nanos at) {
    Slot& slot = slots_[s];
    slot.state = State::idle;
    slot.load = 0;
    slot.idle_since = at;
    slot.checker = nullptr;
    slot.next = no_id;
    slot.prev = idle_tail_;
    if (idle_tail_ != no_id)
        slots_[idle_tail_].next = s;
    else
        idle_head_ = s;
    idle_tail_ = s;
    ++idle_count_;
    // The earliest this list needs looking at: this one's end, or the oldest
    // one's idle timeout. Others were accounted for when they became idle.
    core::Nanos due = slot.expires_at;
    if (config_.idle_timeout.count() > 0 && open_ > config_.min_size)
        due = std::min(due, core::saturating_add(slots_[idle_head_].idle_since, config_.idle_timeout.count()));
    if (due < housekeeping_at_) arm_housekeeping(due);
}

void PoolCore::idle_unlink(SlotId s) {
    Slot& slot = slots_[s];
    if (slot.prev != no_id)
        slots_[slot.prev].next = slot.next;
    else
        idle_head_ = slot.next;
    if (slot.next != no_id)
        slots_[slot.next].prev = slot.prev;
    else
        idle_tail_ = slot.prev;
    slot.prev = slot.next = no_id;
    --idle_count_;
}

void PoolCore::arm_housekeeping(core::Nanos at) {
    if (housekeeping_at_ != INT64_MAX) timers_.cancel(housekeeping_timer_);
    housekeeping_at_ = at;
    housekeeping_timer_ = timers_.call_at(at, [this] { housekeep(); });
}

// Retires the idle connections past their lifetime, and those idle too long
// while more than min_size are open (the longest idle first), then waits for
// the next of these times. A connection taken since the timer was set only
// makes the visit early.
void PoolCore::housekeep() {
    housekeeping_at_ = INT64_MAX;
    const Hold hold(*this);
    const core::Nanos at = now();
    const std::int64_t idle_timeout = config_.idle_timeout.count();
    for (SlotId s = idle_head_; s != no_id;) {
        const Slot& slot = slots_[s];
        const SlotId next = slot.next;
        if (slot.expires_at <= at)
            retire(s, RetireCause::lifetime);
        else if (idle_timeout > 0 && open_ > config_.min_size && at - slot.idle_since >= idle_timeout)
            retire(s, RetireCause::idle);
        s = next;
    }
    core::Nanos due = INT64_MAX;
    for (SlotId s = idle_head_; s != no_id; s = slots_[s].next) due = std::min(due, slots_[s].expires_at);
    if (idle_timeout > 0 && open_ > config_.min_size && idle_head_ != no_id)
        due = std::min(due, core::saturating_add(slots_[idle_head_].idle_since, idle_timeout));
    if (due != INT64_MAX) arm_housekeeping(due);
    maintain();  // replaces what went below min_size
}

// --- Leak detection -------------------------------------------------------------
// Loans are watched in the order they were made, which is their order in
// time: one timer, set for the oldest, is enough.

void PoolCore::watch(LoanId id) {
    Loan& loan = loans_[id];
    loan.watched = true;
    loan.next = no_id;
    loan.prev = watch_tail_;
    if (watch_tail_ != no_id)
        loans_[watch_tail_].next = id;
    else
        watch_head_ = id;
    watch_tail_ = id;
    if (!leak_armed_) {
        leak_armed_ = true;
        const core::Nanos due = core::saturating_add(loans_[watch_head_].since, config_.leak_after.count());
        leak_timer_ = timers_.call_at(due, [this] { check_leaks(); });
    }
}

void PoolCore::unwatch(LoanId id) {
    Loan& loan = loans_[id];
    if (loan.prev != no_id)
        loans_[loan.prev].next = loan.next;
    else
        watch_head_ = loan.next;
    if (loan.next != no_id)
        loans_[loan.next].prev = loan.prev;
    else
        watch_tail_ = loan.prev;
    loan.prev = loan.next = no_id;
    loan.watched = false;
}

void PoolCore::check_leaks() {
    leak_armed_ = false;
    const Hold hold(*this);
    const core::Nanos at = now();
    const std::int64_t after = config_.leak_after.count();
    while (watch_head_ != no_id && !closed_) {
        const LoanId id = watch_head_;
        const core::Nanos since = loans_[id].since;
        if (at - since < after) break;
        const std::string_view site = loans_[id].site;
        unwatch(id);  // reported once
        ++counts_.leaks;
        if (on_leak_) on_leak_(site, std::chrono::nanoseconds(at - since));
    }
    if (watch_head_ != no_id && !closed_ && !leak_armed_) {
        leak_armed_ = true;
        leak_timer_ =
            timers_.call_at(core::saturating_add(loans_[watch_head_].since, after), [this] { check_leaks(); });
    }
}

// --- Metrics ---------------------------------------------------------------------

PoolStats PoolCore::stats() const {
    PoolStats out = counts_;
    out.idle = idle_count_;
    out.waiting = waiters_.size();
    out.creating = creating_;
    out.leases = loans_.size() - free_loans_.size();
    for (const Slot& slot : slots_) {
        if (slot.load > 0) ++out.active;
        if (slot.state == State::checking) ++out.checking;
    }
    return out;
}

}  // namespace pool_detail
}  // namespace throng::components
