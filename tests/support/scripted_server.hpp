#pragma once
// A deliberately simple TCP server for tests of misbehaving targets: it
// answers every request (whatever ends in a blank line) with fixed bytes, or
// resets the connection, or trickles its answer in pieces with a pause
// between them. On a LoopbackServer (a thread per connection).
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/loopback_server.hpp"

namespace throng::test {

class ScriptedServer {
public:
    // An empty reply means: reset the connection (RST) when a request arrives.
    explicit ScriptedServer(std::string reply) : ScriptedServer(std::vector<std::string>{std::move(reply)}, {}) {}
    // The answer sent as `pieces`, each in its own TCP segment, `pause` apart.
    ScriptedServer(std::vector<std::string> pieces, std::chrono::milliseconds pause)
        : pieces_(std::move(pieces)), pause_(pause), reply_(concatenated(pieces_)) {}
    ScriptedServer(const ScriptedServer&) = delete;
    ScriptedServer& operator=(const ScriptedServer&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }
    std::uint64_t requests() const { return requests_; }
    // The request targets ("/path?query") read so far.
    std::multiset<std::string> targets_seen() const {
        std::lock_guard lock(mutex_);
        return targets_;
    }
    // The values of the Authorization headers read so far.
    std::multiset<std::string> authorizations_seen() const {
        std::lock_guard lock(mutex_);
        return authorizations_;
    }

private:
    static std::string concatenated(const std::vector<std::string>& pieces) {
        std::string all;
        for (const auto& piece : pieces) all += piece;
        return all;
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
                record_authorization(pending.substr(0, end + 2));
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

    void record_authorization(const std::string& head) {
        constexpr std::string_view field = "\r\nAuthorization: ";
        const auto at = head.find(field);
        if (at == std::string::npos) return;
        const auto value = at + field.size();
        std::lock_guard lock(mutex_);
        authorizations_.insert(head.substr(value, head.find("\r\n", value) - value));
    }

    std::vector<std::string> pieces_;
    std::chrono::milliseconds pause_;
    std::string reply_;  // all pieces: empty means reset
    std::atomic<std::uint64_t> requests_{0};
    mutable std::mutex mutex_;
    std::multiset<std::string> targets_;
    std::multiset<std::string> authorizations_;
    // Last: its connections end (joined) before the members they use go.
    LoopbackServer server_{[this](int fd) { serve(fd); }, /*no_delay=*/true};  // each piece its own segment
};

}  // namespace throng::test
