#pragma once
// The socket plumbing of the tests' own servers: listens on 127.0.0.1 on a
// port of the kernel's choice, accepts on a thread of its own and serves each
// connection on another with the handler it is given, then closes it. On
// destruction it stops accepting, shuts every open connection down (so that
// handlers blocked in recv return) and joins them. Plain POSIX sockets.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace throng::test {

class LoopbackServer {
public:
    // Serves one connection until it returns; the server then closes `fd`.
    using Handler = std::function<void(int fd)>;

    // `no_delay`: each send leaves in its own segment (Nagle off).
    explicit LoopbackServer(Handler handler, bool no_delay = false)
        : handler_(std::move(handler)), no_delay_(no_delay) {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::listen(listener_, 64) != 0) {
            ::close(listener_);
            throw std::runtime_error("loopback server: cannot listen");
        }
        socklen_t size = sizeof address;
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
        port_ = ntohs(address.sin_port);
        acceptor_ = std::thread([this] { accept_loop(); });
    }
    ~LoopbackServer() {
        stopping_ = true;
        acceptor_.join();
        {
            std::lock_guard lock(mutex_);
            for (const int fd : open_) ::shutdown(fd, SHUT_RDWR);
        }
        for (auto& t : connections_) t.join();
        ::close(listener_);
    }
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    std::uint16_t port() const { return port_; }

    // The whole of `bytes`, without SIGPIPE when the peer has gone.
    static bool send_all(int fd, const std::string& bytes) {
        return ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
    }

private:
    void accept_loop() {
        while (!stopping_) {
            pollfd p{listener_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            const int fd = ::accept(listener_, nullptr, nullptr);
            if (fd < 0) continue;
            if (no_delay_) {
                const int on = 1;
                ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
            }
            std::lock_guard lock(mutex_);
            open_.push_back(fd);
            connections_.emplace_back([this, fd] {
                handler_(fd);
                std::lock_guard done(mutex_);
                std::erase(open_, fd);
                ::close(fd);
            });
        }
    }

    Handler handler_;
    bool no_delay_;
    int listener_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::vector<int> open_;
    std::vector<std::thread> connections_;
    std::thread acceptor_;
};

}  // namespace throng::test
