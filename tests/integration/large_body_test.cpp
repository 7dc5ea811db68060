// Regular expressions over very large responses: with libstdc++'s std::regex
// (recursive, once per character) these killed throng with SIGSEGV from about
// 50 KB on, and no result was written. Now they are ordinary checks.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using throng::test::run_process;
using throng::test::ScriptedServer;
using throng::test::TempDir;

TEST_CASE("regex checks and extractions on a 16 MB body run and are counted", "[integration][http]") {
    // Just within the 16 MiB a target keeps of a body by default.
    const std::string body = std::string((16 << 20) - 5, 'x') + "id=42";
    ScriptedServer server("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    TempDir dir;
    const auto file = dir.write("s.json", R"({"target": ")" + server.url() + R"(",
        "executor": {"type": "constant-vus", "vus": 1, "duration": "60s", "iterations": 3},
        "steps": [{"name": "big", "http": {"path": "/"},
                   "extract": {"prefix": {"regex": "(.*)id="}, "id": {"regex": "id=([0-9]+)$"}},
                   "checks": {"greedy": {"body_matches": ".*id=[0-9]+"}, "repeat": {"body_matches": "x+"},
                              "nested": {"body_matches": "(x+x+)+y"}}},
                  {"name": "uses id", "http": {"path": "/again?id=${id}"}, "checks": {"ok": {"status": 200}}}]})");
    const auto r = run_process({THRONG_BINARY, "run", file.string(), "--out", "out", "--quiet"}, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const json result = json::parse(throng::test::read_text(dir.path() / "out" / "result.json"));
    CHECK(result["total"]["requests"] == 6);
    CHECK(result["total"]["errors"]["total"] == 0);
    for (const auto& check : result["checks"]) {
        INFO(check["name"]);
        const bool should_pass = check["name"] != "nested";
        CHECK(check["passes"] == (should_pass ? 3 : 0));
        CHECK(check["fails"] == (should_pass ? 0 : 3));
    }
    CHECK(server.requests() == 6);
    CHECK(server.targets_seen().count("/again?id=42") == 3);  // the extraction reached the next step
}

TEST_CASE("checks and extractions are timed apart from the request", "[integration][http]") {
    const std::string body = "{\"items\": [" + std::string(1 << 20, ' ') + "1]}";
    ScriptedServer server("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    TempDir dir;
    const auto file = dir.write("s.json", R"({"target": ")" + server.url() + R"(",
        "executor": {"type": "constant-vus", "vus": 1, "duration": "60s", "iterations": 5},
        "steps": [{"name": "big", "http": {"path": "/"},
                   "checks": {"parsed": {"json": "/items/0", "equals": 1}, "matched": {"body_matches": "\\[ *1\\]"}}},
                  {"name": "plain", "http": {"path": "/plain"}}]})");
    const auto r = run_process({THRONG_BINARY, "run", file.string(), "--out", "out", "--quiet"}, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const json result = json::parse(throng::test::read_text(dir.path() / "out" / "result.json"));
    const json& big = result["steps"][0];
    // Each response's checks were timed on their own, and only the step with checks has that time.
    REQUIRE(big.contains("rules_ms"));
    CHECK(big["rules_ms"]["count"] == big["responses"]);
    CHECK(big["rules_ms"]["max"].get<double>() > 0);
    CHECK_FALSE(result["steps"][1].contains("rules_ms"));
    for (const auto& check : result["checks"]) CHECK(check["passes"] == 5);
    // The generator's own health is in the result, whatever it was on this machine.
    CHECK(result["generator"]["loop_lag_ms"]["count"].get<std::uint64_t>() > 0);
    CHECK(result["generator"]["warnings"].is_array());
}
