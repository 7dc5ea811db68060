#pragma once
// Readiness of a worker thread's sockets (every driver's), without a system
// call per wait. Asio's own descriptor waits re-arm the socket in its epoll
// set (epoll_ctl) every time; here the sockets stay registered,
// level-triggered, in an epoll set of our own, and Asio waits once for that
// whole set to have something: one epoll_ctl per batch of ready connections
// instead of one per request, as pgbench does with one poll() for all its
// clients.
//
// Level-triggered, so that bytes a client library left in a socket (libpq,
// hiredis read one buffer's worth at a time) are reported again. A socket
// that becomes ready while nobody waits on it (a notice on an idle
// connection, a peer that closed) is taken out of the set until someone
// waits on it again, so that it cannot keep waking the thread. One waiter per
// socket at a time. Used from its thread only.
#include <cstdint>
#include <memory>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/system/error_code.hpp>

namespace throng::targets {

class SocketPoller : public std::enable_shared_from_this<SocketPoller> {
public:
    // A registered socket; stale once removed (its slot may be reused).
    struct Handle {
        std::uint32_t index = 0;
        std::uint32_t generation = 0;  // 0: none
        bool valid() const { return generation != 0; }
    };
    enum class Interest { readable, writable };
    using Waiter = boost::asio::any_completion_handler<void(boost::system::error_code)>;

    // Throws std::system_error if the kernel refuses an epoll set.
    explicit SocketPoller(const boost::asio::any_io_executor& executor);
    ~SocketPoller();
    SocketPoller(const SocketPoller&) = delete;
    SocketPoller& operator=(const SocketPoller&) = delete;

    // Starts watching `fd`; an invalid handle if the kernel refuses it.
    Handle add(int fd);
    // Stops watching. Call it while the descriptor is still open, or right
    // after its owner closed it (before anything could reuse its number).
    void remove(Handle& handle);

    // Completes once the socket is readable (or writable: then also on
    // readable, so that the caller takes in what the server sends meanwhile,
    // as libpq asks and hiredis allows), or has failed; with operation_aborted after interrupt(),
    // bad_descriptor after remove().
    template <typename Token>
    auto async_wait(Handle handle, Interest interest, Token&& token) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code)>(
            [this, handle, interest](auto handler) { start_wait(handle, interest, Waiter(std::move(handler))); },
            token);
    }
    // Ends the socket's pending wait (posted, never run from here).
    void interrupt(Handle handle);

private:
    struct Slot {
        int fd = -1;
        std::uint32_t generation = 0;  // bumped on removal
        bool in_set = false;           // registered in the epoll set
        bool wants_write = false;      // registered for EPOLLOUT too
        Waiter waiter;
    };

    void start_wait(Handle handle, Interest interest, Waiter waiter);
    void complete_later(Waiter waiter, boost::system::error_code ec);
    void waiter_gone();
    Slot* find(Handle handle);
    bool set_events(Slot& slot, bool write);  // (re)registers: EPOLLIN, plus EPOLLOUT for a writer
    void leave_set(Slot& slot);
    void arm();
    void on_ready();
    static std::uint64_t key(std::uint32_t index, std::uint32_t generation) {
        return (std::uint64_t{generation} << 32) | index;
    }

    int epoll_fd_ = -1;
    boost::asio::posix::stream_descriptor notifier_;  // the epoll set, as Asio sees it
    bool armed_ = false;
    std::size_t waiting_ = 0;  // slots with a waiter
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> free_;
    std::vector<std::uint64_t> woken_;  // scratch, kept for its capacity
};

}  // namespace throng::targets
