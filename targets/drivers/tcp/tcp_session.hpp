#pragma once
// One VU's connection to a tcp target and the send/expect exchange on it.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "harness/engine/driver.hpp"
#include "harness/engine/watchdog.hpp"
#include "targets/drivers/endpoint_cache.hpp"
#include "targets/drivers/tcp/tcp_step.hpp"

namespace throng::targets::tcp {

struct PreparedExchange final : engine::PreparedStep {
    std::string bytes;                             // what to send, when constant
    std::shared_ptr<const TcpStepSpec> templated;  // else rendered per request from this
    std::string expect;
    std::shared_ptr<const Endpoints> endpoints;
    std::size_t max_reply = 0;  // bytes read without `expect` before it is a protocol error
    std::size_t max_body = 0;   // of a kept reply
    core::Nanos timeout = 0;
    core::Nanos connect_timeout = 0;
};

class TcpSession final : public engine::SessionOf<PreparedExchange>, private engine::Deadline {
public:
    explicit TcpSession(const engine::SessionContext& context);
    ~TcpSession() override;

    void abort() override;

private:
    // The VU's connection to one target (steps may name several).
    struct Link {
        explicit Link(const boost::asio::any_io_executor& executor) : socket(executor) {}
        const Endpoints* endpoints = nullptr;
        boost::asio::ip::tcp::socket socket;
        std::string received;  // read but not yet a reply: the next one's start
    };

    boost::asio::awaitable<core::Outcome> run_step(const PreparedExchange& step, const engine::StepIo& io) override;
    void expire() override;  // the watchdog says the current phase took too long
    Link& link_for(const PreparedExchange& step);
    boost::asio::awaitable<core::ErrorClass> connect(Link& link, const PreparedExchange& step);
    core::ErrorClass classify(const boost::system::error_code& ec, bool connecting) const;
    static void close(Link& link);

    boost::asio::any_io_executor executor_;
    std::vector<std::unique_ptr<Link>> links_;
    Link* current_ = nullptr;  // the link a step is using now
    std::string rendered_;
    engine::Watchdog& watchdog_;
    bool timed_out_ = false;
};

}  // namespace throng::targets::tcp
