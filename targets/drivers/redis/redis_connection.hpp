#pragma once
// One connection to Redis: hiredis's asynchronous context, driven by the
// worker thread's io_context through our own adapter (hiredis's ev hooks wait
// on the socket through the thread's poller). Replies go back, in order, to
// whoever sent the commands; several VUs may share a connection (Redis
// answers in order).
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include <boost/system/error_code.hpp>
// hiredis's sds.h declares no C linkage of its own (hiredis.h includes it
// outside its extern "C"): included first, here, the sds functions link.
extern "C" {
#include <hiredis/sds.h>
}
#include <hiredis/async.h>

#include "harness/core/clock.hpp"
#include "harness/core/error_class.hpp"
#include "targets/drivers/redis/endpoint.hpp"
#include "targets/drivers/socket_poller.hpp"

namespace throng::targets::redis {

// Who hears from a connection. Called from inside hiredis: must not call back
// into the connection, only note what happened (and wake a coroutine later).
class ConnectionClient {
public:
    // The reply to its command `index`; null when the connection went first
    // (`failure` says why). `at`: when the reply was read off the socket.
    virtual void on_reply(std::uint32_t index, const redisReply* reply, core::ErrorClass failure, core::Nanos at) = 0;
    // The connect it waited for is over: ready (failure none) or not, and why.
    virtual void on_settled(core::ErrorClass failure, const core::ErrorCode& code) = 0;

protected:
    ~ConnectionClient() = default;
};

class Connection : public std::enable_shared_from_this<Connection> {
public:
    enum class State { closed, connecting, ready };

    Connection(std::shared_ptr<SocketPoller> poller, std::shared_ptr<const Endpoint> endpoint);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    State state() const { return state_; }
    // Why the last connect failed (none if it did not).
    core::ErrorClass failure() const { return failure_; }
    const core::ErrorCode& failure_code() const { return failure_code_; }

    // closed -> connecting (AUTH and SELECT queued first); stays closed when
    // the connect fails at once (failure() says why).
    void open();
    // Tells `client` once the connect under way is over.
    void notify_when_settled(ConnectionClient* client);

    // While held, commands are only buffered; flush() writes all of them in one go.
    void hold() { holding_ = true; }
    // Queues a command (RESP bytes) whose reply goes to client->on_reply(index).
    // False if the connection is not ready to take it.
    bool submit(std::string_view command, ConnectionClient* client, std::uint32_t index);
    // Makes room in hiredis's output buffer for `bytes` more (one allocation per batch).
    void reserve(std::size_t bytes);
    void flush();

    // Closes now: pending commands fail with `why`, a connect under way settles with it.
    void drop(core::ErrorClass why);
    // Stops telling `client` anything: its pending replies are read and thrown away.
    void forget(ConnectionClient* client);

private:
    struct Pending {
        ConnectionClient* client;  // null: a handshake command, or a forgotten client's
        std::uint32_t index;
    };
    static constexpr std::uint32_t handshake_index = UINT32_MAX;

    // hiredis's hooks and callbacks; `privdata` is the Connection.
    static void add_read(void* privdata);
    static void del_read(void* privdata);
    static void add_write(void* privdata);
    static void del_write(void* privdata);
    static void cleanup(void* privdata);
    static void connected(const redisAsyncContext* context, int status);
    static void replied(redisAsyncContext* context, void* reply, void* privdata);

    void await_socket();
    void on_socket(const boost::system::error_code& ec);
    void after_io();  // what had to wait until hiredis returned
    void take_reply(redisReply* reply);
    void take_handshake_reply(const redisReply* reply);
    void became_ready();
    void settle(core::ErrorClass failure);
    void release_socket();
    core::ErrorClass lost_reason() const;

    void push(Pending p);
    Pending pop();

    std::shared_ptr<SocketPoller> poller_;
    std::shared_ptr<const Endpoint> endpoint_;
    SocketPoller::Handle socket_;  // hiredis's fd in the poller: removed, never closed, by us
    redisAsyncContext* context_ = nullptr;
    State state_ = State::closed;
    unsigned generation_ = 0;  // bumped when the socket is released: older waits find a different number
    bool waiting_ = false, waiting_to_write_ = false;  // the one poller wait, and its interest
    bool want_read_ = false, want_write_ = false;
    bool holding_ = false;
    bool tcp_connected_ = false;
    bool drop_after_io_ = false;  // a handshake reply failed: close once hiredis returns
    std::size_t handshake_left_ = 0;
    core::ErrorClass drop_reason_ = core::ErrorClass::none;  // while drop() runs
    core::ErrorClass lost_ = core::ErrorClass::none;         // why, once the context is gone
    core::ErrorClass failure_ = core::ErrorClass::none;
    core::ErrorCode failure_code_;
    core::Nanos read_at_ = 0;  // when the replies being processed were read
    std::vector<ConnectionClient*> waiters_, settling_;
    std::vector<Pending> pending_;  // a ring, in the order of hiredis's callbacks; size a power of 2
    std::size_t head_ = 0, count_ = 0;
};

}  // namespace throng::targets::redis
