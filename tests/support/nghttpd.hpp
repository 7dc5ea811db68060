#pragma once
// A real HTTP/2 server for the HTTP/2 tests: Debian's nghttpd (package
// nghttp2-server) on 127.0.0.1, on a free port, serving a document root of
// the test's files; h2c (prior knowledge) unless given a key and certificate.
// Killed by its PID when the test ends.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "support/free_port.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace throng::test {

class Nghttpd {
public:
    // `options`: more of nghttpd's ("--max-concurrent-streams=4"). With a
    // key and certificate (PEM), it speaks TLS and "h2" only.
    explicit Nghttpd(const std::vector<std::string>& options = {}, const std::string& key_pem = "",
                     const std::string& cert_pem = "")
        : port_(free_port()) {
        const std::string binary = executable_on_path("nghttpd");
        if (binary.empty()) FAIL("nghttpd is not on PATH: scripts/install-deps.sh --tests installs nghttp2-server");
        std::filesystem::create_directories(docroot());
        std::vector<std::string> argv = {binary, "--address=127.0.0.1", "--echo-upload",
                                         "--htdocs=" + docroot().string()};
        if (key_pem.empty()) argv.push_back("--no-tls");
        argv.insert(argv.end(), options.begin(), options.end());
        argv.push_back(std::to_string(port_));
        if (!key_pem.empty()) {
            argv.push_back(dir_.write("server.key", key_pem).string());
            argv.push_back(dir_.write("server.crt", cert_pem).string());
        }
        process_ = std::make_unique<Process>(argv, dir_.path());
        wait_until_listening();
    }

    int port() const { return port_; }
    std::string authority() const { return "127.0.0.1:" + std::to_string(port_); }
    std::filesystem::path docroot() const { return dir_.path() / "htdocs"; }
    void file(const std::string& name, const std::string& content) const { dir_.write("htdocs/" + name, content); }
    void signal(int sig) { process_->signal(sig); }
    // The HTTP/2 clients it served, from what it logs with "--verbose": the
    // connections ("[id=N]" begins each of their lines) that sent their
    // SETTINGS; not the ones that only checked it listens.
    std::size_t clients_logged() const {
        std::set<std::string> ids;
        std::istringstream lines(output());
        for (std::string line; std::getline(lines, line);)
            if (line.rfind("[id=", 0) == 0 && line.find("recv SETTINGS frame") != std::string::npos)
                ids.insert(line.substr(0, line.find(']')));
        return ids.size();
    }

private:
    static bool accepts(int port) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
        ::close(fd);
        return connected;
    }

    void wait_until_listening() const {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!accepts(port_)) {
            if (std::chrono::steady_clock::now() > deadline)
                FAIL("nghttpd did not listen on " << port_ << ": " << output());
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    std::string output() const {  // what it said (Process keeps it in files)
        std::string said;
        for (const auto& entry : std::filesystem::directory_iterator(dir_.path()))
            if (entry.path().filename().string().rfind("std", 0) == 0) said += read_text(entry.path());
        return said;
    }

    TempDir dir_;
    int port_;
    std::unique_ptr<Process> process_;  // killed (SIGKILL) and reaped by its destructor
};

}  // namespace throng::test
