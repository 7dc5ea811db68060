#include "targets/drivers/redis/redis_session.hpp"

#include <stdexcept>

#include "targets/drivers/redis/error_prefix.hpp"
#include "targets/drivers/redis/reply_conversion.hpp"

namespace throng::targets::redis {

namespace asio = boost::asio;
using core::ErrorClass;
using core::SteadyClock;

RedisSession::RedisSession(const engine::SessionContext& context, std::shared_ptr<ThreadShared> thread)
    : watchdog_(context.watchdog), thread_(std::move(thread)), wakeup_(context.executor) {
    watchdog_.watch(this);
}

RedisSession::~RedisSession() {
    watchdog_.unwatch(this);
    for (Link& link : links_) {
        if (link.own) {
            link.own->forget(this);
            link.own->drop(ErrorClass::other);
        }
        if (link.pool)
            link.pool->for_each_connection([this](std::shared_ptr<Connection>& shared) { shared->forget(this); });
    }
}

Connection& RedisSession::connection_for(const std::shared_ptr<const Endpoint>& endpoint) {
    Link* link = nullptr;
    for (Link& known : links_)
        if (known.endpoint == endpoint.get()) link = &known;
    if (link == nullptr) {
        link = &links_.emplace_back();
        link->endpoint = endpoint.get();
        if (endpoint->pool > 0)
            link->pool = &thread_->pool_for(endpoint);
        else
            link->own = std::make_shared<Connection>(thread_->poller(), endpoint);
    }
    if (!link->pool) return *link->own;
    lease_ = link->pool->try_acquire("redis step");
    // Every connection is made with the pool and shared without a bound:
    // there is always one to lend.
    if (!lease_) throw std::logic_error("redis pool: no connection to lend");
    return **lease_;
}

void RedisSession::done_with_connection() {
    current_ = nullptr;
    lease_.release();
}

bool RedisSession::owns(const Connection& connection) const {
    for (const Link& link : links_)
        if (link.own.get() == &connection) return true;
    return false;
}

asio::awaitable<core::Outcome> RedisSession::run_step(const PreparedCommand& command, const engine::StepIo& io) {
    expected_ = command.pipeline;
    received_ = 0;
    first_ = core::Outcome{};
    more_ = &io.more;
    more_base_ = more_->size();
    more_->resize(more_base_ + expected_ - 1);  // part 0: the step's own metrics
    reply_ = io.reply;
    max_body_ = command.endpoint->max_body;
    if (reply_ != nullptr) reply_->clear();

    Connection& connection = connection_for(command.endpoint);
    current_ = &connection;
    if (connection.state() != Connection::State::ready) {
        co_await connect(connection, *command.endpoint);
        if (settled_ != ErrorClass::none || connection.state() != Connection::State::ready) {
            fail_batch(settled_ != ErrorClass::none ? settled_ : ErrorClass::other, settled_code_);
            done_with_connection();
            co_return collect();
        }
    }

    wakeup_.reset();
    send(command, io, connection);
    if (received_ < expected_) {
        phase_ = Phase::exchanging;
        arm(core::saturating_add(first_.start, command.timeout));
        if (!wakeup_.woken()) co_await wakeup_.wait();
        disarm();
        phase_ = Phase::idle;
    }
    done_with_connection();
    co_return collect();
}

asio::awaitable<void> RedisSession::connect(Connection& connection, const Endpoint& endpoint) {
    settled_ = ErrorClass::none;
    settled_code_ = {};
    if (connection.state() == Connection::State::closed) connection.open();
    if (connection.state() == Connection::State::closed) {  // failed at once
        settled_ = connection.failure();
        settled_code_ = connection.failure_code();
        co_return;
    }
    if (connection.state() == Connection::State::ready) co_return;
    wakeup_.reset();
    phase_ = Phase::connecting;
    connection.notify_when_settled(this);
    arm(core::saturating_add(SteadyClock::read(), endpoint.connect_timeout));
    if (!wakeup_.woken()) co_await wakeup_.wait();
    disarm();
    phase_ = Phase::idle;
}

void RedisSession::send(const PreparedCommand& command, const engine::StepIo& io, Connection& connection) {
    // Rendered first, all of them, so that hiredis's output buffer grows once
    // for the batch rather than command by command.
    std::size_t total = command.bytes.size() * expected_;
    if (!command.constant) {
        rendered_.clear();
        ends_.clear();
        for (std::uint32_t i = 0; i < expected_; ++i) {
            command.templated.render(io.scope, rendered_);
            ends_.push_back(rendered_.size());
        }
        total = rendered_.size();
    }
    connection.hold();  // the whole batch goes out in one write
    connection.reserve(total);
    std::size_t begin = 0;
    for (std::uint32_t i = 0; i < expected_; ++i) {
        std::string_view bytes = command.bytes;
        if (!command.constant) {
            bytes = std::string_view(rendered_).substr(begin, ends_[i] - begin);
            begin = ends_[i];
        }
        outcome(i).bytes_sent = bytes.size();  // exact: the command's RESP bytes
        if (!connection.submit(bytes, this, i)) {
            outcome(i).error = ErrorClass::reset;
            ++received_;
        }
    }
    const core::Nanos start = SteadyClock::read();
    for (std::uint32_t i = 0; i < expected_; ++i) outcome(i).start = start;
    connection.flush();  // may fail at once: then the replies came back empty already
}

void RedisSession::on_reply(std::uint32_t index, const redisReply* reply, ErrorClass failure, core::Nanos at) {
    if (index >= expected_) return;
    core::Outcome& outcome = this->outcome(index);
    outcome.end = at;
    if (reply != nullptr) {
        outcome.responded = true;
        outcome.bytes_received = wire_size(*reply);  // exact for RESP2, recomputed from the parsed reply
        if (reply->type == REDIS_REPLY_ERROR) {
            const auto prefix = error_prefix({reply->str, reply->len});
            outcome.error = classify_error_prefix(prefix);
            outcome.code.assign(prefix);
        }
        if (reply_ != nullptr && index + 1 == expected_) fill_reply(*reply, max_body_, *reply_);
    } else {
        outcome.error = failure;
    }
    if (++received_ == expected_) {
        disarm();  // done: the deadline must not close the connection before the VU resumes
        wakeup_.wake();
    }
}

void RedisSession::on_settled(ErrorClass failure, const core::ErrorCode& code) {
    settled_ = failure;
    settled_code_ = code;
    disarm();
    wakeup_.wake();
}

void RedisSession::expire() {
    if (current_ == nullptr) return;
    // Replies that come after the deadline would be out of step: the
    // connection goes, and with it every command pending on it.
    if (phase_ == Phase::connecting)
        current_->drop(ErrorClass::connect_timeout);
    else if (phase_ == Phase::exchanging)
        current_->drop(ErrorClass::timeout);
}

void RedisSession::abort() {
    if (phase_ == Phase::idle || current_ == nullptr) return;
    if (owns(*current_)) {
        current_->drop(ErrorClass::reset);  // all that is pending on it is ours
        return;
    }
    current_->forget(this);  // a shared connection serves the other VUs on
    settled_ = ErrorClass::other;
    wakeup_.wake();
}

void RedisSession::fail_batch(ErrorClass failure, const core::ErrorCode& code) {
    for (std::uint32_t i = 0; i < expected_; ++i) {
        outcome(i).error = failure;
        outcome(i).code = code;
    }
    received_ = expected_;
}

core::Outcome RedisSession::collect() {
    // An aborted batch leaves commands unanswered: not a measurement (the
    // engine drops it), but never a success either.
    for (std::uint32_t i = 0; i < expected_; ++i) {
        core::Outcome& o = outcome(i);
        if (!o.responded && o.error == ErrorClass::none) o.error = ErrorClass::other;
    }
    more_ = nullptr;
    expected_ = 0;  // a late callback finds nothing to write to
    return first_;
}

}  // namespace throng::targets::redis
