#pragma once
// HTTP/2 connections that the VUs of one worker share (a target's `pool`):
// its VUs' requests to the target go as streams on them in turn, each
// connection made by the first VU to need it while the others wait for it.
// They last while a session of the worker holds them (PerThread): the last
// session to go closes them, so that the worker's event loop can end. Not a
// borrow pool: a connection carries many VUs' streams at once.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "harness/core/error_class.hpp"
#include "targets/drivers/http/h2_connection.hpp"
#include "targets/drivers/http/peer.hpp"

namespace throng::targets::http {

// One shared connection, and the attempts to make it.
struct SharedH2Connection {
    explicit SharedH2Connection(const boost::asio::any_io_executor& executor)
        : attempt_ended(executor, boost::asio::steady_timer::time_point::max()) {}

    std::shared_ptr<H2Connection> connection;  // requests under way hold it too
    bool connecting = false;                   // a VU is making it: the others wait
    std::uint64_t attempts = 0;                // ended, made or not
    // How the last attempt failed, for the VUs that waited on it (none: it
    // did not), and whether the server chose HTTP/1.1 by ALPN.
    core::ErrorClass failure = core::ErrorClass::none;
    core::ErrorCode code;
    bool http1 = false;
    boost::asio::steady_timer attempt_ended;  // cancelled when an attempt ends, to wake the waiters
};

// A worker's shared connections, by peer and pool size. Used from its thread only.
class WorkerH2Pools {
public:
    explicit WorkerH2Pools(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

    // The next of the `size` connections to `peer`, in turn; it stays put.
    SharedH2Connection& next_connection(const Peer& peer, std::size_t size);

private:
    struct Pool {
        Peer peer;
        std::vector<std::unique_ptr<SharedH2Connection>> connections;
        std::size_t next = 0;
    };
    boost::asio::any_io_executor executor_;
    std::vector<Pool> pools_;  // a few targets: searched in order
};

}  // namespace throng::targets::http
