#include "targets/drivers/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace throng::targets::postgres {

namespace asio = boost::asio;
using core::ErrorClass;

Connection::~Connection() { close(); }

void Connection::set_prepared(std::size_t statement) {
    if (prepared_.size() <= statement) prepared_.resize(statement + 1);
    prepared_[statement] = true;
}

bool Connection::watch_socket() {
    forget_socket();
    const int fd = PQsocket(pg_);
    if (fd >= 0) socket_ = poller_.add(fd);
    return socket_.valid();
}

void Connection::close() {
    forget_socket();  // before PQfinish closes the descriptor
    if (pg_ != nullptr) PQfinish(pg_);
    pg_ = nullptr;
    prepared_.clear();
}

bool Connection::check_alive() {
    if (pg_ != nullptr && PQsocket(pg_) >= 0 && PQstatus(pg_) == CONNECTION_OK) return true;
    forget_socket();
    return false;
}

asio::awaitable<Io> Connection::wait(SocketPoller::Interest interest, const Interruption& interruption) {
    if (interruption.any()) co_return Io::interrupted;
    boost::system::error_code ec;
    co_await poller_.async_wait(socket_, interest, asio::redirect_error(asio::use_awaitable, ec));
    if (interruption.any()) co_return Io::interrupted;
    co_return ec ? Io::lost : Io::ok;
}

asio::awaitable<Failure> Connection::connect(const TargetSettings& target, const Interruption& interruption) {
    close();
    pg_ = PQconnectStartParams(target.keywords.data(), target.values.data(), 1);
    Failure failure;
    if (pg_ == nullptr) {
        failure.error = ErrorClass::other;  // out of memory
        co_return failure;
    }
    // Verbose, so that a server's refusal carries its SQLSTATE in the message.
    PQsetErrorVerbosity(pg_, PQERRORS_VERBOSE);
    // As if PQconnectPoll had asked for writing first, as libpq's docs say.
    PostgresPollingStatusType polling = PQstatus(pg_) == CONNECTION_BAD ? PGRES_POLLING_FAILED : PGRES_POLLING_WRITING;
    // Each round is a step of the handshake (TCP, SSL or not, authentication,
    // parameters) or another address to try; the deadline ends it otherwise.
    while (polling != PGRES_POLLING_OK && polling != PGRES_POLLING_FAILED) {
        // libpq may have moved to a new socket, possibly under the same
        // number: it is registered afresh each round.
        if (!watch_socket()) {
            polling = PGRES_POLLING_FAILED;
            break;
        }
        const auto interest =
            polling == PGRES_POLLING_READING ? SocketPoller::Interest::readable : SocketPoller::Interest::writable;
        const Io io = co_await wait(interest, interruption);
        if (io != Io::ok) {
            failure.error = interruption.timed_out ? ErrorClass::connect_timeout : ErrorClass::other;
            close();
            co_return failure;
        }
        polling = PQconnectPoll(pg_);
    }
    if (polling == PGRES_POLLING_FAILED) {
        failure = classify_connect_failure(PQerrorMessage(pg_), false);
        close();
        co_return failure;
    }
    PQsetErrorVerbosity(pg_, PQERRORS_DEFAULT);
    if (PQsetnonblocking(pg_, 1) != 0) {
        failure.error = ErrorClass::other;
        close();
    }
    co_return failure;
}

asio::awaitable<Io> Connection::flush(const Interruption& interruption) {
    // Bounded by the deadline: every round either sends or waits.
    for (;;) {
        const int pending = PQflush(pg_);
        if (pending == 0) co_return Io::ok;
        if (pending < 0 || !check_alive()) co_return Io::lost;
        // The socket is full. libpq has read what the server sent meanwhile
        // (so the server is not stuck writing to us); wait for room.
        const Io io = co_await wait(SocketPoller::Interest::writable, interruption);
        if (io != Io::ok) co_return io;
        if (PQconsumeInput(pg_) == 0 && !check_alive()) co_return Io::lost;
    }
}

Io Connection::consume() {
    if (PQconsumeInput(pg_) != 0) return Io::ok;
    check_alive();
    return PQisBusy(pg_) ? Io::lost : Io::ok;
}

asio::awaitable<Io> Connection::await_result(const Interruption& interruption) {
    // Bounded by the deadline: every round waits, then reads.
    while (PQisBusy(pg_)) {
        if (interruption.any()) co_return Io::interrupted;
        boost::system::error_code ec;
        co_await async_wait_readable(asio::redirect_error(asio::use_awaitable, ec));
        if (interruption.any()) co_return Io::interrupted;
        if (ec) co_return Io::lost;
        if (consume() == Io::lost) co_return Io::lost;
    }
    co_return Io::ok;
}

}  // namespace throng::targets::postgres
