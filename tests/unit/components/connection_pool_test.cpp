// The connection pool on a fake clock (ManualTimers): sizes (min kept, max
// never exceeded, creations counted), strict FIFO and fairness, deadlines
// exact to the nanosecond, idle expiry, jittered lifetimes, health checks on
// borrow and a failed one keeping the borrower's place, leak reports with
// their site, discard and replacement, creation failures, shared
// (multiplexed) connections, closing with waiters and leases outliving the
// pool; then once on Asio's clock.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "harness/core/clock.hpp"
#include "targets/components/pool/connection_pool.hpp"
#include "targets/components/timers/timers.hpp"

namespace connection_pool_test {

using namespace std::chrono_literals;
using throng::components::AsioTimers;
using throng::components::CheckDone;
using throng::components::ConnectionPool;
using throng::components::Creation;
using throng::components::Lease;
using throng::components::ManualTimers;
using throng::components::pool_errc;
using throng::components::PoolConfig;
using throng::components::PoolFactory;
using throng::core::FakeClock;
using throng::core::Nanos;

struct Conn {
    int id = 0;
};

// A factory whose creations and checks the test may hold and settle by
// hand, and a record of what it made and destroyed.
struct Rig {
    FakeClock clock;
    ManualTimers timers{clock};
    int made = 0;
    bool create_at_once = true;
    std::error_code create_error;  // set: creations made at once fail with it
    std::deque<Creation<Conn>> creations;
    bool with_check = false;
    bool check_at_once = true;
    bool healthy = true;
    std::deque<CheckDone> checks;
    std::vector<int> checked;  // ids, in order
    std::vector<int> destroyed;
    std::vector<Nanos> destroyed_at;

    PoolFactory<Conn> factory() {
        PoolFactory<Conn> f;
        f.create = [this](Creation<Conn> creation) {
            if (!create_at_once)
                creations.push_back(std::move(creation));
            else if (create_error)
                creation.failed(create_error);
            else
                creation.succeeded(Conn{++made});
        };
        if (with_check) {
            f.check = [this](Conn& conn, CheckDone done) {
                checked.push_back(conn.id);
                if (check_at_once)
                    done(healthy);
                else
                    checks.push_back(std::move(done));
            };
        }
        f.destroy = [this](Conn& conn) {
            destroyed.push_back(conn.id);
            destroyed_at.push_back(clock.now());
        };
        return f;
    }
    // Completes the oldest held creation.
    void finish_creation() {
        REQUIRE_FALSE(creations.empty());
        Creation<Conn> creation = std::move(creations.front());
        creations.pop_front();
        creation.succeeded(Conn{++made});
    }
};

PoolConfig config(std::size_t min_size, std::size_t max_size) {
    PoolConfig c;
    c.min_size = min_size;
    c.max_size = max_size;
    c.idle_timeout = 0ns;  // each test turns on what it looks at
    c.max_lifetime = 0ns;
    c.lifetime_jitter = 0ns;
    return c;
}

// What an acquire's completion got.
struct Outcome {
    bool done = false;
    std::error_code error;
    Lease<Conn> lease;
};

ConnectionPool<Conn>::Completion into(Outcome& out) {
    return [&out](std::error_code error, Lease<Conn> lease) {
        out.done = true;
        out.error = error;
        out.lease = std::move(lease);
    };
}

Nanos ns(std::chrono::nanoseconds d) { return d.count(); }

TEST_CASE("Pool: min_size made at start, max_size never exceeded, creations under way counted", "[components][pool]") {
    Rig rig;
    rig.create_at_once = false;
    ConnectionPool<Conn> pool(config(2, 3), rig.factory(), rig.timers);
    REQUIRE(rig.creations.size() == 2);
    REQUIRE(pool.stats().creating == 2);

    std::vector<Outcome> outs(5);
    for (auto& out : outs) pool.acquire("step", 1s, into(out));
    // Five waiters, two creations under way: one more, up to max_size, no further.
    REQUIRE(rig.creations.size() == 3);
    REQUIRE(pool.stats().waiting == 5);
    while (!rig.creations.empty()) rig.finish_creation();
    rig.timers.run_due();
    REQUIRE(outs[0].lease);
    REQUIRE(outs[1].lease);
    REQUIRE(outs[2].lease);
    REQUIRE_FALSE(outs[3].done);
    const auto stats = pool.stats();
    REQUIRE(stats.creations == 3);
    REQUIRE(stats.active == 3);
    REQUIRE(stats.waiting == 2);
    REQUIRE(stats.creating == 0);
    REQUIRE(stats.leases == 3);

    const int given_back = outs[0].lease->id;
    outs[0].lease.release();  // goes to the next in line, not back to idle
    rig.timers.run_due();
    REQUIRE(outs[3].lease);
    REQUIRE(outs[3].lease->id == given_back);
    REQUIRE(pool.stats().creations == 3);
}

TEST_CASE("Pool: try_acquire lends at once, the lease goes back when it ends", "[components][pool]") {
    Rig rig;
    ConnectionPool<Conn> pool(config(1, 1), rig.factory(), rig.timers);
    {
        auto lease = pool.try_acquire("first");
        REQUIRE(lease);
        REQUIRE(lease->id == 1);
        REQUIRE(lease.site() == "first");
        REQUIRE_FALSE(pool.try_acquire("second"));  // max 1: taken
        REQUIRE(pool.stats().active == 1);
    }
    REQUIRE(pool.stats().idle == 1);
    auto again = pool.try_acquire("third");
    REQUIRE(again);
    REQUIRE(again->id == 1);  // the same one, reused
    REQUIRE(pool.stats().acquired == 2);
    REQUIRE(pool.acquire_times().count() == 2);
}

TEST_CASE("Pool: an acquire never completes inside the call, even with a connection free", "[components][pool]") {
    Rig rig;
    ConnectionPool<Conn> pool(config(1, 1), rig.factory(), rig.timers);
    Outcome out;
    pool.acquire("step", 0ns, into(out));  // a zero timeout still gets a free connection
    REQUIRE_FALSE(out.done);
    rig.timers.run_due();
    REQUIRE(out.lease);
    REQUIRE_FALSE(out.error);
}

TEST_CASE("Pool: waiters are served in the order they came, and try_acquire never jumps the line",
          "[components][pool]") {
    Rig rig;
    ConnectionPool<Conn> pool(config(1, 1), rig.factory(), rig.timers);
    auto holder = pool.try_acquire("holder");
    std::vector<int> served;
    std::vector<Lease<Conn>> leases(5);
    for (int i = 0; i < 5; ++i) {
        pool.acquire("waiter", 10s, [&, i](std::error_code error, Lease<Conn> lease) {
            REQUIRE_FALSE(error);
            served.push_back(i);
            leases[static_cast<std::size_t>(i)] = std::move(lease);
        });
        rig.clock.advance(1ms);
    }
    holder.release();
    REQUIRE_FALSE(pool.try_acquire("barger"));  // the connection is the first waiter's
    rig.timers.run_due();
    for (int i = 0; i < 5; ++i) {
        REQUIRE(served.size() == static_cast<std::size_t>(i + 1));
        leases[static_cast<std::size_t>(i)].release();
        rig.timers.run_due();
    }
    REQUIRE(served == std::vector<int>{0, 1, 2, 3, 4});
}

TEST_CASE("Pool: a waiter times out exactly at its deadline, not before, and leaves the line", "[components][pool]") {
    Rig rig;
    ConnectionPool<Conn> pool(config(1, 1), rig.factory(), rig.timers);
    auto holder = pool.try_acquire("holder");
    Outcome first, second;
    pool.acquire("first", 100ms, into(first));
    rig.clock.advance(10ms);
    pool.acquire("second", 200ms, into(second));
    rig.timers.advance(90ms - 1ns);
    REQUIRE_FALSE(first.done);
    rig.timers.advance(1ns);  // 100 ms after it asked
    REQUIRE(first.done);
    REQUIRE(first.error == pool_errc::timeout);
    REQUIRE_FALSE(first.lease);
    REQUIRE(pool.stats().timeouts == 1);
    REQUIRE(pool.stats().waiting == 1);

    holder.release();  // to the second: the first has left the line
    rig.timers.run_due();
    REQUIRE(second.lease);
    REQUIRE_FALSE(second.error);
    // The wait it was served after is in the histogram (2-digit precision).
    REQUIRE(pool.acquire_times().max() == Approx(ns(90ms)).epsilon(0.01));
}

TEST_CASE("Pool: each waiter times out at its own deadline, a later one first if its deadline is sooner",
          "[components][pool]") {
    Rig rig;
    ConnectionPool<Conn> pool(config(1, 1), rig.factory(), rig.timers);
    auto holder = pool.try_acquire("holder");
    Outcome patient, hasty, served;
    pool.acquire("patient", 1s, into(patient));
    pool.acquire("hasty", 100ms, into(hasty));
    pool.acquire("served", 2s, into(served));
    rig.timers.advance(100ms - 1ns);
    REQUIRE_FALSE(hasty.done);
    rig.timers.advance(1ns);
    REQUIRE(hasty.error == pool_errc::timeout);
    REQUIRE_FALSE(patient.done);
    rig.timers.advance(900ms - 1ns);
    REQUIRE_FALSE(patient.done);
    rig.timers.advance(1ns);
    REQUIRE(patient.error == pool_errc::timeout);
    holder.release();
    rig.timers.run_due();
    REQUIRE(served.lease);
    rig.timers.advance(1h);  // its deadline, gone with it, times nothing out
    REQUIRE(pool.stats().timeouts == 2);
    REQUIRE(rig.timers.pending() == 0);
}

TEST_CASE("Pool: cancel takes a waiter out of line and its completion is never called", "[components][pool]") {
    Rig rig;
    ConnectionPool<Conn> pool(config(1, 1), rig.factory(), rig.timers);
    auto holder = pool.try_acquire("holder");
    Outcome first, second;
    const auto id = pool.acquire("first", 1s, into(first));
    pool.acquire("second", 1s, into(second));
    REQUIRE(pool.cancel(id));
    REQUIRE_FALSE(pool.cancel(id));
    holder.release();
    rig.timers.advance(2s);
    REQUIRE_FALSE(first.done);
    REQUIRE(second.lease);
    REQUIRE(pool.stats().timeouts == 0);
}

TEST_CASE("Pool: idle connections above min_size close after idle_timeout, the longest idle first",
          "[components][pool]") {
    Rig rig;
    auto c = config(1, 3);
    c.idle_timeout = 10s;
    ConnectionPool<Conn> pool(c, rig.factory(), rig.timers);
    std::vector<Lease<Conn>> held;
    for (int i = 0; i < 3; ++i) {
        Outcome out;
        pool.acquire("step", 1s, into(out));
        rig.timers.run_due();
        REQUIRE(out.lease);
        held.push_back(std::move(out.lease));
    }
    REQUIRE(rig.made == 3);
    held[2].release();  // at 0: id 3
    rig.timers.advance(1s);
    held[0].release();  // at 1 s: id 1
    rig.timers.advance(1s);
    held[1].release();  // at 2 s: id 2
    rig.timers.advance(8s - 1ns);
    REQUIRE(rig.destroyed.empty());
    rig.timers.advance(1ns);  // id 3 idle 10 s
    REQUIRE(rig.destroyed == std::vector<int>{3});
    rig.timers.advance(1s);  // id 1 idle 10 s
    REQUIRE(rig.destroyed == std::vector<int>{3, 1});
    rig.timers.advance(1h);  // id 2 is the min_size one: it stays
    REQUIRE(rig.destroyed == std::vector<int>{3, 1});
    REQUIRE(pool.stats().destroyed.idle == 2);
    REQUIRE(pool.stats().idle == 1);
    REQUIRE(rig.timers.pending() == 0);  // nothing left to watch
}

TEST_CASE("Pool: lifetimes are jittered within bounds so that a batch does not retire at once", "[components][pool]") {
    Rig rig;
    auto c = config(8, 8);
    c.max_lifetime = 60s;
    c.lifetime_jitter = 10s;
    c.seed = 42;
    ConnectionPool<Conn> pool(c, rig.factory(), rig.timers);
    REQUIRE(rig.made == 8);  // all made at 0
    rig.timers.advance(50s - 1ns);
    REQUIRE(rig.destroyed.empty());
    rig.timers.advance(10s + 1ns);
    // Each of the batch retired once, within (50 s, 60 s], each at its own time,
    // and was replaced then (min_size); the replacements live at least 50 s more.
    REQUIRE(rig.destroyed.size() == 8);
    REQUIRE(std::set<int>(rig.destroyed.begin(), rig.destroyed.end()) == std::set<int>{1, 2, 3, 4, 5, 6, 7, 8});
    for (const Nanos at : rig.destroyed_at) {
        REQUIRE(at >= ns(50s));
        REQUIRE(at <= ns(60s));
    }
    REQUIRE(std::set<Nanos>(rig.destroyed_at.begin(), rig.destroyed_at.end()).size() == 8);
    const auto [first, last] = std::minmax_element(rig.destroyed_at.begin(), rig.destroyed_at.end());
    REQUIRE(*last - *first > ns(1s));  // spread, not bunched
    REQUIRE(rig.made == 16);
    REQUIRE(pool.stats().destroyed.lifetime == 8);
    REQUIRE(pool.stats().idle == 8);
}

TEST_CASE("Pool: without jitter a batch retires together (what jitter prevents)", "[components][pool]") {
    Rig rig;
    auto c = config(4, 4);
    c.max_lifetime = 60s;
    ConnectionPool<Conn> pool(c, rig.factory(), rig.timers);
    rig.timers.advance(60s);
    REQUIRE(rig.destroyed_at == std::vector<Nanos>(4, ns(60s)));
}

TEST_CASE("Pool: a connection past its lifetime is never taken from its borrower, it retires when given back",
          "[components][pool]") {
    Rig rig;
    auto c = config(1, 1);
    c.max_lifetime = 60s;
    ConnectionPool<Conn> pool(c, rig.factory(), rig.timers);
    auto lease = pool.try_acquire("long");
    rig.timers.advance(90s);
    REQUIRE(rig.destroyed.empty());
    REQUIRE(lease->id == 1);
    lease.release();
    REQUIRE(rig.destroyed == std::vector<int>{1});
    REQUIRE(pool.stats().destroyed.lifetime == 1);
    REQUIRE(rig.made == 2);  // replaced: min_size
    REQUIRE(pool.try_acquire("next")->id == 2);
}

TEST_CASE("Pool: a connection is health-checked on borrow only once idle validate_after_idle", "[components][pool]") {
    Rig rig;
    rig.with_check = true;
    auto c = config(1, 1);
    c.validate_after_idle = 500ms;
    ConnectionPool<Conn> pool(c, rig.factory(), rig.timers);
    rig.timers.advance(499ms);
    {
        auto lease = pool.try_acquire("fresh");
        REQUIRE(lease);  // idle 499 ms: no check
    }
    Outcome fresh;
    rig.timers.advance(499ms);
    pool.acquire("fresh", 1s, into(fresh));
    rig.timers.run_due();
    REQUIRE(fresh.lease);
    REQUIRE(rig.checked.empty());
    fresh.lease.release();

    rig.timers.advance(500ms);
    REQUIRE_FALSE(pool.try_acquire("stale"));  // a check is due: try_acquire cannot wait for it
    Outcome stale;
    pool.acquire("stale", 1s, into(stale));
    rig.timers.run_due();
    REQUIRE(rig.checked == std::vector<int>{1});
    REQUIRE(stale.lease);
    REQUIRE(stale.lease->id == 1);
    REQUIRE(pool.stats().checks == 1);
}

TEST_CASE("Pool: a failed health check destroys the connection and its borrower keeps its place in line",
          "[components][pool]") {
    Rig rig;
    rig.with_check = true;
    rig.check_at_once = false;
    auto c = config(1, 1);
    c.validate_after_idle = 500ms;
    ConnectionPool<Conn> pool(c, rig.factory(), rig.timers);
    rig.timers.advance(1s);
    Outcome a, b, cc;
    pool.acquire("a", 10s, into(a));
    rig.timers.run_due();
    REQUIRE(rig.checks.size() == 1);  // connection 1, checked for a
    pool.acquire("b", 10s, into(b));
    pool.acquire("c", 10s, into(cc));
    rig.timers.run_due();
    REQUIRE(pool.stats().waiting == 3);
    REQUIRE(pool.stats().checking == 1);

    rig.create_at_once = false;
    CheckDone verdict = std::move(rig.checks.front());
    rig.checks.pop_front();
    verdict(false);
    REQUIRE(rig.destroyed == std::vector<int>{1});
    REQUIRE(pool.stats().destroyed.failed_check == 1);
    REQUIRE(rig.creations.size() == 1);  // its replacement
    rig.finish_creation();
    rig.timers.run_due();
    REQUIRE(a.lease);  // a, first in line, gets it (fresh: no check)
    REQUIRE(a.lease->id == 2);
    REQUIRE_FALSE(b.done);
    a.lease.release();
    rig.timers.run_due();
    REQUIRE(b.lease);
    REQUIRE_FALSE(cc.done);
}

TEST_CASE("Pool: a waiter that times out during its check leaves a healthy connection to the next",
          "[components][pool]") {
    Rig rig;
    rig.with_check = true;
    rig.check_at_once = false;
    auto c = config(1, 1);
    c.validate_after_idle = 500ms;
    ConnectionPool<Conn> pool(c, rig.factory(), rig.timers);
    rig.timers.advance(1s);
    Outcome a, b;
    pool.acquire("a", 100ms, into(a));
    rig.timers.run_due();
    pool.acquire("b", 1s, into(b));
    rig.timers.advance(100ms);
    REQUIRE(a.error == pool_errc::timeout);
    rig.checks.front()(true);
    rig.checks.pop_front();
    rig.timers.run_due();
    REQUIRE(b.lease);
    REQUIRE(b.lease->id == 1);
}

TEST_CASE("Pool: a lease held past leak_after is reported once, with its site and how long", "[components][pool]") {
    Rig rig;
    auto c = config(0, 3);
    c.leak_after = 30s;
    ConnectionPool<Conn> pool(c, rig.factory(), rig.timers);
    std::vector<std::pair<std::string, Nanos>> reports;
    pool.on_leak([&](std::string_view site, std::chrono::nanoseconds held) {
        reports.emplace_back(std::string(site), held.count());
    });
    Outcome a, b, brief;
    pool.acquire("checkout", 1s, into(a));
    rig.timers.run_due();
    rig.timers.advance(5s);
    pool.acquire("brief", 1s, into(brief));
    rig.timers.run_due();
    rig.timers.advance(5s);
    pool.acquire("search", 1s, into(b));
    rig.timers.run_due();
    REQUIRE(a.lease);
    REQUIRE(brief.lease);
    REQUIRE(b.lease);
    rig.timers.advance(20s - 1ns);
    REQUIRE(reports.empty());
    brief.lease.release();  // held 25 s: never reported
    rig.timers.advance(1ns);
    // At 30 s the first lease has been held 30 s.
    REQUIRE(reports == std::vector<std::pair<std::string, Nanos>>{{"checkout", ns(30s)}});
    rig.timers.advance(10s - 1ns);
    REQUIRE(reports.size() == 1);
    rig.timers.advance(1ns);
    REQUIRE(reports.size() == 2);
    REQUIRE(reports[1] == std::pair<std::string, Nanos>{"search", ns(30s)});
    rig.timers.advance(1h);
    REQUIRE(reports.size() == 2);
    REQUIRE(pool.stats().leaks == 2);
}

TEST_CASE("Pool: a discarded connection is destroyed and replaced", "[components][pool]") {
    Rig rig;
    ConnectionPool<Conn> pool(config(1, 1), rig.factory(), rig.timers);
    Outcome waiting;
    auto lease = pool.try_acquire("broken");
    pool.acquire("next", 1s, into(waiting));
    lease.discard();
    REQUIRE_FALSE(lease);
    REQUIRE(rig.destroyed == std::vector<int>{1});
    REQUIRE(pool.stats().destroyed.broken == 1);
    rig.timers.run_due();
    REQUIRE(waiting.lease);
    REQUIRE(waiting.lease->id == 2);
}

TEST_CASE("Pool: a failed creation keeps the line in order, creations back off, waiters time out",
          "[components][pool]") {
    Rig rig;
    rig.create_error = std::make_error_code(std::errc::connection_refused);
    auto c = config(0, 2);
    c.create_retry_delay = 100ms;
    c.create_retry_max = 300ms;
    ConnectionPool<Conn> pool(c, rig.factory(), rig.timers);
    Outcome a, b;
    pool.acquire("a", 1s, into(a));
    pool.acquire("b", 500ms, into(b));
    REQUIRE(pool.stats().creation_failures == 1);  // one attempt, then the backoff
    rig.timers.advance(100ms - 1ns);
    REQUIRE(pool.stats().creation_failures == 1);
    rig.timers.advance(1ns);
    REQUIRE(pool.stats().creation_failures == 2);
    rig.timers.advance(200ms);  // 100 ms, then 200 ms
    REQUIRE(pool.stats().creation_failures == 3);
    rig.timers.advance(200ms);  // at 500 ms: b's deadline, and the backoff is at its max (300 ms)
    REQUIRE(b.error == pool_errc::timeout);
    REQUIRE(pool.stats().creation_failures == 3);
    rig.timers.advance(100ms);
    REQUIRE(pool.stats().creation_failures == 4);
    REQUIRE_FALSE(a.done);

    rig.create_error = {};  // the server is back
    rig.timers.advance(300ms);
    REQUIRE(a.lease);  // still first in line, served by the first connection made
    REQUIRE(rig.made == 1);
}

TEST_CASE("Pool: fail_fast_on_creation_error fails the first waiter with the creation's error", "[components][pool]") {
    Rig rig;
    rig.create_error = std::make_error_code(std::errc::connection_refused);
    auto c = config(0, 1);
    c.fail_fast_on_creation_error = true;
    ConnectionPool<Conn> pool(c, rig.factory(), rig.timers);
    Outcome a, b;
    pool.acquire("a", 10s, into(a));
    pool.acquire("b", 10s, into(b));
    REQUIRE_FALSE(a.done);  // not inside acquire
    rig.timers.run_due();
    REQUIRE(a.error == std::errc::connection_refused);
    REQUIRE_FALSE(b.done);  // one failure, one waiter
}

TEST_CASE("Pool: shared connections take borrowers least-loaded first, up to max_borrowers", "[components][pool]") {
    Rig rig;
    auto c = config(3, 3);
    c.max_borrowers = 2;
    ConnectionPool<Conn> pool(c, rig.factory(), rig.timers);
    std::vector<Lease<Conn>> leases;
    for (int i = 0; i < 6; ++i) {
        auto lease = pool.try_acquire("pipelined");
        REQUIRE(lease);
        leases.push_back(std::move(lease));
    }
    std::vector<int> per_connection(4, 0);
    for (const auto& lease : leases) ++per_connection[static_cast<std::size_t>(lease->id)];
    REQUIRE(per_connection == std::vector<int>{0, 2, 2, 2});
    REQUIRE_FALSE(pool.try_acquire("full"));  // each at its 2
    Outcome waiting;
    pool.acquire("full", 1s, into(waiting));
    const int freed = leases[4]->id;
    leases[4].release();
    rig.timers.run_due();
    REQUIRE(waiting.lease);
    REQUIRE(waiting.lease->id == freed);
    REQUIRE(pool.stats().active == 3);
    REQUIRE(pool.stats().leases == 6);
}

TEST_CASE("Pool: shared connections spread first, a new one made only while none is idle, up to max_size",
          "[components][pool]") {
    Rig rig;
    auto c = config(1, 3);
    c.max_borrowers = 0;  // unbounded
    ConnectionPool<Conn> pool(c, rig.factory(), rig.timers);
    REQUIRE(rig.made == 1);
    auto first = pool.try_acquire("a");
    REQUIRE(rig.made == 2);  // none idle now: one more made
    auto second = pool.try_acquire("b");
    REQUIRE(second->id == 2);
    REQUIRE(rig.made == 3);
    auto third = pool.try_acquire("c");
    REQUIRE(third->id == 3);
    std::vector<Lease<Conn>> more;
    for (int i = 0; i < 6; ++i) more.push_back(pool.try_acquire("d"));
    REQUIRE(rig.made == 3);  // max_size
    std::vector<int> per_connection(4, 0);
    for (const auto& lease : more) ++per_connection[static_cast<std::size_t>(lease->id)];
    REQUIRE(per_connection == std::vector<int>{0, 2, 2, 2});
}

TEST_CASE("Pool: a broken shared connection goes once its last borrower is done", "[components][pool]") {
    Rig rig;
    auto c = config(1, 1);
    c.max_borrowers = 0;
    ConnectionPool<Conn> pool(c, rig.factory(), rig.timers);
    auto a = pool.try_acquire("a");
    auto b = pool.try_acquire("b");
    a.discard();
    REQUIRE(rig.destroyed.empty());
    REQUIRE(b->id == 1);                   // still usable by b (it will find out)
    REQUIRE_FALSE(pool.try_acquire("c"));  // but lent to no one new
    b.release();
    REQUIRE(rig.destroyed == std::vector<int>{1});
    REQUIRE(pool.try_acquire("c")->id == 2);
}

TEST_CASE("Pool: destroyed with waiters, they get pool_errc::closed afterwards, and a lease may outlive it",
          "[components][pool]") {
    Rig rig;
    Outcome waiting;
    Lease<Conn> survivor;
    {
        ConnectionPool<Conn> pool(config(2, 2), rig.factory(), rig.timers);
        survivor = pool.try_acquire("survivor");
        auto other = pool.try_acquire("other");
        pool.acquire("waiting", 10s, into(waiting));
        other.release();  // (its serve is cancelled with the pool)
    }
    const int kept = survivor->id;
    REQUIRE_FALSE(waiting.done);                           // not inside the destructor
    REQUIRE(rig.destroyed == std::vector<int>{3 - kept});  // the idle one
    rig.timers.run_due();
    REQUIRE(waiting.done);
    REQUIRE(waiting.error == pool_errc::closed);
    REQUIRE_FALSE(waiting.lease);
    REQUIRE(survivor->id == kept);  // still usable
    survivor.release();             // then closed: the pool is gone
    REQUIRE(rig.destroyed == std::vector<int>{3 - kept, kept});
    REQUIRE(rig.timers.pending() == 0);
}

TEST_CASE("Pool: closed, acquires fail with pool_errc::closed and a creation finishing late is closed",
          "[components][pool]") {
    Rig rig;
    rig.create_at_once = false;
    ConnectionPool<Conn> pool(config(1, 1), rig.factory(), rig.timers);
    pool.close();
    Outcome out;
    pool.acquire("after", 1s, into(out));
    rig.timers.run_due();
    REQUIRE(out.error == pool_errc::closed);
    REQUIRE_FALSE(pool.try_acquire("after"));
    rig.finish_creation();
    REQUIRE(rig.destroyed == std::vector<int>{1});
    REQUIRE(pool.stats().destroyed.closed == 1);
}

TEST_CASE("Pool: a creation outliving the pool finds it closed, safely", "[components][pool]") {
    Rig rig;
    rig.create_at_once = false;
    { ConnectionPool<Conn> pool(config(1, 1), rig.factory(), rig.timers); }
    rig.finish_creation();  // the pool's state went with this last reference
    REQUIRE(rig.destroyed == std::vector<int>{1});
    rig.creations.clear();
}

TEST_CASE("Pool: a completion may destroy the pool", "[components][pool]") {
    Rig rig;
    auto pool = std::make_unique<ConnectionPool<Conn>>(config(1, 1), rig.factory(), rig.timers);
    Lease<Conn> kept;
    pool->acquire("last", 1s, [&](std::error_code, Lease<Conn> lease) {
        kept = std::move(lease);
        pool.reset();
    });
    rig.timers.run_due();
    REQUIRE(kept);
    kept.release();
    REQUIRE(rig.destroyed == std::vector<int>{1});
}

TEST_CASE("Pool: 8 waiters looping on 2 connections are served equally, each waiting the same", "[components][pool]") {
    Rig rig;
    ConnectionPool<Conn> pool(config(2, 2), rig.factory(), rig.timers);
    constexpr int waiters = 8;
    const auto hold = 100us;
    std::vector<int> served(waiters, 0);
    std::vector<Nanos> waits;
    std::vector<Lease<Conn>> leases(waiters);
    std::function<void(int)> loop = [&](int w) {
        const Nanos asked = rig.clock.now();
        pool.acquire("loop", 1s, [&, w, asked](std::error_code error, Lease<Conn> lease) {
            REQUIRE_FALSE(error);
            waits.push_back(rig.clock.now() - asked);
            ++served[static_cast<std::size_t>(w)];
            leases[static_cast<std::size_t>(w)] = std::move(lease);
            rig.timers.call_at(rig.clock.now() + ns(hold), [&, w] {
                leases[static_cast<std::size_t>(w)].release();
                loop(w);  // to the back of the line
            });
        });
    };
    for (int w = 0; w < waiters; ++w) loop(w);
    rig.timers.advance(1s);
    const auto [fewest, most] = std::minmax_element(served.begin(), served.end());
    REQUIRE(*fewest >= 2400);  // 2 connections x 10,000 holds a second / 8
    REQUIRE(*most - *fewest <= 1);
    // In the steady state each waits for the three holds ahead of it.
    std::sort(waits.begin(), waits.end());
    REQUIRE(waits[waits.size() / 2] == ns(3 * hold));
    REQUIRE(waits[waits.size() * 99 / 100] == ns(3 * hold));
    REQUIRE(pool.stats().timeouts == 0);
}

TEST_CASE("Pool: config mistakes are refused", "[components][pool]") {
    Rig rig;
    auto bad = [&](PoolConfig c) { ConnectionPool<Conn> pool(c, rig.factory(), rig.timers); };
    REQUIRE_THROWS_AS(bad(config(0, 0)), std::invalid_argument);
    REQUIRE_THROWS_AS(bad(config(3, 2)), std::invalid_argument);
    auto c = config(0, 1);
    c.max_lifetime = 10s;
    c.lifetime_jitter = 10s;
    REQUIRE_THROWS_AS(bad(c), std::invalid_argument);
    c = config(0, 1);
    c.create_retry_delay = 0ns;
    REQUIRE_THROWS_AS(bad(c), std::invalid_argument);
    REQUIRE_THROWS_AS(ConnectionPool<Conn>(config(0, 1), PoolFactory<Conn>{}, rig.timers), std::invalid_argument);
}

TEST_CASE("Pool: on Asio, waiters are served as connections come back", "[components][pool]") {
    boost::asio::io_context io;
    AsioTimers timers(io.get_executor());
    int made = 0;
    PoolFactory<Conn> factory;
    factory.create = [&](Creation<Conn> creation) { creation.succeeded(Conn{++made}); };
    auto c = config(1, 2);
    ConnectionPool<Conn> pool(c, factory, timers);
    int served = 0;
    std::function<void()> next = [&] {
        // No deadline: a pending deadline timer would keep io.run() going after the last waiter.
        pool.acquire("asio", std::chrono::nanoseconds::max(), [&](std::error_code error, Lease<Conn> lease) {
            REQUIRE_FALSE(error);
            ++served;
            auto held = std::make_shared<Lease<Conn>>(std::move(lease));
            timers.call_at(timers.now() + ns(50us), [&, held] {
                held->release();
                if (served < 200) next();
            });
        });
    };
    for (int i = 0; i < 4; ++i) next();
    io.run();
    REQUIRE(served >= 200);
    REQUIRE(made == 2);
    REQUIRE(pool.stats().waiting == 0);
    REQUIRE(pool.stats().leases == 0);
}

}  // namespace connection_pool_test
