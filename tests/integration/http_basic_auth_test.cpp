// Basic authentication end to end: the real binary sends the target URL's
// user and password, or a step's basic_auth, and writes the password nowhere.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"
#include "support/throng_runs.hpp"

TEST_CASE("Basic credentials from the target URL and from a step reach the server", "[integration][http]") {
    throng::test::ScriptedServer server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    const std::string url = server.url();  // http://127.0.0.1:PORT
    const std::string with_password = "http://ann:s3cr3t-pw@" + url.substr(std::string_view("http://").size());
    const throng::test::TempDir dir;
    const auto file = dir.write("auth.json", R"({"target": ")" + with_password + R"(",
  "executor": {"type": "constant-vus", "vus": 1, "duration": "20s", "iterations": 2},
  "steps": [{"name": "as ann", "http": {"path": "/a"}},
            {"name": "as vu", "http": {"path": "/b", "basic_auth": {"user": "vu${vu}", "password": "pw ${iteration}"}}}]})");
    const auto r = throng::test::run_process(
        {throng::test::throng_binary, "run", file.string(), "--out", "out", "--report", "html,junit,md"}, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    // "ann:s3cr3t-pw", "vu1:pw 0", "vu1:pw 1" in base64.
    CHECK(server.authorizations_seen() ==
          std::multiset<std::string>{
              "Basic YW5uOnMzY3IzdC1wdw==", "Basic YW5uOnMzY3IzdC1wdw==", "Basic dnUxOnB3IDA=", "Basic dnUxOnB3IDE="});
    const nlohmann::json result = throng::test::read_result(dir);
    CHECK(result["total"]["requests"] == 4);
    // The password is masked wherever throng writes or prints the URL.
    CHECK(r.out.find("s3cr3t-pw") == std::string::npos);
    CHECK(r.err.find("s3cr3t-pw") == std::string::npos);
    for (const char* name : {"result.json", "report.html", "junit.xml", "summary.md"}) {
        INFO(name);
        std::ifstream in(dir.path() / "out" / name);
        REQUIRE(in);
        const std::string text{std::istreambuf_iterator<char>(in), {}};
        CHECK(text.find("s3cr3t-pw") == std::string::npos);
    }

    // The --url one-liner too: the URL (with its path) names the run.
    const auto one = throng::test::run_process({throng::test::throng_binary, "run", "--url", with_password + "/c",
                                                "--vus", "1", "--iterations", "1", "--out", "one"},
                                               dir.path());
    INFO(one.out << one.err);
    REQUIRE(one.exit_code == 0);
    CHECK(server.authorizations_seen().count("Basic YW5uOnMzY3IzdC1wdw==") == 3);
    CHECK(one.out.find("s3cr3t-pw") == std::string::npos);
    std::ifstream in(dir.path() / "one" / "result.json");
    const std::string text{std::istreambuf_iterator<char>(in), {}};
    CHECK(text.find("ann:***@") != std::string::npos);
    CHECK(text.find("s3cr3t-pw") == std::string::npos);

    // And `ab`, which names both targets in its progress and its comparison
    // (its verdict on two tiny runs does not matter here).
    const auto ab = throng::test::run_process({throng::test::throng_binary, "ab", file.string(), "--a", with_password,
                                               "--b", with_password, "--rounds", "1", "--out", "ab"},
                                              dir.path());
    INFO(ab.out << ab.err);
    CHECK(ab.err.find("ann:***@") != std::string::npos);
    CHECK(ab.out.find("s3cr3t-pw") == std::string::npos);
    CHECK(ab.err.find("s3cr3t-pw") == std::string::npos);
    for (const char* name : {"a.json", "result.json"}) {
        INFO(name);
        std::ifstream ab_in(dir.path() / "ab" / name);
        REQUIRE(ab_in);
        const std::string ab_text{std::istreambuf_iterator<char>(ab_in), {}};
        CHECK(ab_text.find("s3cr3t-pw") == std::string::npos);
    }
}
