// Nothing lost, nothing false: outputs that cannot be written are found
// before the load, and a run killed mid-way leaves its own checkpoint, never
// an earlier run's "passed".
#include <catch2/catch.hpp>

#include <csignal>
#include <nlohmann/json.hpp>

#include "examples/demo-service/demo_service.hpp"
#include "support/machine_speed.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/throng_runs.hpp"

using nlohmann::json;
using throng::test::run_process;
using throng::test::TempDir;
using throng::test::throng_binary;

TEST_CASE("an output that cannot be written stops the run before any load", "[integration][outputs]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    dir.write("a-file", "not a folder");
    const auto attempt = [&](std::vector<std::string> extra) {
        std::vector<std::string> argv = {throng_binary, "run", "--url",  demo.base_url() + "/health", "--vus", "1",
                                         "--duration",  "30s", "--quiet"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return run_process(argv, dir.path(), std::chrono::seconds(60));
    };
    for (const auto& extra :
         std::vector<std::vector<std::string>>{{"--out", "a-file"},          // a file
                                               {"--out", "a-file/below"},    // under a file
                                               {"--out", "/proc/self/out"},  // somewhere nobody can create a folder
                                               {"--out", "ok", "--html", "a-file/r.html"},  // a report under a file
                                               {"--out", "ok", "--hlog", "a-file/logs"}}) {
        const auto r = attempt(extra);
        INFO(extra[1] << ": " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("nothing was run") != std::string::npos);
    }
    CHECK(demo.stats().requests == 0);  // not one request: found before the load
}

TEST_CASE("a killed run leaves its own incomplete checkpoint, never an earlier pass", "[integration][outputs]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    // An earlier run's result saying "passed", where CI would read it.
    std::filesystem::create_directories(dir.path() / "out");
    dir.write("out/result.json", R"({"schema_version": 2, "passed": true, "verdict": "passed"})");
    dir.write("out/report.html", "old report");
    throng::test::Process run({throng_binary, "run", "--url", demo.base_url() + "/health", "--vus", "2", "--duration",
                               "60s", "--out", "out", "--quiet"},
                              dir.path());
    const auto checkpoint = dir.path() / "out" / "result.json";
    const auto read_checkpoint = [&]() -> json {
        if (!std::filesystem::exists(checkpoint)) return json();
        return json::parse(throng::test::read_text(checkpoint), nullptr, false);
    };
    // Wait for a checkpoint with load in it (written once a second), then kill without warning.
    REQUIRE(throng::test::wait_until([&] {
        const json j = read_checkpoint();
        return j.is_object() && j.value("incomplete", false) && j["total"]["requests"].get<std::uint64_t>() > 0;
    }));
    run.signal(SIGKILL);
    run.wait(std::chrono::seconds(10));

    const json left = read_checkpoint();
    REQUIRE(left.is_object());
    CHECK(left["incomplete"] == true);
    CHECK(left["passed"] == false);
    CHECK(left["verdict"] == "incomplete");
    CHECK(left["total"]["requests"].get<std::uint64_t>() > 0);
    CHECK(!left["intervals"].empty());
    CHECK_FALSE(std::filesystem::exists(dir.path() / "out" / "report.html"));  // made from the earlier result
    CHECK(throng::test::read_text(dir.path() / "out" / "result.previous.json").find("\"passed\": true") !=
          std::string::npos);
    // Reports are refused on a checkpoint? No: it is a result like any, saying it is incomplete.
    const auto report = run_process({throng_binary, "report", "out/result.json", "--markdown", "s.md"}, dir.path());
    CHECK(report.exit_code == 0);
}
