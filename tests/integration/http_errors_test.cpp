// The HTTP driver against targets that misbehave: every failure is counted
// under its class and the run goes on.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using throng::test::run_process;
using throng::test::ScriptedServer;
using throng::test::TempDir;

namespace {
json run_against(const std::string& url, const std::string& iterations) {
    TempDir dir;
    const auto r = run_process({THRONG_BINARY, "run", "--url", url, "--vus", "2", "--iterations", iterations,
                                "--duration", "20s", "--timeout", "2s", "--out", "out", "--quiet"},
                               dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(throng::test::read_text(dir.path() / "out" / "result.json"));
}
}  // namespace

TEST_CASE("interim 1xx responses are skipped, not taken for the answer", "[integration][http]") {
    ScriptedServer server("HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"
                          "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    const json result = run_against(server.url() + "/", "40");
    CHECK(result["total"]["requests"] == 40);
    CHECK(result["total"]["statuses"]["200"] == 40);
    CHECK_FALSE(result["total"]["statuses"].contains("103"));
    CHECK(result["total"]["errors"]["total"] == 0);
    CHECK(server.requests() == 40);  // one request per answer: the connection stayed in step
}

TEST_CASE("a response that is not HTTP is a protocol error", "[integration][http]") {
    ScriptedServer server("SSH-2.0-OpenSSH_9.2\r\n\r\n");
    const json result = run_against(server.url() + "/", "10");
    CHECK(result["total"]["requests"] == 10);
    CHECK(result["total"]["errors"]["by_class"]["protocol"] == 10);
    CHECK(result["total"]["responses"] == 0);
}

TEST_CASE("a connection reset is counted as reset", "[integration][http]") {
    ScriptedServer server("");
    const json result = run_against(server.url() + "/", "10");
    CHECK(result["total"]["requests"] == 10);
    CHECK(result["total"]["errors"]["by_class"]["reset"] == 10);
}

TEST_CASE("a server that closes after each response costs a reconnect, not an error", "[integration][http]") {
    ScriptedServer server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    const json result = run_against(server.url() + "/", "20");
    CHECK(result["total"]["statuses"]["200"] == 20);
    CHECK(result["total"]["errors"]["total"] == 0);
}

TEST_CASE("requests from --url get the same checks as scenario steps", "[integration][http]") {
    TempDir dir;
    const auto lower = run_process({THRONG_BINARY, "run", "--url", "http://127.0.0.1:1/", "-X", "g e t"}, dir.path());
    CHECK(lower.exit_code == 2);
    CHECK(lower.err.find("method") != std::string::npos);
    const auto framing = run_process({THRONG_BINARY, "run", "--url", "http://127.0.0.1:1/", "-H", "Content-Length: 3"},
                                     dir.path());
    CHECK(framing.exit_code == 2);
    CHECK(framing.err.find("Content-Length") != std::string::npos);
}
