#pragma once
// What a ConnectionPool is told (PoolConfig), what it reports (PoolStats),
// and the errors an acquire completes with (pool_errc, a std::error_code).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace throng::components {

struct PoolConfig {
    std::size_t min_size = 0;   // kept open: made at start, replaced when they go
    std::size_t max_size = 10;  // never exceeded, connections being made included
    // Borrowers one connection is lent to at once: 1 is exclusive use (a
    // PostgreSQL session); more, or 0 for no bound, shares a connection that
    // pipelines (Redis answers in order), the least-loaded first.
    std::size_t max_borrowers = 1;
    // A connection idle this long is closed while more than min_size are
    // open (0: never).
    std::chrono::nanoseconds idle_timeout = std::chrono::minutes(10);
    // Each connection lives max_lifetime minus a random part of up to
    // lifetime_jitter, so that a batch made together does not reconnect
    // together; it is retired when idle after that, never taken from a
    // borrower (0: forever).
    std::chrono::nanoseconds max_lifetime = std::chrono::minutes(30);
    std::chrono::nanoseconds lifetime_jitter = std::chrono::minutes(3);
    std::uint64_t seed = 1;  // of the jitter's random draws
    // A connection idle at least this long is health-checked before it is
    // lent (when the factory has a check).
    std::chrono::nanoseconds validate_after_idle = std::chrono::milliseconds(500);
    // A lease held this long is reported once, with its site (0: never).
    std::chrono::nanoseconds leak_after = std::chrono::nanoseconds(0);
    // After a failed creation, creations wait this long before the next
    // attempt, doubling with each failure in a row up to the maximum.
    std::chrono::nanoseconds create_retry_delay = std::chrono::milliseconds(50);
    std::chrono::nanoseconds create_retry_max = std::chrono::seconds(5);
    // Whether a failed creation fails the first waiter in line at once (with
    // the creation's error) rather than letting it wait until its deadline.
    bool fail_fast_on_creation_error = false;
};

// Why a connection was closed.
enum class RetireCause : std::uint8_t { idle, lifetime, broken, failed_check, closed };
std::string_view to_string(RetireCause cause);

struct PoolStats {
    std::size_t active = 0;    // connections lent to at least one borrower
    std::size_t idle = 0;      // open, lent to no one
    std::size_t waiting = 0;   // acquires in line
    std::size_t creating = 0;  // creations under way
    std::size_t checking = 0;  // health checks under way
    std::size_t leases = 0;    // leases outstanding
    std::uint64_t acquired = 0;
    std::uint64_t timeouts = 0;
    std::uint64_t creations = 0;  // connections made
    std::uint64_t creation_failures = 0;
    std::uint64_t checks = 0;  // health checks made (passed or not)
    std::uint64_t leaks = 0;   // leases reported held too long
    struct Destroyed {
        std::uint64_t idle = 0, lifetime = 0, broken = 0, failed_check = 0, closed = 0;
    } destroyed;
};

// Errors an acquire completes with. A failed creation, with
// fail_fast_on_creation_error, passes on the factory's own error instead.
enum class pool_errc {
    timeout = 1,      // no connection came before the acquire's deadline
    closed,           // the pool was closed (or destroyed) first
    creation_failed,  // the factory failed without saying why
};
const std::error_category& pool_category();
inline std::error_code make_error_code(pool_errc e) { return {static_cast<int>(e), pool_category()}; }

}  // namespace throng::components

template <>
struct std::is_error_code_enum<throng::components::pool_errc> : std::true_type {};
