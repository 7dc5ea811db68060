// DemoService lifecycle: one io_context per thread. Thread 0 also owns the
// listening socket and hands accepted connections round-robin to all the
// threads, so each connection lives on a single thread and nothing is shared
// on the request path. (SO_REUSEPORT acceptors would spread the accepting too,
// but would also let a second service bind the same port silently.)
#include "examples/demo-service/demo_service.hpp"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "examples/demo-service/demo_connection.hpp"
#include "examples/demo-service/demo_counters.hpp"

namespace throng::demo {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using detail::Counter;

constexpr auto no_throw = asio::as_tuple(asio::use_awaitable);
// After an accept error such as running out of file descriptors: wait for
// connections to close instead of spinning on the error.
constexpr auto accept_backoff = std::chrono::milliseconds(50);

// One event loop thread and what its connections share.
struct Worker {
    Worker(const DemoConfig& config, detail::ThreadCounters& counters, std::uint64_t seed)
        : state{config, std::mt19937_64(seed), counters} {}

    // Declared before `io`: connections still pending when `io` is destroyed refer to it.
    detail::ThreadState state;
    asio::io_context io{1};  // run by one thread only
    asio::executor_work_guard<asio::io_context::executor_type> keep_running{io.get_executor()};
    std::thread thread;
};

void run_until_stopped(asio::io_context& io) {
    for (;;) {
        try {
            io.run();
            return;
        } catch (...) {
            // A handler threw: the connection it served is gone, the others
            // carry on. (Connections catch their own errors; this is a backstop.)
        }
    }
}

asio::awaitable<void> accept_connections(tcp::acceptor acceptor, std::vector<Worker*> workers) {
    asio::steady_timer backoff(acceptor.get_executor());
    for (std::size_t next = 0;; next = (next + 1) % workers.size()) {
        Worker& worker = *workers[next];
        auto [error, socket] = co_await acceptor.async_accept(worker.io, no_throw);
        if (error == asio::error::operation_aborted) co_return;
        if (error) {
            backoff.expires_after(accept_backoff);
            co_await backoff.async_wait(no_throw);
            continue;
        }
        boost::system::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);  // responses go out in one write; don't hold them
        // `detached` discards the coroutine's outcome; serve_connection catches its own errors.
        asio::co_spawn(worker.io, detail::serve_connection(tcp::socket(std::move(socket)), worker.state),
                       asio::detached);
    }
}

std::string describe(const std::string& address, std::uint16_t port) {
    const bool ipv6 = address.find(':') != std::string::npos;
    return (ipv6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

// Throws std::system_error naming the address if it cannot listen there.
tcp::acceptor listen(asio::io_context& io, const DemoConfig& config) {
    boost::system::error_code error;
    const auto address = asio::ip::make_address(config.address, error);
    if (error) throw std::system_error(error, "throng demo: invalid listen address '" + config.address + "'");

    const tcp::endpoint endpoint(address, config.port);
    tcp::acceptor acceptor(io);
    const auto check = [&](const char* what) {
        if (error)
            throw std::system_error(
                error, std::string("throng demo: cannot ") + what + " " + describe(config.address, config.port));
    };
    acceptor.open(endpoint.protocol(), error);
    check("open a socket for");
    // Lets a restarted service rebind while old connections sit in TIME_WAIT;
    // on Linux it does not let two listeners share a port.
    acceptor.set_option(tcp::acceptor::reuse_address(true), error);
    check("configure");
    acceptor.bind(endpoint, error);
    check("bind");
    acceptor.listen(tcp::acceptor::max_listen_connections, error);
    check("listen on");
    return acceptor;
}

void validate(const DemoConfig& config) {
    const auto require = [](bool ok, const char* what) {
        if (!ok) throw std::invalid_argument(std::string("throng demo: ") + what);
    };
    require(config.threads >= 1, "threads must be at least 1");
    require(std::isfinite(config.item_median_ms) && config.item_median_ms >= 0, "item_median_ms must be >= 0");
    require(std::isfinite(config.item_sigma) && config.item_sigma >= 0, "item_sigma must be >= 0");
    require(config.item_max_ms >= 0 && config.item_max_ms <= 60'000, "item_max_ms must be in 0..60000");
    require(config.flaky_error_rate >= 0 && config.flaky_error_rate <= 1, "flaky_error_rate must be in 0..1");
    require(config.extra_latency >= 0 && config.extra_latency <= 100, "extra_latency must be in 0..100 (0 to 10000%)");
    require(config.idle_timeout_s > 0 && config.idle_timeout_s <= 86'400, "idle_timeout_s must be in (0, 86400]");
}

}  // namespace

struct DemoService::Impl {
    explicit Impl(DemoConfig c) : config(std::move(c)), bound_port(config.port) {
        validate(config);
        for (int i = 0; i < config.threads; ++i) counters.push_back(std::make_unique<detail::ThreadCounters>());
    }

    void start() {
        const std::lock_guard lock(lifecycle);
        if (!workers.empty()) throw std::logic_error("throng demo: already started");
        try {
            for (std::size_t i = 0; i < counters.size(); ++i)
                workers.push_back(std::make_unique<Worker>(config, *counters[i], config.seed + i));
            auto acceptor = listen(workers.front()->io, config);
            bound_port = acceptor.local_endpoint().port();

            std::vector<Worker*> targets;
            for (auto& worker : workers) targets.push_back(worker.get());
            asio::co_spawn(workers.front()->io, accept_connections(std::move(acceptor), std::move(targets)),
                           asio::detached);
            for (auto& worker : workers) worker->thread = std::thread([&io = worker->io] { run_until_stopped(io); });
        } catch (...) {
            stop_locked();
            throw;
        }
    }

    void stop() {
        const std::lock_guard lock(lifecycle);
        stop_locked();
    }

    // Stopping the loops leaves every acceptor, socket and timer where it is;
    // destroying the io_contexts then destroys the pending coroutines, which
    // closes their sockets. No client can hold stop() up.
    void stop_locked() {
        for (auto& worker : workers) worker->io.stop();
        for (auto& worker : workers)
            if (worker->thread.joinable()) worker->thread.join();
        // Thread 0's first: its pending accept may hold a socket of another thread's io_context.
        for (auto& worker : workers) worker.reset();
        workers.clear();
    }

    DemoStats stats() const {
        DemoStats stats;
        for (const auto& thread : counters) {
            stats.health += thread->get(Counter::health);
            stats.items += thread->get(Counter::items);
            stats.flaky += thread->get(Counter::flaky);
            stats.flaky_failed += thread->get(Counter::flaky_failed);
            stats.slow += thread->get(Counter::slow);
            stats.echo += thread->get(Counter::echo);
            stats.login += thread->get(Counter::login);
            stats.me += thread->get(Counter::me);
            stats.not_found += thread->get(Counter::not_found);
            stats.malformed += thread->get(Counter::malformed);
            stats.connections_accepted += thread->get(Counter::connections_accepted);
        }
        stats.requests = stats.health + stats.items + stats.flaky + stats.slow + stats.echo + stats.login + stats.me +
                         stats.not_found + stats.malformed;
        return stats;
    }

    const DemoConfig config;
    std::vector<std::unique_ptr<detail::ThreadCounters>> counters;  // one per thread, kept across restarts
    std::mutex lifecycle;                                           // serialises start() and stop()
    std::vector<std::unique_ptr<Worker>> workers;                   // empty while stopped
    std::atomic<std::uint16_t> bound_port;
};

DemoService::DemoService(DemoConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

DemoService::~DemoService() { impl_->stop(); }

void DemoService::start() { impl_->start(); }

void DemoService::stop() { impl_->stop(); }

std::uint16_t DemoService::port() const { return impl_->bound_port.load(); }

std::string DemoService::base_url() const {
    // A wildcard listener is reached through loopback.
    std::string host = impl_->config.address;
    if (host == "0.0.0.0") host = "127.0.0.1";
    if (host == "::") host = "::1";
    return "http://" + describe(host, port());
}

DemoStats DemoService::stats() const { return impl_->stats(); }

}  // namespace throng::demo
