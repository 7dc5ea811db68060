// The real services scripts/test.sh starts for the tests (PostgreSQL, Redis on
// loopback ports of our own) answer as what they claim to be. Run outside
// scripts/test.sh, the addresses are missing and this fails: the database
// tests would otherwise have nothing to run against.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace {

// The port of "scheme://user@127.0.0.1:PORT/..." from the environment.
int port_from(const char* variable) {
    const char* url = std::getenv(variable);
    INFO(variable << " is not set: run the tests with scripts/test.sh, which starts the services");
    REQUIRE(url != nullptr);
    const std::string text(url);
    const auto host = text.find("127.0.0.1:");
    REQUIRE(host != std::string::npos);  // loopback only
    return std::stoi(text.substr(host + 10));
}

// Connects to 127.0.0.1:port, sends `request`, returns what comes back first.
std::string exchange(int port, const std::string& request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    std::string reply;
    if (connected && ::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size())) {
        char buffer[64];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n > 0) reply.assign(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    CHECK(connected);
    return reply;
}

}  // namespace

TEST_CASE("the test PostgreSQL answers a protocol request on its own loopback port", "[integration][services]") {
    // SSLRequest: length 8, code 80877103; a PostgreSQL server answers 'S' or 'N'.
    const std::string ssl_request("\x00\x00\x00\x08\x04\xd2\x16\x2f", 8);
    const std::string reply = exchange(port_from("THRONG_TEST_POSTGRES"), ssl_request);
    REQUIRE(reply.size() == 1);
    CHECK((reply == "N" || reply == "S"));
}

TEST_CASE("the test Redis answers PING on its own loopback port", "[integration][services]") {
    CHECK(exchange(port_from("THRONG_TEST_REDIS"), "PING\r\n") == "+PONG\r\n");
}
