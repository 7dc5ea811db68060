#pragma once
// A deliberately simple TCP server for tests of misbehaving targets: it
// answers every request (whatever ends in a blank line) with fixed bytes, or
// resets the connection, or trickles its answer in pieces with a pause
// between them. Plain POSIX sockets, a thread per connection.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace throng::test {

class ScriptedServer {
public:
    // An empty reply means: reset the connection (RST) when a request arrives.
    explicit ScriptedServer(std::string reply) : ScriptedServer(std::vector<std::string>{std::move(reply)}, {}) {}
    // The answer sent as `pieces`, each in its own TCP segment, `pause` apart.
    ScriptedServer(std::vector<std::string> pieces, std::chrono::milliseconds pause)
        : pieces_(std::move(pieces)), pause_(pause) {
        for (const auto& piece : pieces_) reply_ += piece;
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener_, 64) != 0)
            throw std::runtime_error("scripted server: cannot listen");
        socklen_t len = sizeof addr;
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        acceptor_ = std::thread([this] { accept_loop(); });
    }
    ~ScriptedServer() {
        stopping_ = true;
        acceptor_.join();
        {
            std::lock_guard lock(mutex_);
            for (int fd : open_) ::shutdown(fd, SHUT_RDWR);
        }
        for (auto& t : connections_) t.join();
        ::close(listener_);
    }
    ScriptedServer(const ScriptedServer&) = delete;
    ScriptedServer& operator=(const ScriptedServer&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::uint64_t requests() const { return requests_; }
    // The request targets ("/path?query") read so far.
    std::multiset<std::string> targets_seen() const {
        std::lock_guard lock(mutex_);
        return targets_;
    }

private:
    void accept_loop() {
        while (!stopping_) {
            pollfd p{listener_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            const int fd = ::accept(listener_, nullptr, nullptr);
            if (fd < 0) continue;
            std::lock_guard lock(mutex_);
            open_.push_back(fd);
            const int on = 1;  // each piece leaves when it is sent
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
            connections_.emplace_back([this, fd] { serve(fd); });
        }
    }

    void serve(int fd) {
        std::string pending;
        char buf[4096];
        for (;;) {
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) break;
            pending.append(buf, static_cast<std::size_t>(n));
            bool reset = false;
            for (auto end = pending.find("\r\n\r\n"); end != std::string::npos; end = pending.find("\r\n\r\n")) {
                record_target(pending.substr(0, pending.find("\r\n")));
                pending.erase(0, end + 4);
                ++requests_;
                if (reply_.empty()) {
                    reset = true;
                    break;
                }
                if (!send_reply(fd)) break;
            }
            if (reset) {
                linger hard{1, 0};  // close with RST instead of FIN
                ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
                break;
            }
        }
        std::lock_guard lock(mutex_);
        std::erase(open_, fd);
        ::close(fd);
    }

    bool send_reply(int fd) {
        for (std::size_t i = 0; i < pieces_.size(); ++i) {
            if (i > 0) std::this_thread::sleep_for(pause_);
            if (::send(fd, pieces_[i].data(), pieces_[i].size(), MSG_NOSIGNAL) < 0) return false;
        }
        return true;
    }

    // "GET /path HTTP/1.1": the part between the spaces.
    void record_target(const std::string& request_line) {
        const auto first = request_line.find(' ');
        const auto last = request_line.rfind(' ');
        if (first == std::string::npos || last <= first) return;
        std::lock_guard lock(mutex_);
        targets_.insert(request_line.substr(first + 1, last - first - 1));
    }

    std::vector<std::string> pieces_;
    std::chrono::milliseconds pause_;
    std::string reply_;  // all pieces: empty means reset
    int listener_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> requests_{0};
    mutable std::mutex mutex_;
    std::vector<int> open_;
    std::multiset<std::string> targets_;
    std::vector<std::thread> connections_;
    std::thread acceptor_;
};

}  // namespace throng::test
