#pragma once
// One libpq connection driven without blocking: libpq does the protocol and
// the I/O on its non-blocking socket, and the socket's readiness is waited
// for through the worker thread's poller, on its io_context.
#include <cstddef>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "targets/drivers/postgres/pg_target.hpp"
#include "targets/drivers/postgres/sql_errors.hpp"
#include "targets/drivers/socket_poller.hpp"

struct pg_conn;  // libpq's PGconn

namespace throng::targets::postgres {

// Why a wait ended early: the step's deadline passed, or the VU is being cut.
struct Interruption {
    bool timed_out = false;
    bool aborted = false;
    bool any() const { return timed_out || aborted; }
};

// How waiting for the server went.
enum class Io { ok, lost, interrupted };

class Connection {
public:
    explicit Connection(SocketPoller& poller) : poller_(poller) {}
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    pg_conn* pg() const { return pg_; }
    bool is_open() const { return pg_ != nullptr; }

    // Opens the connection (PQconnectStartParams, then PQconnectPoll whenever
    // the socket is ready); on failure it stays closed. The caller's deadline
    // bounds it: a timed-out connect is connect_timeout.
    boost::asio::awaitable<Failure> connect(const TargetSettings& target, const Interruption& interruption);

    // Sends what libpq still holds (PQflush until done).
    boost::asio::awaitable<Io> flush(const Interruption& interruption);
    // Reads until PQgetResult would not block (PQconsumeInput until !PQisBusy).
    boost::asio::awaitable<Io> await_result(const Interruption& interruption);
    // The wait of one round of await_result(), as an asynchronous operation
    // rather than a coroutine (one frame less on the hot path); the caller
    // then calls consume().
    template <typename Token>
    auto async_wait_readable(Token&& token) {
        return poller_.async_wait(socket_, SocketPoller::Interest::readable, std::forward<Token>(token));
    }
    // PQconsumeInput after a wait: Io::lost if the connection broke with
    // nothing more to take (what the server said before it went, 57P01, may
    // still be there to take: then Io::ok).
    Io consume();

    // Ends the current wait soon (it reports Io::interrupted).
    void interrupt() { poller_.interrupt(socket_); }
    // Stops watching the socket and ends the connection (PQfinish).
    void close();
    // Whether libpq still has its socket; when it has closed it (the
    // connection broke), the poller lets it go at once, before another
    // connection could be given the same number.
    bool check_alive();

    // Statements prepared on this connection, by the driver's statement id.
    bool is_prepared(std::size_t statement) const { return statement < prepared_.size() && prepared_[statement]; }
    void set_prepared(std::size_t statement);

private:
    boost::asio::awaitable<Io> wait(SocketPoller::Interest interest, const Interruption& interruption);
    bool watch_socket();  // (re)registers PQsocket() with the poller
    void forget_socket() { poller_.remove(socket_); }

    SocketPoller& poller_;
    pg_conn* pg_ = nullptr;
    SocketPoller::Handle socket_;
    std::vector<bool> prepared_;
};

}  // namespace throng::targets::postgres
