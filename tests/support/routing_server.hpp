#pragma once
// A small HTTP/1.1 server for end-to-end tests of a VU's session (cookies,
// redirects): each request (head and Content-Length body) is recorded and
// answered by the handler the test gives, per connection, keep-alive. On a
// LoopbackServer (a thread per connection).
#include <sys/socket.h>

#include <cctype>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "support/loopback_server.hpp"

namespace throng::test {

struct SeenRequest {
    std::string method;
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
    std::string body;

    // The first header so named (lowercase), or "" when absent.
    std::string header(std::string_view name) const {
        for (const auto& [key, value] : headers)
            if (key == name) return value;
        return "";
    }
    bool has(std::string_view name) const {
        for (const auto& header : headers)
            if (header.first == name) return true;
        return false;
    }
};

class RoutingServer {
public:
    // Returns the whole response ("HTTP/1.1 200 OK\r\n...").
    using Handler = std::function<std::string(const SeenRequest&)>;

    explicit RoutingServer(Handler handler) : handler_(std::move(handler)) {}
    RoutingServer(const RoutingServer&) = delete;
    RoutingServer& operator=(const RoutingServer&) = delete;

    int port() const { return server_.port(); }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
    std::vector<SeenRequest> seen() const {
        std::lock_guard lock(mutex_);
        return seen_;
    }
    // Those with this target, in order of arrival.
    std::vector<SeenRequest> seen(std::string_view target) const {
        std::vector<SeenRequest> out;
        for (auto& request : seen())
            if (request.target == target) out.push_back(std::move(request));
        return out;
    }

    // A response with `status`, extra header lines (each ending in CRLF) and a body.
    static std::string reply(int status, const std::string& headers = "", const std::string& body = "") {
        return "HTTP/1.1 " + std::to_string(status) + " X\r\n" + headers +
               "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    }

private:
    static SeenRequest parse_head(std::string_view head) {
        SeenRequest r;
        const auto line_end = head.find("\r\n");
        const std::string_view line = head.substr(0, line_end);
        const auto first = line.find(' ');
        const auto last = line.rfind(' ');
        r.method = line.substr(0, first);
        if (first != std::string_view::npos && last > first) r.target = line.substr(first + 1, last - first - 1);
        std::size_t at = line_end == std::string_view::npos ? head.size() : line_end + 2;
        while (at < head.size()) {
            const auto end = head.find("\r\n", at);
            const std::string_view field = head.substr(at, end - at);
            const auto colon = field.find(':');
            if (colon != std::string_view::npos) {
                std::string name(field.substr(0, colon));
                for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                std::string_view value = field.substr(colon + 1);
                while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
                r.headers.emplace_back(std::move(name), std::string(value));
            }
            if (end == std::string_view::npos) break;
            at = end + 2;
        }
        return r;
    }

    void serve(int fd) {
        std::string pending;
        char buf[8192];
        for (;;) {
            const auto head_end = pending.find("\r\n\r\n");
            if (head_end != std::string::npos) {
                SeenRequest request = parse_head(std::string_view(pending).substr(0, head_end));
                const std::string length = request.header("content-length");
                const std::size_t body_size = length.empty() ? 0 : std::stoul(length);
                if (pending.size() >= head_end + 4 + body_size) {
                    request.body = pending.substr(head_end + 4, body_size);
                    pending.erase(0, head_end + 4 + body_size);
                    const std::string response = handler_(request);
                    {
                        std::lock_guard lock(mutex_);
                        seen_.push_back(std::move(request));
                    }
                    if (::send(fd, response.data(), response.size(), MSG_NOSIGNAL) < 0) return;
                    continue;
                }
            }
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) return;
            pending.append(buf, static_cast<std::size_t>(n));
        }
    }

    Handler handler_;
    mutable std::mutex mutex_;
    std::vector<SeenRequest> seen_;
    // Last: its connections end (joined) before the members they use go.
    LoopbackServer server_{[this](int fd) { serve(fd); }};
};

}  // namespace throng::test
