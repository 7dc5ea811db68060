// Compressed responses end to end: a gzip body is decoded for the step whose
// checks read it (and counted as decoded bytes beside the wire's), left alone
// for a step that reads nothing, and a body that is not what its
// Content-Encoding says is a protocol error.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/gzip.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"
#include "support/throng_runs.hpp"

namespace compression_test {

std::string reply_with(const std::string& body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace compression_test

TEST_CASE("a gzip body is decoded only for the rules that read it", "[integration][http][compression]") {
    std::string text = R"({"items": [)";
    for (int i = 0; i < 500; ++i) text += (i ? ", " : "") + std::string(R"({"name": "widget"})");
    text += R"(], "total": 500})";
    const std::string encoded = throng::test::deflated(text);
    throng::test::ScriptedServer good(compression_test::reply_with(encoded));
    throng::test::ScriptedServer bad(compression_test::reply_with("this is not gzip"));
    throng::test::TempDir dir;
    const auto run = throng::test::run_scenario(dir, R"({"targets": {
    "good": {"url": ")" + good.url() + R"(", "compression": true},
    "bad": ")" + bad.url() + R"("},
  "executor": {"type": "constant-vus", "vus": 1, "duration": "20s", "iterations": 3},
  "steps": [{"name": "read", "http": {"path": "/", "target": "good"},
             "checks": {"decoded": {"json": "/total", "equals": 500}}},
            {"name": "unread", "http": {"path": "/", "target": "good"}},
            {"name": "corrupt", "http": {"path": "/", "target": "bad"},
             "checks": {"has a body": {"body_matches": "."}}}]})");
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    const auto& steps = run.result["steps"];
    CHECK(run.result["checks"][0]["passes"] == 3);
    CHECK(steps[0]["bytes"]["decoded"] == 3 * text.size());
    CHECK(steps[0]["bytes"]["received"].get<std::uint64_t>() < 3 * text.size());  // the wire's: compressed
    CHECK(steps[0]["errors"]["total"] == 0);
    CHECK_FALSE(steps[1]["bytes"].contains("decoded"));  // nothing read it: never decoded
    CHECK(steps[1]["errors"]["total"] == 0);
    CHECK(steps[2]["errors"]["by_class"]["protocol"] == 3);
    CHECK(steps[2]["errors"]["by_code"]["bad_encoding"] == 3);
}
