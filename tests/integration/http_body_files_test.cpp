// Bodies from files end to end: an http step's "@path" body and its
// multipart parts reach the demo service's /echo byte for byte, files read
// relative to the scenario.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "examples/demo-service/demo_service.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/throng_runs.hpp"

TEST_CASE("a file body is sent as it is, multipart parts carry fields and files", "[integration][http]") {
    throng::demo::DemoService demo;
    demo.start();
    const throng::test::TempDir dir;
    dir.write("scenarios/data/order.json", R"({"id": 42, "note": "${kept}"})");
    dir.write("scenarios/data/note.txt", "hello from a file\n");
    const auto file = dir.write("scenarios/files.json", R"({"target": ")" + demo.base_url() + R"(",
  "executor": {"type": "constant-vus", "vus": 2, "duration": "20s", "iterations": 4},
  "steps": [
    {"name": "file", "http": {"method": "POST", "path": "/echo", "body": "@data/order.json"},
     "checks": {"verbatim": {"body_matches": "^\\{\"id\": 42, \"note\": \"\\$\\{kept\\}\"\\}$"}}},
    {"name": "at sign", "http": {"method": "POST", "path": "/echo", "body": "@@handle ${vu}"},
     "checks": {"literal @": {"body_matches": "^@handle [12]$"}}},
    {"name": "upload", "http": {"method": "POST", "path": "/echo",
                                "multipart": {"user": "vu${vu}",
                                              "doc": {"file": "data/note.txt", "content_type": "text/plain"}}},
     "checks": {"type": {"header": "Content-Type", "matches": "^multipart/form-data; boundary=throng-[0-9a-f]{16}$"},
                "field": {"body_matches": "^--throng-[0-9a-f]{16}\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nvu[12]\r\n--"},
                "file": {"body_matches": "name=\"doc\"; filename=\"note.txt\"\r\nContent-Type: text/plain\r\n\r\nhello from a file\n\r\n--throng-[0-9a-f]{16}--\r\n$"}}}]})");
    const auto r = throng::test::run_process(
        {throng::test::throng_binary, "run", file.string(), "--out", "out", "--quiet"}, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json result = throng::test::read_result(dir);
    CHECK(result["total"]["requests"] == 12);
    REQUIRE(result["checks"].size() == 5);
    for (const auto& check : result["checks"]) {
        INFO(check.dump());
        CHECK(check["passes"] == 4);
        CHECK(check["fails"] == 0);
    }
}

TEST_CASE("a body file or multipart file that cannot be read is an error with its place", "[integration][http]") {
    const throng::test::TempDir dir;
    const auto file = dir.write("missing.json", R"({"target": "http://127.0.0.1:1",
  "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
  "steps": [{"name": "a", "http": {"method": "POST", "path": "/", "body": "@nowhere.json"}},
            {"name": "b", "http": {"method": "POST", "path": "/", "multipart": {"f": {"file": "gone.bin"}}}},
            {"name": "c", "http": {"method": "POST", "path": "/", "body": "@/dev/zero"}}]})");
    const auto r = throng::test::run_process({throng::test::throng_binary, "validate", file.string()}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("missing.json:3:75: error: `body` in http step: cannot open the file " +
                     (dir.path() / "nowhere.json").string()) != std::string::npos);
    CHECK(r.err.find("missing.json:4:95: error: `file` of multipart part `f`: cannot open the file " +
                     (dir.path() / "gone.bin").string()) != std::string::npos);
    // A device would never end (a FIFO would block): only regular files, of at most 64 MiB.
    CHECK(r.err.find("missing.json:5:75: error: `body` in http step: /dev/zero is not a regular file") !=
          std::string::npos);
}
