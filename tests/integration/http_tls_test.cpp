// HTTPS end to end: the real binary against local TLS servers whose
// certificates are made at test time. A good certificate is accepted, a bad
// one is counted under tls_verify with the reason, a server that wants a
// client certificate gets one from the target's `tls`, and a VU's
// reconnections resume its TLS session.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/loopback_server.hpp"
#include "support/temp_dir.hpp"
#include "support/test_certs.hpp"
#include "support/throng_runs.hpp"
#include "support/tls_server.hpp"

using nlohmann::json;
using throng::test::KeyAndCert;
using throng::test::TempDir;
using throng::test::TestCertificates;
using throng::test::TlsServer;

namespace tls_test {

const std::string ok_reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

// `iterations` GETs by one VU against `url`, the target's `tls` object as given ("" for none).
throng::test::ScenarioRun run_https(TempDir& dir, const std::string& url, const std::string& tls, int iterations = 3) {
    const std::string target = tls.empty() ? "\"" + url + "\"" : R"({"url": ")" + url + R"(", "tls": )" + tls + "}";
    return throng::test::run_scenario(dir, R"({"target": )" + target + R"(,
  "executor": {"type": "constant-vus", "vus": 1, "duration": "20s", "iterations": )" +
                                               std::to_string(iterations) + R"(},
  "steps": [{"name": "get", "http": {"path": "/"}}]})");
}

std::string url_of(const TlsServer& server, const std::string& host = "127.0.0.1") {
    return "https://" + host + ":" + std::to_string(server.port());
}

// The only error class and code of the run's step, as "class/code".
std::string only_error(const json& result) {
    const json& errors = result["steps"][0]["errors"];
    std::string out;
    for (const auto& [name, count] : errors["by_class"].items()) out += name;
    out += "/";
    for (const auto& [code, count] : errors["by_code"].items()) out += code;
    return out;
}

}  // namespace tls_test

using namespace tls_test;

TEST_CASE("https with the target's CA: requests go over one verified connection", "[integration][http][tls]") {
    const TestCertificates ca;
    TlsServer server(ca.issue({}), ok_reply);
    TempDir dir;
    dir.write("ca.pem", ca.ca_pem());
    for (const std::string host : {"127.0.0.1", "localhost"}) {  // the address and the name the certificate names
        INFO(host);
        const auto run = run_https(dir, url_of(server, host), R"({"ca_file": "ca.pem"})");
        INFO(run.process.out << run.process.err);
        REQUIRE(run.process.exit_code == 0);
        CHECK(run.result["total"]["requests"] == 3);
        CHECK(run.result["total"]["statuses"]["200"] == 3);
        CHECK(run.result["total"]["errors"]["total"] == 0);
        // One connection, its handshake measured apart from the requests.
        const json& phases = run.result["steps"][0]["phases_ms"];
        CHECK(phases["connect"]["count"] == 1);
        CHECK(phases["tls_handshake"]["count"] == 1);
        CHECK(phases["tls_handshake"]["min"].get<double>() > 0);
        for (const char* part : {"sending", "waiting", "receiving"}) CHECK(phases[part]["count"] == 3);
    }
    CHECK(server.handshakes() == 2);  // one keep-alive connection per run
    CHECK(server.requests() == 6);
}

TEST_CASE("a VU's new connections resume its TLS session", "[integration][http][tls]") {
    const TestCertificates ca;
    TlsServer server(ca.issue({}), "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    TempDir dir;
    dir.write("ca.pem", ca.ca_pem());
    const auto run = run_https(dir, url_of(server), R"({"ca_file": "ca.pem"})", 5);
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    CHECK(run.result["total"]["statuses"]["200"] == 5);
    CHECK(server.handshakes() == 5);  // the server closes after each answer
    CHECK(server.resumed() == 4);     // every one after the first
    CHECK(run.result["steps"][0]["phases_ms"]["tls_handshake"]["count"] == 5);
}

TEST_CASE("certificates the client must refuse are counted under tls_verify with the reason",
          "[integration][http][tls]") {
    const TestCertificates ca;
    struct Case {
        const char* name;
        KeyAndCert identity;
        const char* tls;
        const char* expected;
    };
    const Case cases[] = {
        {"expired", ca.issue({.valid_from_days = -30, .valid_until_days = -1}), R"({"ca_file": "ca.pem"})",
         "tls_verify/cert_expired"},
        {"for another name", ca.issue({.common_name = "elsewhere", .alt_names = "DNS:elsewhere.example"}),
         R"({"ca_file": "ca.pem"})", "tls_verify/name_mismatch"},
        {"self-signed", TestCertificates::self_signed({}), R"({"ca_file": "ca.pem"})", "tls_verify/self_signed"},
        // Without `ca_file` the system's CAs are the judges, and they do not know ours.
        {"issued by an unknown CA", ca.issue({}), "", "tls_verify/unknown_issuer"},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        TlsServer server(c.identity, ok_reply);
        TempDir dir;
        dir.write("ca.pem", ca.ca_pem());
        const auto run = run_https(dir, url_of(server), c.tls);
        INFO(run.process.out << run.process.err);
        REQUIRE(run.process.exit_code == 0);  // counted, and the run goes on
        CHECK(run.result["total"]["requests"] == 3);
        CHECK(run.result["total"]["errors"]["total"] == 3);
        CHECK(only_error(run.result) == c.expected);
        CHECK(server.requests() == 0);
    }
}

TEST_CASE(
    "insecure: true accepts any certificate and says so in the result and the summary; --timings shows the "
    "handshake",
    "[integration][http][tls]") {
    TlsServer server(TestCertificates::self_signed({}), ok_reply);
    TempDir dir;
    const auto file = dir.write("s.json", R"({"target": {"url": ")" + url_of(server) + R"(", "tls": {"insecure": true}},
  "executor": {"type": "constant-vus", "vus": 1, "duration": "20s", "iterations": 2},
  "steps": [{"name": "get", "http": {"path": "/"}}]})");
    const auto r = throng::test::run_process(
        {throng::test::throng_binary, "run", file.string(), "--out", "out", "--timings"}, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const json result = throng::test::read_result(dir);
    CHECK(result["total"]["statuses"]["200"] == 2);
    REQUIRE(result["run"]["warnings"].size() == 1);
    CHECK(result["run"]["warnings"][0].get<std::string>().find("not verified") != std::string::npos);
    CHECK(r.out.find("TLS certificates are not verified") != std::string::npos);
    // Where the time went: the summary's table on request, the report's always.
    CHECK(r.out.find("where the time went") != std::string::npos);
    CHECK(r.out.find("  tls_handshake             1") != std::string::npos);
    const std::string html = throng::test::read_text(dir.path() / "out" / "report.html");
    CHECK(html.find("Where the time went") != std::string::npos);
    CHECK(html.find("<td>tls_handshake</td>") != std::string::npos);
    CHECK(html.find("TLS certificates are not verified") != std::string::npos);
}

TEST_CASE("a server that requires a client certificate gets the target's", "[integration][http][tls]") {
    const TestCertificates ca;
    const TestCertificates clients("throng test client CA");
    TlsServer server(ca.issue({}), ok_reply, clients.ca_pem());
    TempDir dir;
    dir.write("ca.pem", ca.ca_pem());
    const KeyAndCert client = clients.issue({.common_name = "vu", .alt_names = "", .client = true});
    dir.write("client.crt", client.cert_pem);
    dir.write("client.key", client.key_pem);
    dir.write("client.pem", client.cert_pem + client.key_pem);
    SECTION("without one, the handshake fails with the server's reason") {
        const auto run = run_https(dir, url_of(server), R"({"ca_file": "ca.pem"})", 2);
        INFO(run.process.out << run.process.err);
        REQUIRE(run.process.exit_code == 0);
        CHECK(run.result["total"]["errors"]["total"] == 2);
        CHECK(only_error(run.result) == "tls_handshake/cert_required");  // TLS 1.3's alert
        CHECK(server.requests() == 0);
    }
    SECTION("with one, in two files or in one") {
        for (const std::string tls : {R"({"ca_file": "ca.pem", "cert_file": "client.crt", "key_file": "client.key"})",
                                      R"({"ca_file": "ca.pem", "cert_file": "client.pem"})"}) {
            const auto run = run_https(dir, url_of(server), tls, 2);
            INFO(tls << run.process.out << run.process.err);
            REQUIRE(run.process.exit_code == 0);
            CHECK(run.result["total"]["statuses"]["200"] == 2);
            CHECK(run.result["total"]["errors"]["total"] == 0);
        }
    }
}

TEST_CASE("an https target that answers in plain text fails its handshake as not_tls", "[integration][http][tls]") {
    // As an HTTP server answers what it cannot parse.
    throng::test::LoopbackServer plain([](int fd) {
        char hello[4096];
        if (::recv(fd, hello, sizeof hello, 0) > 0)
            throng::test::LoopbackServer::send_all(
                fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    });
    TempDir dir;
    const std::string url = "https://127.0.0.1:" + std::to_string(plain.port());
    const auto run = run_https(dir, url, "", 2);
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    CHECK(run.result["total"]["errors"]["total"] == 2);
    CHECK(only_error(run.result) == "tls_handshake/not_tls");
}

TEST_CASE("the --url one-liner takes an https URL, verified unless --insecure", "[integration][http][tls]") {
    TlsServer server(TestCertificates::self_signed({}), ok_reply);
    TempDir dir;
    const auto r = throng::test::run_process({throng::test::throng_binary, "run", "--url", url_of(server) + "/x",
                                              "--vus", "1", "--iterations", "2", "--out", "out", "--quiet"},
                                             dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const json result = throng::test::read_result(dir);
    CHECK(result["total"]["requests"] == 2);
    CHECK(only_error(result) == "tls_verify/self_signed");  // verified by default

    // curl's -k: no verification, and the result says so.
    const auto k = throng::test::run_process({throng::test::throng_binary, "run", "--url", url_of(server) + "/x", "-k",
                                              "--vus", "1", "--iterations", "2", "--out", "out", "--quiet"},
                                             dir.path());
    INFO(k.out << k.err);
    REQUIRE(k.exit_code == 0);
    const json insecure = throng::test::read_result(dir);
    CHECK(insecure["total"]["statuses"]["200"] == 2);
    CHECK(insecure["run"]["warnings"].size() == 1);
    const auto plain = throng::test::run_process(
        {throng::test::throng_binary, "run", "--url", "http://127.0.0.1:1/", "--insecure", "--out", "out"}, dir.path());
    CHECK(plain.exit_code == 2);
    CHECK(plain.err.find("--insecure is for https:// URLs") != std::string::npos);
}
