// The Redis driver end to end: the real throng binary against the test Redis
// (THRONG_TEST_REDIS, started by scripts/test.sh), and against Redis servers
// of its own that a test starts, stops or never starts.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/free_port.hpp"
#include "support/machine_speed.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/throng_runs.hpp"

using nlohmann::json;
using throng::test::free_port;
using throng::test::Process;
using throng::test::read_result;
using throng::test::run_process;
using throng::test::TempDir;
using throng::test::throng_binary;

namespace {

std::string test_redis() {
    const char* url = std::getenv("THRONG_TEST_REDIS");
    INFO("THRONG_TEST_REDIS is not set: run the tests with scripts/test.sh, which starts Redis");
    REQUIRE(url != nullptr);
    return url;
}

bool accepts_connections(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

// The server's total_commands_processed (INFO stats), or -1 if it does not answer.
long long commands_processed(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string reply;
    const std::string request = "*2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n";
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size())) {
        char buffer[4096];
        for (int reads = 0; reads < 8 && reply.find("total_commands_processed:") == std::string::npos; ++reads) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            reply.append(buffer, static_cast<std::size_t>(n));
        }
    }
    ::close(fd);
    const auto at = reply.find("total_commands_processed:");
    if (at == std::string::npos) return -1;
    return std::stoll(reply.substr(at + 25));
}

std::string find_on_path(const std::string& program) {
    const std::string found = throng::test::executable_on_path(program);
    if (found.empty()) FAIL(program << " is not installed");
    return found;
}

// A Redis server of the test's own on a free loopback port, data in a temp
// dir, no persistence; stopped by PID (or stop()).
class OwnRedis {
public:
    explicit OwnRedis(std::vector<std::string> extra = {}) : port_(free_port()) {
        std::vector<std::string> argv = {find_on_path("redis-server"),
                                         "--bind",
                                         "127.0.0.1",
                                         "--port",
                                         std::to_string(port_),
                                         "--dir",
                                         dir_.path().string(),
                                         "--save",
                                         "",
                                         "--appendonly",
                                         "no"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        server_.emplace(argv, dir_.path());
        for (int i = 0; i < 200 && !accepts_connections(port_); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        REQUIRE(accepts_connections(port_));
    }
    ~OwnRedis() { stop(); }

    int port() const { return port_; }
    std::string url(const std::string& userinfo = "") const {
        return "redis://" + userinfo + "127.0.0.1:" + std::to_string(port_);
    }
    void stop() {
        if (!server_) return;
        server_->signal(SIGKILL);
        server_->wait(std::chrono::seconds(10));
        server_.reset();
    }

private:
    TempDir dir_;
    int port_;
    std::optional<Process> server_;
};

// Keys of this test run only: the test Redis outlives a run.
std::string fresh(const std::string& text) {
    static const std::string tag =
        std::to_string(::getpid()) + "-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
    std::string out = text;
    for (std::size_t at = out.find("it:"); at != std::string::npos; at = out.find("it:", at + tag.size() + 4))
        out.replace(at, 3, "it:" + tag + ":");
    return out;
}

// Runs a scenario (its JSON text) to the end; requires exit code 0.
json run_to_end(const std::string& text, std::vector<std::string> extra = {}) {
    TempDir dir;
    const auto run = throng::test::run_scenario(dir, fresh(text), std::move(extra), std::chrono::seconds(60));
    INFO(text << "\n" << run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    return run.result;
}

const json& step_of(const json& result, const std::string& name) {
    for (const auto& step : result["steps"])
        if (step["name"] == name) return step;
    FAIL("no step " << name);
    static const json none;
    return none;
}

std::uint64_t count(const json& counts, const std::string& key) {
    return counts.contains(key) ? counts[key].get<std::uint64_t>() : 0;
}

const json& check_of(const json& result, const std::string& name) {
    for (const auto& check : result["checks"])
        if (check["name"] == name) return check;
    FAIL("no check " << name);
    static const json none;
    return none;
}

// Every request was either answered or counted as an error.
void require_counts_add_up(const json& step) {
    CHECK(step["requests"].get<std::uint64_t>() ==
          step["responses"].get<std::uint64_t>() + step["errors"]["total"].get<std::uint64_t>());
}

}  // namespace

TEST_CASE("redis: SET then GET with templated keys, extractions and checks", "[integration][redis]") {
    const json result = run_to_end(R"({
      "target": ")" + test_redis() +
                                   R"(",
      "executor": {"type": "constant-vus", "vus": 4, "duration": "30s", "iterations": 200},
      "steps": [
        {"name": "set", "redis": {"command": ["SET", "it:${vu}:${iteration}", "value-${iteration}"]},
         "checks": {"set ok": {"reply_type": "status"}}},
        {"name": "get", "redis": {"command": "GET it:${vu}:${iteration}"},
         "extract": {"got": {"body": true}},
         "checks": {"a string": {"reply_type": "string"}, "the value set": {"body_matches": "^value-[0-9]+$"}}},
        {"name": "echo", "redis": {"command": ["ECHO", "${got}"]},
         "checks": {"extracted": {"body_matches": "^value-[0-9]+$"}}},
        {"name": "push", "redis": {"command": "RPUSH it:list:${vu}:${iteration} a b c"}},
        {"name": "range", "redis": {"command": "LRANGE it:list:${vu}:${iteration} 0 -1"},
         "extract": {"first": {"json": "/0"}},
         "checks": {"an array": {"reply_type": "array"}, "second is b": {"json": "/1", "equals": "b"}}},
        {"name": "first", "redis": {"command": ["ECHO", "${first}"]}, "checks": {"is a": {"body_contains": "a"}}},
        {"name": "count", "redis": {"command": "LLEN it:list:${vu}:${iteration}"},
         "checks": {"three": {"json": "", "equals": 3}, "integer": {"reply_type": "integer"}}},
        {"name": "missing", "redis": {"command": "GET it:never:set"}, "checks": {"nil": {"reply_type": "nil"}}}
      ]})");
    for (const char* step : {"set", "get", "echo", "push", "range", "first", "count", "missing"}) {
        INFO(step);
        CHECK(step_of(result, step)["requests"] == 200);
        CHECK(step_of(result, step)["responses"] == 200);
        CHECK(step_of(result, step)["errors"]["total"] == 0);
    }
    for (const char* check : {"set ok", "a string", "the value set", "extracted", "an array", "second is b", "is a",
                              "three", "integer", "nil"}) {
        INFO(check);
        CHECK(check_of(result, check)["passes"] == 200);
        CHECK(check_of(result, check)["fails"] == 0);
    }
    CHECK(result["total"]["requests"] == 1600);
    // Bytes: each SET and GET command counted as sent, each reply as received.
    CHECK(step_of(result, "missing")["bytes"]["received"] == 200 * 5);  // $-1\r\n
    const auto sent = step_of(result, "missing")["bytes"]["sent"].get<std::uint64_t>();
    CHECK(sent > 0);
    CHECK(sent % 200 == 0);  // the same command each time
}

TEST_CASE("redis: a pipeline counts every command as a request", "[integration][redis]") {
    const json result = run_to_end(R"({
      "target": ")" + test_redis() + R"(",
      "executor": {"type": "constant-vus", "vus": 3, "duration": "30s"},
      "steps": [
        {"name": "set", "redis": {"command": "SET it:p:${random_int(1,1000)} ${random_string(3)}", "pipeline": 16}},
        {"name": "get", "redis": {"command": "GET it:p:${random_int(1,1000)}", "pipeline": 16},
         "checks": {"string or nil": {"body_matches": "^([A-Za-z0-9]{3})?$"}}}
      ]})",
                                   {"--iterations", "50"});
    CHECK(step_of(result, "set")["requests"] == 50 * 16);
    CHECK(step_of(result, "set")["responses"] == 50 * 16);
    CHECK(step_of(result, "get")["requests"] == 50 * 16);
    CHECK(step_of(result, "get")["errors"]["total"] == 0);
    CHECK(check_of(result, "string or nil")["passes"] == 50);  // checks read the last reply of each batch
    CHECK(result["total"]["requests"] == 2 * 50 * 16);
}

TEST_CASE("redis: error replies are classified by prefix and counted by code", "[integration][redis]") {
    const json result = run_to_end(R"({
      "target": ")" + test_redis() +
                                   R"(",
      "executor": {"type": "constant-vus", "vus": 2, "duration": "30s", "iterations": 40},
      "setup": [{"name": "make a list", "redis": {"command": "RPUSH it:wrongtype x"}}],
      "steps": [
        {"name": "wrongtype", "redis": {"command": "GET it:wrongtype"},
         "checks": {"an error": {"reply_type": "error"}, "says so": {"body_contains": "WRONGTYPE"}}},
        {"name": "unknown", "redis": {"command": ["NOSUCHCOMMAND", "x"], "pipeline": 2}},
        {"name": "fine", "redis": {"command": "PING"}, "checks": {"pong": {"body_contains": "PONG"}}}
      ]})");
    const json& wrongtype = step_of(result, "wrongtype");
    CHECK(wrongtype["requests"] == 40);
    CHECK(wrongtype["responses"] == 40);
    CHECK(count(wrongtype["errors"]["by_class"], "redis_error") == 40);
    CHECK(count(wrongtype["errors"]["by_code"], "WRONGTYPE") == 40);
    CHECK(check_of(result, "says so")["passes"] == 40);
    const json& unknown = step_of(result, "unknown");
    CHECK(count(unknown["errors"]["by_class"], "redis_error") == 80);
    CHECK(count(unknown["errors"]["by_code"], "ERR") == 80);
    CHECK(step_of(result, "fine")["errors"]["total"] == 0);
    CHECK(count(result["total"]["errors"]["by_code"], "WRONGTYPE") == 40);
    CHECK(count(result["total"]["errors"]["by_class"], "redis_error") == 120);
}

TEST_CASE("redis: shared connections (pool) serve every VU its own replies", "[integration][redis]") {
    const json result = run_to_end(R"({
      "targets": {"cache": {"url": ")" +
                                       test_redis() + R"(/1", "pool": 2}},
      "executor": {"type": "constant-vus", "vus": 8, "duration": "30s", "iterations": 400},
      "steps": [
        {"name": "set", "redis": {"command": ["SET", "it:pool:${vu}", "${vu}-${iteration}"], "target": "cache"}},
        {"name": "get", "redis": {"command": ["GET", "it:pool:${vu}"], "pipeline": 4, "target": "cache"},
         "extract": {"got": {"body": true}}},
        {"name": "mine", "redis": {"command": ["EVAL", "return string.match(ARGV[2], '^(%d+)-') == ARGV[1] and 1 or 0",
                                               "0", "${vu}", "${got}"], "target": "cache"},
         "checks": {"its own value": {"body_matches": "^1$"}}}
      ]})",
                                   {"--threads", "2"});
    CHECK(step_of(result, "get")["requests"] == 1600);
    CHECK(result["total"]["errors"]["total"] == 0);
    CHECK(check_of(result, "its own value")["passes"] == 400);
}

TEST_CASE("redis: no reply in time is a timeout, and the next command reconnects", "[integration][redis]") {
    const json result = run_to_end(R"({
      "target": ")" + test_redis() +
                                   R"(",
      "executor": {"type": "constant-vus", "vus": 2, "duration": "30s", "iterations": 4},
      "steps": [
        {"name": "blocked", "redis": {"command": "BLPOP it:empty:${vu} 2", "pipeline": 2}, "timeout": "100ms"},
        {"name": "after", "redis": {"command": "PING"}}
      ]})");
    const json& blocked = step_of(result, "blocked");
    CHECK(blocked["requests"] == 8);
    CHECK(count(blocked["errors"]["by_class"], "timeout") == 8);
    CHECK(step_of(result, "after")["errors"]["total"] == 0);
    CHECK(step_of(result, "after")["responses"] == 4);
}

TEST_CASE("redis: nothing listening is connect_refused", "[integration][redis]") {
    const int port = free_port();
    const json result = run_to_end(R"({
      "target": "redis://127.0.0.1:)" +
                                   std::to_string(port) + R"(",
      "executor": {"type": "constant-vus", "vus": 2, "duration": "30s", "iterations": 20},
      "steps": [{"name": "get", "redis": {"command": "GET k", "pipeline": 3}}]})");
    const json& get = step_of(result, "get");
    CHECK(get["requests"] == 60);
    CHECK(get["responses"] == 0);
    CHECK(count(get["errors"]["by_class"], "connect_refused") == 60);
}

TEST_CASE("redis: a server stopped mid-run costs errors, not the run", "[integration][redis]") {
    OwnRedis server;
    TempDir dir;
    dir.write("scenario.json", R"({
      "target": ")" + server.url() +
                                   R"(",
      "executor": {"type": "constant-vus", "vus": 4, "duration": "6s"},
      "steps": [{"name": "set", "redis": {"command": "SET k:${random_int(1,100)} v", "pipeline": 4}}]})");
    Process throng({throng_binary, "run", "scenario.json", "--out", "out", "--quiet"}, dir.path());
    // Once the load is flowing (a slow sanitizer build starts late), well
    // before the 6 s end.
    REQUIRE(
        throng::test::wait_until([&] { return commands_processed(server.port()) >= 100; }, std::chrono::seconds(4)));
    server.stop();
    const auto r = throng.wait(std::chrono::seconds(60));
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const json result = read_result(dir);
    const json& set = step_of(result, "set");
    INFO(set["errors"].dump());
    CHECK(set["responses"].get<std::uint64_t>() > 0);
    const auto lost = count(set["errors"]["by_class"], "reset") + count(set["errors"]["by_class"], "connect_refused");
    CHECK(lost > 0);
    CHECK(lost == set["errors"]["total"].get<std::uint64_t>());
    require_counts_add_up(set);
}

TEST_CASE("redis: AUTH and SELECT from the URL", "[integration][redis]") {
    OwnRedis server({"--requirepass", "s3cr@t"});
    const auto scenario = [&](const std::string& url) {
        return R"({"target": ")" + url + R"(",
                   "executor": {"type": "constant-vus", "vus": 2, "duration": "30s", "iterations": 10},
                   "steps": [{"name": "set", "redis": {"command": "SET it:auth v"}},
                             {"name": "db", "redis": {"command": "CLIENT INFO"},
                              "checks": {"in db 3": {"body_contains": " db=3 "}}}]})";
    };
    const json good = run_to_end(scenario("redis://:s3cr%40t@127.0.0.1:" + std::to_string(server.port()) + "/3"));
    CHECK(step_of(good, "set")["responses"] == 10);
    CHECK(good["total"]["errors"]["total"] == 0);
    CHECK(check_of(good, "in db 3")["passes"] == 10);

    const json wrong = run_to_end(scenario("redis://:nope@127.0.0.1:" + std::to_string(server.port())));
    CHECK(count(step_of(wrong, "set")["errors"]["by_code"], "WRONGPASS") == 10);
    CHECK(step_of(wrong, "set")["responses"] == 0);

    const json none = run_to_end(scenario(server.url()));
    CHECK(count(step_of(none, "set")["errors"]["by_code"], "NOAUTH") == 10);
}

TEST_CASE("redis: a URL of another form stops the run before it starts", "[integration][redis]") {
    TempDir dir;
    dir.write("scenario.json", R"({"target": "redis://bob@127.0.0.1:6379",
      "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
      "steps": [{"name": "ping", "redis": {"command": "PING"}}]})");
    const auto r = run_process({throng_binary, "run", "scenario.json", "--out", "out", "--quiet"}, dir.path());
    CHECK(r.exit_code == 2);  // a usage error, found where the URL is written, as `validate` finds it
    CHECK(r.err.find("scenario.json:1:") != std::string::npos);
    CHECK(r.err.find("the user needs a password") != std::string::npos);
    CHECK(run_process({throng_binary, "validate", "scenario.json"}, dir.path()).exit_code == 2);
}
