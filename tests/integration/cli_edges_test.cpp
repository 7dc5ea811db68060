// The command line at its edges: what a user can mistype, point at the wrong
// file or pipe into `head`, and what throng must say (or not say) then.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "examples/demo-service/demo_service.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/throng_runs.hpp"

using nlohmann::json;
using throng::test::run_process;
using throng::test::TempDir;
using throng::test::throng_binary;

namespace {

std::size_t count_of(const std::string& text, const std::string& word) {
    std::size_t n = 0;
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("a --body @FILE must be a regular file of bounded size", "[integration][cli]") {
    TempDir dir;
    std::filesystem::create_directory(dir.path() / "folder");
    for (const std::string body : {"@folder", "@/dev/zero", "@missing.txt"}) {
        INFO(body);
        const auto r = run_process({throng_binary, "run", "--url", "http://127.0.0.1:1/", "--body", body, "--vus", "1",
                                    "--duration", "1s", "--out", "out", "--quiet"},
                                   dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("body file") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(dir.path() / "out" / "result.json"));
    }
    // 65 MiB, sparse: over the limit without writing it.
    const auto big = dir.path() / "big.bin";
    { std::ofstream(big, std::ios::binary); }
    std::filesystem::resize_file(big, 65ull << 20);
    const auto r = run_process(
        {throng_binary, "run", "--url", "http://127.0.0.1:1/", "--body", "@big.bin", "--out", "out", "--quiet"},
        dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("larger than 64 MiB") != std::string::npos);
}

TEST_CASE("a bad option is reported alone, without made-up errors about other options", "[integration][cli]") {
    TempDir dir;
    const auto r = run_process({throng_binary, "run", "--bogus", "--vus", "5", "--duration", "2s"}, dir.path());
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("unknown option `--bogus`") != std::string::npos);
    CHECK(r.err.find("--vus applies") == std::string::npos);
    CHECK(r.err.find("--duration does not apply") == std::string::npos);
    // Same when the --url part is what is wrong.
    const auto body = run_process(
        {throng_binary, "run", "--url", "http://127.0.0.1:1/", "--body", "@missing", "--vus", "5", "--duration", "2s"},
        dir.path());
    CHECK(body.exit_code == 2);
    CHECK(body.err.find("--vus applies") == std::string::npos);
}

TEST_CASE("a bad port or a missing host is a usage error, found before any load", "[integration][cli]") {
    TempDir dir;
    for (const std::string url : {"http://127.0.0.1:99999/", "http://:8080/", "http://127.0.0.1:0/"}) {
        INFO(url);
        const auto r = run_process({throng_binary, "run", "--url", url, "--duration", "1s", "--out", "out", "--quiet"},
                                   dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("target `") != std::string::npos);
    }
    const auto target = run_process({throng_binary, "run", "--url", "http://127.0.0.1:1/", "--target",
                                     "http://127.0.0.1:70000", "--duration", "1s", "--out", "out", "--quiet"},
                                    dir.path());
    CHECK(target.exit_code == 2);
    CHECK(target.err.find("--target") != std::string::npos);
}

TEST_CASE("a password in a target URL is never printed in an error", "[integration][cli]") {
    TempDir dir;
    const auto bad_port = run_process({throng_binary, "run", "--url", "http://user:hunter2@127.0.0.1:99999/",
                                       "--duration", "1s", "--out", "out", "--quiet"},
                                      dir.path());
    CHECK(bad_port.exit_code == 2);
    CHECK(bad_port.err.find("hunter2") == std::string::npos);
    // Resolving a name that cannot exist fails at setup: the message names the target, masked.
    const auto redis = dir.write("r.json", R"({"name": "r", "target": "redis://:hunter2@no-such-host.invalid:6390",
        "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
        "steps": [{"name": "ping", "redis": {"command": "PING"}}]})");
    const auto r = run_process({throng_binary, "run", redis.string(), "--out", "out", "--quiet"}, dir.path());
    INFO(r.err);
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("no-such-host.invalid") != std::string::npos);
    CHECK(r.err.find("hunter2") == std::string::npos);
}

TEST_CASE("a plain number of seconds is a --duration, as in scenario files", "[integration][cli]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    const auto r = run_process({throng_binary, "run", "--url", demo.base_url() + "/health", "--vus", "1", "--duration",
                                "1", "--out", "out", "--quiet"},
                               dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const json result = json::parse(throng::test::read_text(dir.path() / "out" / "result.json"));
    CHECK(result["run"]["duration_s"].get<double>() < 5);
    CHECK(run_process({throng_binary, "run", "--url", demo.base_url(), "--duration", "-1"}, dir.path()).exit_code == 2);
    CHECK(run_process({throng_binary, "run", "--url", demo.base_url(), "--duration", "1x"}, dir.path()).exit_code == 2);
}

TEST_CASE("a closed stdout does not kill throng once the result is written", "[integration][cli]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    // `true` exits at once: every write to the pipe fails with EPIPE.
    const std::string command = "set -o pipefail; '" + throng_binary + "' run --url " + demo.base_url() +
                                "/health --vus 1 --duration 1s --out out --quiet | true";
    const auto r = run_process({"/bin/bash", "-c", command}, dir.path());
    INFO(r.err);
    CHECK(r.exit_code == 0);  // not 141 (SIGPIPE)
    CHECK(std::filesystem::exists(dir.path() / "out" / "result.json"));
}

TEST_CASE("a --url run passes or fails by its --threshold", "[integration][cli]") {
    TempDir dir;
    // Nothing listens on port 1: every request is an error.
    const auto dead = run_process({throng_binary, "run", "--url", "http://127.0.0.1:1/", "--vus", "1", "--duration",
                                   "1s", "--threshold", "errors: rate<1%", "--out", "out", "--quiet"},
                                  dir.path());
    INFO(dead.out << dead.err);
    CHECK(dead.exit_code == 1);
    const json result = json::parse(throng::test::read_text(dir.path() / "out" / "result.json"));
    REQUIRE(result["thresholds"].size() == 1);
    CHECK(result["thresholds"][0]["passed"] == false);

    throng::demo::DemoService demo;
    demo.start();
    const auto alive =
        run_process({throng_binary, "run", "--url", demo.base_url() + "/health", "--vus", "1", "--duration", "1s",
                     "--threshold", "errors: rate<1%", "--threshold", "latency: p(99)<10s", "--out", "out2", "--quiet"},
                    dir.path());
    CHECK(alive.exit_code == 0);
    const json passed = json::parse(throng::test::read_text(dir.path() / "out2" / "result.json"));
    CHECK(passed["thresholds"].size() == 2);

    for (const std::string bad : {"errors rate<1%", "errors: rate<<1%", "latency{step:nope}: p(95)<1s"}) {
        INFO(bad);
        const auto r = run_process(
            {throng_binary, "run", "--url", demo.base_url(), "--threshold", bad, "--out", "out3"}, dir.path());
        CHECK(r.exit_code == 2);
        CHECK(count_of(r.err, "throng run:") == 1);
        CHECK_FALSE(std::filesystem::exists(dir.path() / "out3" / "result.json"));
    }
}

TEST_CASE("a run that cannot have the descriptors it needs is refused before the load", "[integration][cli]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    // `ulimit -n` sets the hard limit too: throng cannot raise it.
    const auto hard = run_process({"/bin/sh", "-c",
                                   "ulimit -n 256; '" + throng_binary + "' run --url " + demo.base_url() +
                                       "/health --vus 1000 --duration 1s --out out"},
                                  dir.path());
    INFO(hard.out << hard.err);
    CHECK(hard.exit_code == 2);
    CHECK(hard.err.find("limit on open files is 256") != std::string::npos);
    CHECK(hard.err.find("nothing was run") != std::string::npos);
    CHECK(demo.stats().health == 0);

    // A low soft limit under a higher hard one is raised: every request reaches the service.
    const auto soft = run_process({"/bin/sh", "-c",
                                   "ulimit -S -n 128; '" + throng_binary + "' run --url " + demo.base_url() +
                                       "/health --vus 300 --iterations 600 --duration 20s --out out --quiet"},
                                  dir.path());
    INFO(soft.out << soft.err);
    REQUIRE(soft.exit_code == 0);
    const json result = json::parse(throng::test::read_text(dir.path() / "out" / "result.json"));
    CHECK(result["total"]["requests"] == 600);
    CHECK(result["total"]["errors"]["total"] == 0);
}

TEST_CASE("a hostile unknown key is answered quickly, in a message of bounded size", "[integration][cli]") {
    TempDir dir;
    const std::string long_key(55'000, 'k');
    const auto file = dir.write("s.json", R"({"name": "s", "target": "http://127.0.0.1:1", ")" + long_key +
                                              R"(": 1, "executor": {"type": ")" + std::string(250'000, 'v') +
                                              R"(", "vus": 1, "duration": "1s"},
        "steps": [{"name": "x", "http": {"pth": "/"}}]})");
    const auto r = run_process({throng_binary, "validate", file.string()}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("unknown key `kkkk") != std::string::npos);
    CHECK(r.err.find("more bytes") != std::string::npos);
    CHECK(r.err.find("got \"vvvv") != std::string::npos);
    CHECK(r.err.find("did you mean `path`?") != std::string::npos);
    CHECK(r.err.size() < 4000);  // the keys themselves are 305 KB
}
