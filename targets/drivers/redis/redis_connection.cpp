#include "targets/drivers/redis/redis_connection.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include <boost/asio/error.hpp>

#include "targets/drivers/redis/error_prefix.hpp"
#include "targets/drivers/redis/reply_objects.hpp"

namespace throng::targets::redis {

namespace asio = boost::asio;
using core::ErrorClass;

namespace {

// hiredis reports a failed connect as strerror's text (sometimes after a prefix).
ErrorClass classify_connect_error(const char* text) {
    const std::string_view said = text != nullptr ? text : "";
    const auto says = [&](int code) { return said.find(std::strerror(code)) != std::string_view::npos; };
    if (says(ECONNREFUSED)) return ErrorClass::connect_refused;
    if (says(ETIMEDOUT)) return ErrorClass::connect_timeout;
    if (says(ECONNRESET)) return ErrorClass::reset;
    return ErrorClass::other;
}

}  // namespace

Connection::Connection(std::shared_ptr<SocketPoller> poller, std::shared_ptr<const Endpoint> endpoint)
    : poller_(std::move(poller)), endpoint_(std::move(endpoint)) {}

Connection::~Connection() {
    // Owners close their connections first; this only guards against leaks.
    waiters_.clear();
    for (std::size_t i = 0; i < count_; ++i) pending_[(head_ + i) & (pending_.size() - 1)].client = nullptr;
    if (context_ != nullptr) redisAsyncFree(context_);
}

void Connection::open() {
    if (state_ != State::closed) return;
    failure_ = ErrorClass::none;
    failure_code_ = {};
    tcp_connected_ = false;
    drop_after_io_ = false;
    // A numeric address: hiredis's getaddrinfo() does no name lookup here.
    redisAsyncContext* context = redisAsyncConnect(endpoint_->address.c_str(), endpoint_->port);
    if (context == nullptr) {
        failure_ = ErrorClass::other;
        return;
    }
    if (context->err != 0) {  // refused at once (common on loopback)
        failure_ = classify_connect_error(context->errstr);
        redisAsyncFree(context);
        return;
    }
    socket_ = poller_->add(context->c.fd);
    if (!socket_.valid()) {
        failure_ = ErrorClass::other;
        redisAsyncFree(context);
        return;
    }
    context_ = context;
    context->c.reader->fn = recycled_reply_functions();
    context->data = this;
    context->ev.data = this;
    context->ev.addRead = &Connection::add_read;
    context->ev.delRead = &Connection::del_read;
    context->ev.addWrite = &Connection::add_write;
    context->ev.delWrite = &Connection::del_write;
    context->ev.cleanup = &Connection::cleanup;
    state_ = State::connecting;
    redisAsyncSetConnectCallback(context, &Connection::connected);
    handshake_left_ = 0;
    for (const std::string& command : endpoint_->handshake) {
        if (redisAsyncFormattedCommand(context, &Connection::replied, this, command.data(), command.size()) ==
            REDIS_OK) {
            push({nullptr, handshake_index});
            ++handshake_left_;
        }
    }
    // hiredis learns the connect's outcome from the first write event.
    want_write_ = true;
    await_socket();
}

void Connection::notify_when_settled(ConnectionClient* client) {
    if (std::find(waiters_.begin(), waiters_.end(), client) == waiters_.end()) waiters_.push_back(client);
}

bool Connection::submit(std::string_view command, ConnectionClient* client, std::uint32_t index) {
    if (state_ != State::ready || context_ == nullptr) return false;
    if (redisAsyncFormattedCommand(context_, &Connection::replied, this, command.data(), command.size()) != REDIS_OK)
        return false;
    push({client, index});
    return true;
}

void Connection::reserve(std::size_t bytes) {
    if (context_ == nullptr) return;
    // On failure sdsMakeRoomFor leaves the buffer as it was: hiredis grows it as it goes.
    if (sds grown = sdsMakeRoomFor(context_->c.obuf, bytes)) context_->c.obuf = grown;
}

void Connection::flush() {
    holding_ = false;
    if (context_ == nullptr || !want_write_) return;
    // The socket is almost always writable: write now, one syscall for the
    // whole batch, rather than wait for the event loop to say so.
    if ((context_->c.flags & REDIS_CONNECTED) != 0) {
        redisAsyncHandleWrite(context_);
        after_io();
    } else {
        await_socket();
    }
}

void Connection::drop(ErrorClass why) {
    if (context_ == nullptr) return;
    drop_reason_ = why;
    if (state_ == State::connecting && failure_ == ErrorClass::none) failure_ = why;
    // Runs every pending callback with no reply, then our cleanup hook, then
    // closes the socket and frees the context.
    redisAsyncFree(context_);
    drop_reason_ = ErrorClass::none;
}

void Connection::forget(ConnectionClient* client) {
    std::erase(waiters_, client);
    bool awaited = !waiters_.empty();
    for (std::size_t i = 0; i < count_; ++i) {
        Pending& p = pending_[(head_ + i) & (pending_.size() - 1)];
        if (p.client == client) p.client = nullptr;
        awaited = awaited || p.client != nullptr;
    }
    // Nobody waits for what is under way (the VUs were cut): a server that
    // never answers must not hold the worker's loop open.
    if (!awaited && (count_ > 0 || state_ == State::connecting)) drop(ErrorClass::other);
}

// --- hiredis's hooks -------------------------------------------------------

// Reading is awaited from after_io(), once hiredis has returned and only
// while replies are due (see await_socket()).
void Connection::add_read(void* privdata) { static_cast<Connection*>(privdata)->want_read_ = true; }

void Connection::del_read(void* privdata) { static_cast<Connection*>(privdata)->want_read_ = false; }

void Connection::add_write(void* privdata) {
    auto* self = static_cast<Connection*>(privdata);
    self->want_write_ = true;
    if (!self->holding_) self->await_socket();
}

void Connection::del_write(void* privdata) { static_cast<Connection*>(privdata)->want_write_ = false; }

void Connection::cleanup(void* privdata) { static_cast<Connection*>(privdata)->release_socket(); }

void Connection::connected(const redisAsyncContext* context, int status) {
    auto* self = static_cast<Connection*>(context->data);
    if (status != REDIS_OK) {
        if (self->failure_ == ErrorClass::none) self->failure_ = classify_connect_error(context->c.errstr);
        return;  // hiredis frees the context next: cleanup() settles the waiters
    }
    self->tcp_connected_ = true;
    const int on = 1;
    ::setsockopt(context->c.fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    if (self->handshake_left_ == 0) self->became_ready();
}

void Connection::replied(redisAsyncContext*, void* reply, void* privdata) {
    static_cast<Connection*>(privdata)->take_reply(static_cast<redisReply*>(reply));
}

// --- waiting on the socket ---------------------------------------------------

// The poller takes one wait per socket: writable while hiredis has bytes to
// send or a connect to finish (that wait also ends when readable), else
// readable while replies are due. None on an idle connection: it would keep
// the worker's io_context from ever running out of work (and the run from
// ending). The handler holds the connection (it must outlive it) and the
// generation it was armed in: once hiredis has let go of that socket, it does
// nothing.
void Connection::await_socket() {
    if (!socket_.valid()) return;
    const bool write = want_write_;
    if (!write && !(want_read_ && count_ > 0)) return;
    if (waiting_) {
        // A readable wait would miss room to write: ended, it comes back here.
        if (write && !waiting_to_write_) poller_->interrupt(socket_);
        return;
    }
    waiting_ = true;
    waiting_to_write_ = write;
    poller_->async_wait(socket_, write ? SocketPoller::Interest::writable : SocketPoller::Interest::readable,
                        [self = shared_from_this(), generation = generation_](const boost::system::error_code& ec) {
                            if (generation == self->generation_) self->on_socket(ec);
                        });
}

void Connection::on_socket(const boost::system::error_code& ec) {
    waiting_ = false;
    if (context_ == nullptr) return;
    if (ec == asio::error::operation_aborted) {  // interrupted by await_socket() to wait for writing
        await_socket();
        return;
    }
    if (ec) {
        drop(tcp_connected_ ? ErrorClass::reset : ErrorClass::other);
        return;
    }
    // Either call may find nothing to do (hiredis takes EAGAIN as "later"),
    // and either may free the context: then cleanup() has run.
    if (want_write_) {
        redisAsyncHandleWrite(context_);
        if (context_ == nullptr) return;
    }
    if (want_read_) {
        read_at_ = core::SteadyClock::read();
        redisAsyncHandleRead(context_);
    }
    after_io();
}

void Connection::after_io() {
    if (context_ == nullptr) return;
    if (drop_after_io_) {
        drop_after_io_ = false;
        drop(failure_ != ErrorClass::none ? failure_ : ErrorClass::other);
        return;
    }
    await_socket();
}

// --- replies -----------------------------------------------------------------

void Connection::take_reply(redisReply* reply) {
    if (count_ == 0) return;  // hiredis drops replies nobody asked for
    const Pending p = pop();
    if (p.index == handshake_index) {
        take_handshake_reply(reply);
    } else if (p.client != nullptr) {
        if (reply != nullptr)
            p.client->on_reply(p.index, reply, ErrorClass::none, read_at_);
        else
            p.client->on_reply(p.index, nullptr, lost_reason(), core::SteadyClock::read());
    }
}

void Connection::take_handshake_reply(const redisReply* reply) {
    if (handshake_left_ > 0) --handshake_left_;
    if (reply == nullptr) return;  // the connection went: cleanup() settles the waiters
    if (reply->type == REDIS_REPLY_ERROR) {
        if (failure_ == ErrorClass::none) {
            const auto prefix = error_prefix({reply->str, reply->len});
            failure_ = classify_error_prefix(prefix);
            failure_code_.assign(prefix);
        }
        drop_after_io_ = true;  // hiredis must not free the context under its own feet
        return;
    }
    if (handshake_left_ == 0 && failure_ == ErrorClass::none) became_ready();
}

void Connection::became_ready() {
    state_ = State::ready;
    settle(ErrorClass::none);
}

void Connection::settle(ErrorClass failure) {
    settling_.swap(waiters_);
    waiters_.clear();
    for (ConnectionClient* client : settling_) client->on_settled(failure, failure_code_);
    settling_.clear();
}

void Connection::release_socket() {
    if (context_ == nullptr) return;  // hiredis may call cleanup twice
    lost_ = lost_reason();
    context_ = nullptr;
    ++generation_;
    waiting_ = waiting_to_write_ = want_read_ = want_write_ = holding_ = false;
    poller_->remove(socket_);  // before hiredis closes the descriptor; ends our wait
    const bool was_connecting = state_ == State::connecting;
    state_ = State::closed;
    if (was_connecting) {
        if (failure_ == ErrorClass::none) failure_ = tcp_connected_ ? ErrorClass::reset : ErrorClass::other;
        settle(failure_);
    }
}

ErrorClass Connection::lost_reason() const {
    if (context_ == nullptr) return lost_;  // hiredis ran cleanup before the callbacks
    if (drop_reason_ != ErrorClass::none) return drop_reason_;
    if (!tcp_connected_) return failure_ != ErrorClass::none ? failure_ : ErrorClass::other;
    if (context_->c.err == REDIS_ERR_PROTOCOL) return ErrorClass::protocol;
    return ErrorClass::reset;
}

// --- the ring of pending commands ----------------------------------------------

void Connection::push(Pending p) {
    if (count_ == pending_.size()) {
        std::vector<Pending> bigger(std::max<std::size_t>(16, pending_.size() * 2));
        for (std::size_t i = 0; i < count_; ++i) bigger[i] = pending_[(head_ + i) & (pending_.size() - 1)];
        pending_.swap(bigger);
        head_ = 0;
    }
    pending_[(head_ + count_) & (pending_.size() - 1)] = p;
    ++count_;
}

Connection::Pending Connection::pop() {
    const Pending p = pending_[head_];
    head_ = (head_ + 1) & (pending_.size() - 1);
    --count_;
    return p;
}

}  // namespace throng::targets::redis
