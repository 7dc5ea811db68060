#pragma once
// The embedded demo target: a small HTTP/1.1 server that throng starts
// in-process for its quickstart load test, and that `throng demo` serves
// standalone. Endpoints and behaviour are described in README.md.
//
// Boost stays out of this header (pimpl) so that users of the library do not
// pay for Asio and Beast in their own translation units.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace throng::demo {

// A request as the demo read it (for tests that check what throng sent).
struct SeenRequest {
    std::string method;
    std::string target;
    std::string authorization;  // the header's value, "" when absent
    std::string body;
};

struct DemoConfig {
    std::string address = "127.0.0.1";
    std::uint16_t port = 0;  // 0 = any free port; see DemoService::port()
    int threads = 1;         // each thread runs its own event loop

    double item_median_ms = 2.0;  // /items/{id} latency: lognormal with this median
    double item_sigma = 0.5;      // lognormal shape (spread); 0 = always the median
    double item_max_ms = 250.0;   // cap
    // A slower build, on purpose: every /items delay (drawn, capped) is
    // stretched by this share (0.10: 10% slower), to test regression gates.
    double extra_latency = 0.0;
    double flaky_error_rate = 0.1;  // /flaky fails (500) with this probability
    double idle_timeout_s = 60.0;   // keep-alive connections idle this long are closed
    std::uint64_t seed = 42;        // thread i draws from std::mt19937_64(seed + i)
    // Called on a serving thread for every request read, before it is answered.
    std::function<void(const SeenRequest&)> on_request;
};

// Requests fully served (response written) so far, by endpoint.
// requests == health + items + flaky + slow + echo + login + me + not_found + malformed.
struct DemoStats {
    std::uint64_t requests = 0;
    std::uint64_t health = 0;
    std::uint64_t items = 0;
    std::uint64_t flaky = 0;
    std::uint64_t flaky_failed = 0;  // the injected 500s, also counted in `flaky`
    std::uint64_t slow = 0;
    std::uint64_t echo = 0;
    std::uint64_t login = 0;
    std::uint64_t me = 0;
    std::uint64_t not_found = 0;
    std::uint64_t malformed = 0;  // unparseable or oversized requests (400, 413, 431)
    std::uint64_t connections_accepted = 0;
};

class DemoService {
public:
    // Throws std::invalid_argument for a nonsensical config (threads < 1, a
    // negative latency, an error rate outside [0, 1], ...).
    explicit DemoService(DemoConfig config = {});
    ~DemoService();  // stops
    DemoService(const DemoService&) = delete;
    DemoService& operator=(const DemoService&) = delete;
    DemoService(DemoService&&) = delete;
    DemoService& operator=(DemoService&&) = delete;

    // Binds, listens and starts the threads. Throws std::system_error naming
    // address:port if it cannot bind, std::logic_error if already running.
    // May be called again after stop() (a port of 0 then picks a new port).
    void start();

    // The bound port once started (the configured one before).
    std::uint16_t port() const;
    // "http://ADDRESS:PORT"; a wildcard address is given as loopback.
    std::string base_url() const;

    // Counters since construction; safe to call from any thread at any time.
    DemoStats stats() const;

    // Idempotent, safe from any thread. Closes the listener and every
    // connection (requests in flight are dropped), then joins the threads.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace throng::demo
