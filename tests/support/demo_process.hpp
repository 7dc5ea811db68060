#pragma once
// `throng demo` as a child process (so a test can freeze it with SIGSTOP, or
// stop it with SIGTERM), on a free loopback port, ready when constructed.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "examples/demo-service/demo_service.hpp"
#include "support/process.hpp"

namespace throng::test {

class DemoProcess {
public:
    // `extra`: more `throng demo` options (--item-median-ms 20, --extra-latency 10%, ...).
    DemoProcess(const std::string& binary, const std::filesystem::path& dir, const std::vector<std::string>& extra = {})
        : port_(free_port()), process_(command(binary, port_, extra), dir) {
        wait_until_accepting();
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    void signal(int sig) { process_.signal(sig); }
    ProcessResult wait(std::chrono::seconds limit) { return process_.wait(limit); }

private:
    static std::vector<std::string> command(const std::string& binary, std::uint16_t port,
                                            const std::vector<std::string>& extra) {
        std::vector<std::string> argv = {binary, "demo", "--port", std::to_string(port)};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return argv;
    }

    // A port that was free a moment ago: bind one and let it go.
    static std::uint16_t free_port() {
        throng::demo::DemoService probe;
        probe.start();
        const auto port = probe.port();
        probe.stop();
        return port;
    }

    void wait_until_accepting() const {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < deadline) {
            const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in addr{};
            addr.sin_family = AF_INET;
            addr.sin_port = htons(port_);
            addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
            ::close(fd);
            if (up) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        throw std::runtime_error("throng demo did not start listening on port " + std::to_string(port_));
    }

    std::uint16_t port_;
    Process process_;
};

}  // namespace throng::test
