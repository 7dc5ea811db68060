// An https target's `tls` object: files read at load time relative to the
// scenario, a context built from them, and every mistake named with its place.
#include <catch2/catch.hpp>

#include "harness/core/diagnostics.hpp"
#include "support/scenario_parsing.hpp"
#include "support/temp_dir.hpp"
#include "support/test_certs.hpp"
#include "targets/drivers/http/http_request.hpp"
#include "targets/drivers/http/http_step.hpp"

namespace tls_options_test {

using throng::test::TempDir;

// A scenario in `dir` whose target is {"url": URL, "tls": TLS}, parsed.
throng::core::Plan parse_in(const TempDir& dir, const std::string& url, const std::string& tls) {
    const std::string text = R"({"target": {"url": ")" + url + R"(", "tls": )" + tls + R"(},
"executor": {"type": "constant-vus", "vus": 1, "duration": "1s"}, "steps": [{"http": {"path": "/"}}]})";
    const auto file = dir.write("s.json", text);
    return throng::test::parse_plan(text, file.string());
}

std::string errors_in(const TempDir& dir, const std::string& url, const std::string& tls) {
    try {
        parse_in(dir, url, tls);
    } catch (const throng::core::InputError& e) {
        const std::string all = e.what();
        return all.substr(all.find("s.json:"));  // without the temporary directory
    }
    FAIL("expected the target to be rejected: " << tls);
    return {};
}

const throng::targets::http::HttpTargetOptions& http_options(const throng::core::Plan& plan) {
    return throng::core::options_of<throng::targets::http::HttpTargetOptions>(plan.main_target());
}

}  // namespace tls_options_test

using namespace tls_options_test;

TEST_CASE("a target's tls files are read relative to the scenario into one context", "[http][tls]") {
    const throng::test::TestCertificates ca;
    const auto client = ca.issue({.common_name = "vu", .alt_names = "", .client = true});
    TempDir dir;
    dir.write("certs/ca.pem", ca.ca_pem());
    dir.write("certs/client.crt", client.cert_pem);
    dir.write("certs/client.key", client.key_pem);
    const auto plan =
        parse_in(dir, "https://127.0.0.1:8443",
                 R"({"ca_file": "certs/ca.pem", "cert_file": "certs/client.crt", "key_file": "certs/client.key"})");
    CHECK(http_options(plan).tls_context != nullptr);
    CHECK_FALSE(http_options(plan).insecure);
    CHECK(http_options(plan).warnings().empty());

    const auto insecure = parse_in(dir, "https://127.0.0.1:8443", R"({"insecure": true})");
    CHECK(http_options(insecure).insecure);
    REQUIRE(http_options(insecure).warnings().size() == 1);
    CHECK(http_options(insecure).warnings()[0].find("not verified") != std::string::npos);
}

TEST_CASE("golden: mistakes in a target's tls", "[http][tls][golden]") {
    const throng::test::TestCertificates ca;
    const auto client = ca.issue({.common_name = "vu", .alt_names = "", .client = true});
    const auto other = ca.issue({.common_name = "other", .alt_names = "", .client = true});
    TempDir dir;
    dir.write("ca.pem", ca.ca_pem());
    dir.write("client.crt", client.cert_pem);
    dir.write("other.key", other.key_pem);
    dir.write("not-pem.txt", "hello");
    // A device or a FIFO would block the load, or never end.
    CHECK(errors_in(dir, "https://127.0.0.1:8443", R"({"ca_file": "/dev/zero"})") ==
          "s.json:1:65: error: `ca_file` in `tls` of target: /dev/zero is not a regular file (at /target/tls/ca_file)");
    const std::string https = "https://127.0.0.1:8443";
    CHECK(errors_in(dir, "http://127.0.0.1:8080", R"({"insecure": true})") ==
          "s.json:1:52: error: `tls` in target is for https:// targets (at /target/tls)");
    CHECK(errors_in(dir, https, R"({"ca_file": "missing.pem"})") ==
          "s.json:1:65: error: `ca_file` in `tls` of target: cannot open the file " +
              (dir.path() / "missing.pem").string() + " (at /target/tls/ca_file)");
    CHECK(errors_in(dir, https, R"({"ca_file": "not-pem.txt"})") ==
          "s.json:1:53: error: `tls` in target: the CA file holds no PEM certificate (at /target/tls)");
    CHECK(errors_in(dir, https, R"({"cert_file": "client.crt", "key_file": "other.key"})") ==
          "s.json:1:53: error: `tls` in target: the client key does not match the client certificate (at /target/tls)");
    CHECK(errors_in(dir, https, R"({"key_file": "other.key"})") ==
          "s.json:1:66: error: `key_file` in `tls` of target needs `cert_file`, the certificate it goes with "
          "(at /target/tls/key_file)");
    CHECK(errors_in(dir, https, R"({"insecure": true, "ca_file": "ca.pem"})") ==
          "s.json:1:83: error: `ca_file` in `tls` of target is never used with `insecure: true`, which verifies "
          "no certificate (at /target/tls/ca_file)");
    CHECK(errors_in(dir, https, R"({"ca": "ca.pem"})") ==
          "s.json:1:54: error: unknown key `ca` in `tls` of target; expected `insecure`, `ca_file`, `cert_file` or "
          "`key_file` (at /target/tls/ca)");
}

TEST_CASE("plans written in C++ give an https target the same tls settings", "[http][tls]") {
    const throng::test::TestCertificates ca;
    TempDir dir;
    throng::targets::http::Tls tls;
    tls.ca_file = dir.write("ca.pem", ca.ca_pem()).string();
    const auto options = throng::targets::http::https_target_options(tls);
    const auto& http = dynamic_cast<const throng::targets::http::HttpTargetOptions&>(*options);
    CHECK(http.tls_context != nullptr);
    CHECK_FALSE(http.insecure);
    tls.ca_file = (dir.path() / "missing.pem").string();
    CHECK_THROWS_WITH(throng::targets::http::https_target_options(tls), Catch::Contains("cannot open"));
    tls.ca_file = dir.write("empty.pem", "").string();
    CHECK_THROWS_WITH(throng::targets::http::https_target_options(tls), Catch::Contains("no PEM certificate"));
}
