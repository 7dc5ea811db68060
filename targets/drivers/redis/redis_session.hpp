#pragma once
// One VU's use of Redis: its own connection per target (or a turn on its
// worker thread's shared ones), a batch of pipelined commands at a time, each
// command measured on its own.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/engine/driver.hpp"
#include "harness/engine/watchdog.hpp"
#include "targets/drivers/redis/command_template.hpp"
#include "targets/drivers/redis/connection_pool.hpp"
#include "targets/drivers/redis/endpoint.hpp"
#include "targets/drivers/redis/redis_connection.hpp"
#include "targets/drivers/redis/redis_step.hpp"
#include "targets/drivers/redis/wakeup.hpp"

namespace throng::targets::redis {

struct PreparedCommand final : engine::PreparedStep {
    std::shared_ptr<const Endpoint> endpoint;
    bool constant = true;
    std::string bytes;          // the command in RESP, formatted once (when constant)
    CommandTemplate templated;  // else rendered per command
    std::uint32_t pipeline = 1;
    core::Nanos timeout = 0;
};

class RedisSession final : public engine::SessionOf<PreparedCommand>,
                           private engine::Deadline,
                           private ConnectionClient {
public:
    RedisSession(const engine::SessionContext& context, std::shared_ptr<ThreadShared> thread);
    ~RedisSession() override;

    void abort() override;

private:
    boost::asio::awaitable<core::Outcome> run_step(const PreparedCommand& command, const engine::StepIo& io) override;
    // How the session reaches one target: its own connection, or a pool's.
    struct Link {
        const Endpoint* endpoint = nullptr;
        std::shared_ptr<Connection> own;
        ConnectionPool* pool = nullptr;  // the thread's
    };
    enum class Phase { idle, connecting, exchanging };

    void expire() override;  // the watchdog says the current phase took too long
    void on_reply(std::uint32_t index, const redisReply* reply, core::ErrorClass failure, core::Nanos at) override;
    void on_settled(core::ErrorClass failure, const core::ErrorCode& code) override;

    // The connection for a step (a pooled one is leased until done_with_connection()).
    Connection& connection_for(const std::shared_ptr<const Endpoint>& endpoint);
    void done_with_connection();
    boost::asio::awaitable<void> connect(Connection& connection, const Endpoint& endpoint);
    void send(const PreparedCommand& command, const engine::StepIo& io, Connection& connection);
    void fail_batch(core::ErrorClass failure, const core::ErrorCode& code);
    core::Outcome collect();
    bool owns(const Connection& connection) const;

    engine::Watchdog& watchdog_;
    std::shared_ptr<ThreadShared> thread_;
    std::vector<Link> links_;
    Wakeup wakeup_;
    Phase phase_ = Phase::idle;
    Connection* current_ = nullptr;  // the connection the pending execute() uses
    ConnectionLease lease_;          // current_'s, when it is pooled (ends before thread_)

    // The batch under way: one outcome per command (the first returned, the
    // others written in place into the step's `more`), the last reply kept.
    core::Outcome& outcome(std::uint32_t index) {
        return index == 0 ? first_ : (*more_)[more_base_ + index - 1].outcome;
    }
    core::Outcome first_;
    std::vector<engine::PartOutcome>* more_ = nullptr;  // the step's, while it runs
    std::size_t more_base_ = 0;
    std::uint32_t expected_ = 0;
    std::uint32_t received_ = 0;
    core::Reply* reply_ = nullptr;
    std::size_t max_body_ = 0;
    core::ErrorClass settled_ = core::ErrorClass::none;  // how the awaited connect ended
    core::ErrorCode settled_code_;
    std::string rendered_;           // a batch of templated commands, in RESP (capacity reused)
    std::vector<std::size_t> ends_;  // where each command of the batch ends in rendered_
};

}  // namespace throng::targets::redis
