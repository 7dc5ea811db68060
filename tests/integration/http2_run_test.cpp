// HTTP/2 end to end, through the real binary against nghttpd: the same steps,
// checks and reports over h2c (prior knowledge) and over TLS (ALPN), a server
// that picks HTTP/1.1 served in HTTP/1.1, a server that does not speak
// HTTP/2 at all counted as such, the run going on, and a worker's VUs
// sharing a `pool` of connections.
#include <catch2/catch.hpp>

#include <csignal>
#include <string>

#include <nlohmann/json.hpp>

#include "support/h2_one_shot_server.hpp"
#include "support/nghttpd.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"
#include "support/test_certs.hpp"
#include "support/throng_runs.hpp"
#include "support/tls_server.hpp"

namespace http2_run_test {

std::string h2_scenario(const std::string& target, int iterations, int vus = 2) {
    return R"({"target": )" + target + R"(,
  "executor": {"type": "constant-vus", "vus": )" +
           std::to_string(vus) + R"(, "duration": "30s", "iterations": )" + std::to_string(iterations) + R"(},
  "steps": [{"name": "page", "http": {"path": "/page.html"},
             "checks": {"ok": {"status": 200}, "exact": {"body_matches": "^<p>over h2</p>$"}},
             "extract": {"kind": {"header": "Content-Type"}}},
            {"name": "echo", "http": {"method": "POST", "path": "/echo", "body": "vu ${vu} said ${kind}"},
             "checks": {"echoed": {"body_matches": "^vu [0-9]+ said text/html$"}}},
            {"name": "missing", "http": {"path": "/nothing"}, "checks": {"404": {"status": 404}}}]})";
}

void check_all_passed(const nlohmann::json& result, int iterations) {
    REQUIRE(result.is_object());
    CHECK(result["total"]["requests"] == 3 * iterations);
    for (const auto& check : result["checks"]) {
        INFO(check.dump());
        CHECK(check["passes"] == iterations);
        CHECK(check["fails"] == 0);
    }
    // Where the time went, as over HTTP/1.1.
    CHECK(result["steps"][0]["phases_ms"].contains("waiting"));
}

}  // namespace http2_run_test

using namespace http2_run_test;

TEST_CASE("http2: steps, checks and extraction over h2c, the same as over HTTP/1.1", "[integration][http][http2]") {
    throng::test::Nghttpd server;
    server.file("page.html", "<p>over h2</p>");
    throng::test::TempDir dir;
    const auto run = throng::test::run_scenario(
        dir, h2_scenario(R"({"url": "http://)" + server.authority() + R"(", "http2": true})", 20));
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    check_all_passed(run.result, 20);
    CHECK(run.result["steps"][2]["statuses"]["404"] == 20);
}

TEST_CASE("http2 over TLS: h2 by ALPN, and a server that picks HTTP/1.1 is spoken to in HTTP/1.1",
          "[integration][http][http2][tls]") {
    const throng::test::TestCertificates ca;
    const throng::test::KeyAndCert identity = ca.issue({});
    throng::test::TempDir dir;
    dir.write("ca.pem", ca.ca_pem());
    {
        throng::test::Nghttpd server({}, identity.key_pem, identity.cert_pem);
        server.file("page.html", "<p>over h2</p>");
        const auto run = throng::test::run_scenario(
            dir, h2_scenario(R"({"url": "https://localhost:)" + std::to_string(server.port()) +
                                 R"(", "http2": true, "tls": {"ca_file": "ca.pem"}})",
                             10));
        INFO(run.process.out << run.process.err);
        REQUIRE(run.process.exit_code == 0);
        check_all_passed(run.result, 10);
        CHECK(run.result["steps"][0]["phases_ms"].contains("tls_handshake"));
    }
    // An HTTP/1.1-only server: the VU asks once, then speaks HTTP/1.1.
    throng::test::TlsServer http1(identity, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    const auto run =
        throng::test::run_scenario(dir, R"({"target": {"url": "https://localhost:)" + std::to_string(http1.port()) +
                                            R"(", "http2": true, "tls": {"ca_file": "ca.pem"}},
  "executor": {"type": "constant-vus", "vus": 1, "duration": "30s", "iterations": 5},
  "steps": [{"name": "get", "http": {"path": "/"}, "checks": {"ok": {"body_contains": "ok"}}}]})");
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    CHECK(run.result["total"]["requests"] == 5);
    CHECK(run.result["total"]["errors"]["total"] == 0);
}

TEST_CASE("http2 over TLS: a VU's new connections resume its TLS session", "[integration][http][http2][tls]") {
    const throng::test::TestCertificates ca;
    throng::test::H2OneShotServer server(ca.issue({}));  // a connection per request
    throng::test::TempDir dir;
    dir.write("ca.pem", ca.ca_pem());
    const auto run =
        throng::test::run_scenario(dir, R"({"target": {"url": "https://localhost:)" + std::to_string(server.port()) +
                                            R"(", "http2": true, "tls": {"ca_file": "ca.pem"}},
  "executor": {"type": "constant-vus", "vus": 1, "duration": "30s", "iterations": 5},
  "steps": [{"name": "get", "http": {"path": "/"}, "checks": {"ok": {"status": 200}}}]})");
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    CHECK(run.result["total"]["statuses"]["200"] == 5);
    CHECK(server.requests() == 5);
    CHECK(server.handshakes() == 5);
    CHECK(server.resumed() == 4);  // every one after the first
}

TEST_CASE("http2 to a server that does not speak it: counted, the run goes on, the report is written",
          "[integration][http][http2]") {
    throng::test::ScriptedServer http1("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    throng::test::TempDir dir;
    const auto run = throng::test::run_scenario(dir, R"({"target": {"url": ")" + http1.url() + R"(", "http2": true},
  "executor": {"type": "constant-vus", "vus": 1, "duration": "30s", "iterations": 3},
  "steps": [{"name": "get", "http": {"path": "/"}}]})");
    INFO(run.process.out << run.process.err);
    REQUIRE(run.result.is_object());
    const auto& errors = run.result["steps"][0]["errors"];
    CHECK(run.result["total"]["requests"] == 3);
    CHECK(errors["total"] == 3);
    CHECK(errors["by_class"]["protocol"] == 3);
    CHECK(errors["by_code"].dump().find("not_h2") != std::string::npos);
}

TEST_CASE("http2 pool: a worker's VUs share the target's connections, a connection per VU without it",
          "[integration][http][http2]") {
    struct Case {
        std::string pool_member;
        std::string threads;
        std::size_t connections;
    };
    const Case cases[] = {
        {"", "1", 6},                // one per VU
        {R"(, "pool": 2)", "1", 2},  // 6 VUs on 2 connections
        {R"(, "pool": 2)", "2", 4},  // 2 per worker thread
    };
    for (const Case& c : cases) {
        throng::test::Nghttpd server({"--verbose"});
        server.file("page.html", "<p>over h2</p>");
        throng::test::TempDir dir;
        const auto run = throng::test::run_scenario(
            dir,
            h2_scenario(R"({"url": "http://)" + server.authority() + R"(", "http2": true)" + c.pool_member + "}", 60,
                        6),
            {"--threads", c.threads});
        INFO(c.pool_member << " threads " << c.threads << "\n" << run.process.out << run.process.err);
        REQUIRE(run.process.exit_code == 0);
        check_all_passed(run.result, 60);
        CHECK(server.clients_logged() == c.connections);
    }
}

TEST_CASE("http2 pool: VUs cut at the end of the run leave promptly, waiting on a connection or on its streams",
          "[integration][http][http2]") {
    // The server never answers: its streams would outlast the run (their
    // timeout, 10 minutes, beyond this test's limit) unless cutting a VU
    // ends its stream on the shared connection, or its wait for that
    // connection to be made.
    const std::string settings("\0\0\0\x04\0\0\0\0\0", 9);  // an empty SETTINGS frame, then silence
    throng::test::ScriptedServer silent(settings);
    throng::test::Nghttpd stopped;
    stopped.signal(SIGSTOP);  // accepts (the kernel does), never sends its SETTINGS
    for (const std::string& url : {silent.url(), "http://" + stopped.authority()}) {
        throng::test::TempDir dir;
        const auto run =
            throng::test::run_scenario(dir, R"({"target": {"url": ")" + url + R"(", "http2": true, "pool": 1,
                      "connect_timeout": "10m"},
  "executor": {"type": "constant-vus", "vus": 4, "duration": "1s", "graceful_stop": "0s"},
  "steps": [{"name": "get", "http": {"path": "/"}, "timeout": "10m"}]})",
                                       {"--threads", "1"}, std::chrono::seconds(60));
        INFO(url << "\n" << run.process.out << run.process.err);
        CHECK(run.process.exit_code == 0);
        REQUIRE(run.result.is_object());
        CHECK(run.result["total"]["requests"] == 0);  // a cut request is no measurement
    }
    stopped.signal(SIGCONT);
}
