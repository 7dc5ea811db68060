// The tcp protocol end to end: the real throng binary against a small line
// server of the test's own (memcached's "get" in spirit), and against servers
// that refuse, close early, never answer or never stop answering.
#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/free_port.hpp"
#include "support/loopback_server.hpp"
#include "support/temp_dir.hpp"
#include "support/throng_runs.hpp"

namespace tcp_test {

using nlohmann::json;

// Greets each connection with "220 ready\r\n" (if asked to), then answers each line:
// "get K" with "VALUE K\r\nEND\r\n", "close" by closing halfway through a
// reply, "wait" never, "flood" with bytes that never hold "END".
class LineServer {
public:
    explicit LineServer(bool greet = false) : greet_(greet) {}

    std::string url() const { return "tcp://127.0.0.1:" + std::to_string(server_.port()); }
    int lines() const { return lines_; }

private:
    void serve(int fd) {
        using throng::test::LoopbackServer;
        std::string pending;
        char buffer[4096];
        bool open = !greet_ || LoopbackServer::send_all(fd, "220 ready\r\n");
        while (open) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            pending.append(buffer, static_cast<std::size_t>(n));
            for (auto end = pending.find("\r\n"); open && end != std::string::npos; end = pending.find("\r\n")) {
                const std::string line = pending.substr(0, end);
                pending.erase(0, end + 2);
                ++lines_;
                if (line.starts_with("get "))
                    open = LoopbackServer::send_all(fd, "VALUE " + line.substr(4) + "\r\nEND\r\n");
                else if (line == "close")
                    open = LoopbackServer::send_all(fd, "VALUE x\r\n") && false;
                else if (line == "flood")
                    for (int i = 0; open && i < 64; ++i) open = LoopbackServer::send_all(fd, std::string(1024, 'f'));
                // "wait": no answer
            }
        }
    }

    bool greet_;
    std::atomic<int> lines_{0};
    // Last: its connections end (joined) before the members they use go.
    throng::test::LoopbackServer server_{[this](int fd) { serve(fd); }};
};

const json& step_named(const json& result, const std::string& name) {
    for (const auto& step : result["steps"])
        if (step["name"] == name) return step;
    FAIL("no step " << name);
    static const json none;
    return none;
}

json run_to_end(const std::string& scenario) {
    throng::test::TempDir dir;
    auto run = throng::test::run_scenario(dir, scenario);
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    return run.result;
}

}  // namespace tcp_test

using tcp_test::json;
using tcp_test::step_named;

TEST_CASE("tcp: send/expect steps with templates, extractions and checks, on one connection per VU",
          "[integration][tcp]") {
    tcp_test::LineServer server;
    const json result = tcp_test::run_to_end(R"({
      "target": ")" + server.url() + R"(",
      "executor": {"type": "constant-vus", "vus": 3, "duration": "30s", "iterations": 30},
      "steps": [
        {"name": "get", "tcp": {"send": "get k${vu}\r\n", "expect": "END\r\n"},
         "extract": {"key": {"regex": "VALUE (k[0-9]+)\\r", "group": 1}},
         "checks": {"whole reply": {"body_matches": "^VALUE k[0-9]+\r\nEND\r\n$"}}},
        {"name": "again", "tcp": {"send": "get ${key}-2\r\n", "expect": "END\r\n"},
         "checks": {"correlated": {"body_matches": "^VALUE k[0-9]+-2\r"}}}]})");
    for (const char* name : {"get", "again"}) {
        const json& step = step_named(result, name);
        CHECK(step["requests"] == 30);
        CHECK(step["responses"] == 30);
        CHECK(step["errors"]["total"] == 0);
    }
    CHECK(step_named(result, "get")["bytes"]["received"] == 30 * std::string("VALUE k1\r\nEND\r\n").size());
    for (const auto& check : result["checks"]) {
        INFO(check.dump());
        CHECK(check["passes"] == 30);
    }
    CHECK(server.lines() == 60);
}

TEST_CASE("tcp: a step without send reads what the server says first", "[integration][tcp]") {
    tcp_test::LineServer server(true);
    const json result = tcp_test::run_to_end(R"({
      "target": ")" + server.url() + R"(",
      "executor": {"type": "constant-vus", "vus": 1, "duration": "30s", "iterations": 1},
      "steps": [{"name": "greeting", "tcp": {"expect": "\r\n"}, "checks": {"greeted": {"body_contains": "220 ready"}}},
                {"name": "get", "tcp": {"send": "get $${literal}\r\n", "expect": "END\r\n"},
                 "checks": {"sent as rendered": {"body_contains": "VALUE ${literal}\r\n"}}}]})");
    CHECK(step_named(result, "greeting")["responses"] == 1);
    CHECK(step_named(result, "get")["responses"] == 1);
    CHECK(result["total"]["errors"]["total"] == 0);
    for (const auto& check : result["checks"]) {
        INFO(check.dump());
        CHECK(check["passes"] == 1);
    }
}

TEST_CASE("tcp: refused, closed early, silent and endless servers are counted by class", "[integration][tcp]") {
    tcp_test::LineServer server;
    const int nobody = throng::test::free_port();
    const json result = tcp_test::run_to_end(R"({
      "targets": {"lines": ")" + server.url() +
                                             R"(",
                  "nobody": "tcp://127.0.0.1:)" +
                                             std::to_string(nobody) + R"(",
                  "small": {"url": ")" + server.url() +
                                             R"(", "max_response_body": "4KiB"}},
      "executor": {"type": "constant-vus", "vus": 2, "duration": "30s", "iterations": 4},
      "steps": [
        {"name": "refused", "tcp": {"send": "get a\r\n", "expect": "END\r\n", "target": "nobody"}},
        {"name": "closed", "tcp": {"send": "close\r\n", "expect": "END\r\n", "target": "lines"}},
        {"name": "silent", "timeout": "200ms", "tcp": {"send": "wait\r\n", "expect": "END\r\n", "target": "lines"}},
        {"name": "endless", "tcp": {"send": "flood\r\n", "expect": "END\r\n", "target": "small"}},
        {"name": "after", "tcp": {"send": "get b\r\n", "expect": "END\r\n", "target": "lines"}}]})");
    const auto by_class = [&](const char* step) { return step_named(result, step)["errors"]["by_class"]; };
    CHECK(by_class("refused")["connect_refused"] == 4);
    CHECK(by_class("closed")["reset"] == 4);
    CHECK(by_class("silent")["timeout"] == 4);
    CHECK(by_class("endless")["protocol"] == 4);
    // Each failure closed its connection: the next step connected afresh.
    CHECK(step_named(result, "after")["responses"] == 4);
    CHECK(step_named(result, "after")["errors"]["total"] == 0);
}

TEST_CASE("tcp: a URL with more than host and port, or an empty expect, stops the run before it starts",
          "[integration][tcp]") {
    throng::test::TempDir dir;
    const auto path = throng::test::run_scenario(dir, R"({"target": "tcp://127.0.0.1:1/path",
      "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
      "steps": [{"tcp": {"send": "x\n"}}]})");
    CHECK(path.process.exit_code == 2);
    CHECK(path.process.err.find("only tcp://host:port") != std::string::npos);
    CHECK(path.result.is_null());

    const auto empty = throng::test::run_scenario(dir, R"({"target": "tcp://127.0.0.1:1",
      "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
      "steps": [{"tcp": {"send": "x\n",
                         "expect": ""}}]})");
    CHECK(empty.process.exit_code == 2);
    INFO(empty.process.err);
    CHECK(empty.process.err.find("s.json:4:") != std::string::npos);
    CHECK(empty.process.err.find("`expect` in tcp step") != std::string::npos);
}
