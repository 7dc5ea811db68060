#pragma once
// One HTTP/1.x connection, served as a coroutine on the thread whose
// io_context owns its socket: read a request, route it, wait out its delay on
// a timer, write the response, repeat while the client keeps it alive.
#include <random>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "examples/demo-service/demo_counters.hpp"
#include "examples/demo-service/demo_service.hpp"

namespace throng::demo::detail {

// What the connections of one thread share. Only that thread touches it
// (stats() merely reads the counters), so nothing here needs a lock.
struct ThreadState {
    const DemoConfig& config;
    std::mt19937_64 rng;
    ThreadCounters& counters;
};

// Never throws: any error just ends (closes) this connection.
boost::asio::awaitable<void> serve_connection(boost::asio::ip::tcp::socket socket, ThreadState& state);

}  // namespace throng::demo::detail
