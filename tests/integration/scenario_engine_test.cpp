// End to end, the engine's side of the scenario language: how phases, loops,
// pauses and scenarios with few VUs end and are measured. Each of these once
// hung a run or measured the wrong thing.
#include <catch2/catch.hpp>

#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "examples/demo-service/demo_service.hpp"
#include "support/machine_speed.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/throng_runs.hpp"

using nlohmann::json;
using throng::test::Process;
using throng::test::read_result;
using throng::test::run_process;
using throng::test::run_scenario;
using throng::test::TempDir;
using throng::test::throng_binary;

namespace {

std::uint64_t requests_of(const json& steps, const std::string& name) {
    for (const auto& s : steps)
        if (s["name"] == name) return s["requests"].get<std::uint64_t>();
    FAIL("no step " << name);
    return 0;
}

}  // namespace

TEST_CASE("setup waits for slow responses and extracts from them", "[integration][engine]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    const auto run = run_scenario(dir, R"({"target": ")" + demo.base_url() + R"(",
        "setup": [{"name": "slow", "http": {"path": "/slow?ms=300"}, "checks": {"slow ok": {"status": 200}},
                   "extract": {"word": {"regex": "sl[o]w", "group": 0}}}],
        "teardown": [{"name": "slow bye", "http": {"path": "/slow?ms=300&w=${word}"}}],
        "executor": {"type": "constant-vus", "vus": 1, "duration": "10s", "iterations": 3},
        "steps": [{"name": "uses it", "http": {"path": "/health?w=${word}"}}]})");
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    CHECK(run.result["setup"][0]["requests"] == 1);
    CHECK(run.result["setup"][0]["responses"] == 1);
    CHECK(run.result["setup_checks"][0]["passes"] == 1);
    CHECK(run.result["teardown"][0]["responses"] == 1);
    CHECK(run.result["total"]["requests"] == 3);
}

TEST_CASE("a flow whose steps are all skipped still ends on time", "[integration][engine]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    const auto run = run_scenario(dir, R"({"target": ")" + demo.base_url() + R"(",
        "executor": {"type": "constant-vus", "vus": 2, "duration": "1s"},
        "flows": [{"name": "never", "steps": [{"if": {"set": "never_set"}, "http": {"path": "/health"}}]},
                  {"name": "sometimes", "weight": 0.01, "steps": [{"name": "h", "http": {"path": "/health"}},
                     {"name": "me", "http": {"path": "/me"}, "extract": {"never_set": {"json": "/nothing"}}}]}]})");
    INFO(run.process.out << run.process.err);
    CHECK(run.process.exit_code == 0);
    // It once spun forever; now it ends with its 1 s, well before the 30 s
    // default graceful stop would cut it.
    CHECK(run.result["run"]["duration_s"].get<double>() < 30);
    CHECK(run.result["iterations"]["completed"].get<std::uint64_t>() > 0);
}

TEST_CASE("Ctrl-C does not wait for a scenario that has not started yet", "[integration][engine]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    const auto file = dir.write("s.json", R"({"target": ")" + demo.base_url() + R"(",
        "scenarios": {
          "first": {"executor": {"type": "constant-vus", "vus": 1, "duration": "30s"},
                    "steps": [{"http": {"path": "/health"}}], "think_time": {"between_iterations": "10ms"}},
          "later": {"executor": {"type": "constant-arrival-rate", "rate": "10/s", "duration": "5s"},
                    "start_after": "first", "steps": [{"http": {"path": "/health"}}]}}})");
    Process p({throng_binary, "run", file.string(), "--out", "out", "--quiet"}, dir.path());
    // Once `first` is under way (a slow build starts late), Ctrl-C.
    REQUIRE(throng::test::wait_until([&] { return demo.stats().requests > 0; }));
    p.signal(SIGINT);
    const auto r = p.wait(std::chrono::seconds(60));
    INFO(r.out << r.err);
    CHECK(r.exit_code == 4);
    const json result = read_result(dir);
    CHECK(result["run"]["duration_s"].get<double>() < 10);  // not the 30 s until `later` would start
    CHECK(result["run"]["interrupt_reason"] == "SIGINT");
}

TEST_CASE("a pause before an open model's first request is not response time", "[integration][engine]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    const auto run = run_scenario(dir, R"({"target": ")" + demo.base_url() + R"(",
        "executor": {"type": "constant-arrival-rate", "rate": "20/s", "duration": "2s", "pre_allocated_vus": 40},
        "steps": [{"pause": "1s"}, {"name": "after pause", "http": {"path": "/health"}}]})");
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    const json& step = run.result["steps"][0];
    CHECK(step["requests"] == 40);
    // Counted from the intended start, every response time would be at least
    // the 1 s pause; /health answers far sooner, even in a sanitizer build.
    CHECK(step["response_time_ms"]["p50"].get<double>() < 1000);
    CHECK(run.result["send_lag_ms"]["p50"].get<double>() < 1000);
}

TEST_CASE("limits end a scenario that has fewer VUs than there are threads", "[integration][engine]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    std::string csv = "id\n";
    for (int i = 1; i <= 20; ++i) csv += std::to_string(i) + "\n";
    dir.write("ids.csv", csv);
    const auto run = run_scenario(dir, R"({"target": ")" + demo.base_url() + R"(",
        "data": {"ids": {"file": "ids.csv", "order": "unique"}},
        "scenarios": {
          "one": {"executor": {"type": "constant-vus", "vus": 1, "duration": "30s", "iterations": 5},
                  "steps": [{"name": "limited", "http": {"path": "/health"}}]},
          "fed": {"executor": {"type": "constant-vus", "vus": 1, "duration": "30s"},
                  "steps": [{"name": "fed", "http": {"path": "/items/${ids.id}"}}]},
          "many": {"executor": {"type": "constant-vus", "vus": 4, "duration": "1s"},
                   "steps": [{"name": "busy", "http": {"path": "/health"}}],
                   "think_time": {"between_iterations": "10ms"}}}})",
                                  {"--threads", "4"});
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    CHECK(requests_of(run.result["steps"], "limited") == 5);
    CHECK(requests_of(run.result["steps"], "fed") == 20);
    CHECK(run.result["run"]["duration_s"].get<double>() < 30);  // not the 30 s
}

TEST_CASE("a counted loop runs all its passes, beyond a while loop's default bound", "[integration][engine]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    const auto run = run_scenario(dir, R"({"target": ")" + demo.base_url() + R"(",
        "executor": {"type": "constant-vus", "vus": 1, "duration": "30s", "iterations": 1},
        "steps": [{"repeat": 1500, "steps": [{"name": "again", "http": {"path": "/health"}}]}]})");
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    CHECK(requests_of(run.result["steps"], "again") == 1500);
}

TEST_CASE("a warm-up runs the load but keeps its measurements apart", "[integration][engine]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    const auto run = run_scenario(dir, R"({"target": ")" + demo.base_url() + R"(", "warmup": "2s",
        "executor": {"type": "constant-vus", "vus": 2, "duration": "5s"},
        "steps": [{"name": "item", "http": {"path": "/items/1"}, "checks": {"ok": {"status": 200}}}]})");
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    const json& r = run.result;
    REQUIRE(r.contains("warmup"));
    // The first two intervals are the warm-up's, the rest measured.
    const auto& intervals = r["intervals"];
    REQUIRE(intervals.size() >= 3);
    CHECK(intervals[0].value("warmup", false));
    CHECK(intervals[1].value("warmup", false));
    CHECK_FALSE(intervals[2].value("warmup", false));
    std::uint64_t warm = 0, measured = 0;
    for (const auto& iv : intervals)
        (iv.value("warmup", false) ? warm : measured) += iv["requests"].get<std::uint64_t>();
    // Nothing counted twice or lost: the server saw both parts, the totals hold the measured part only.
    CHECK(r["warmup"]["total"]["requests"].get<std::uint64_t>() == warm);
    CHECK(r["total"]["requests"].get<std::uint64_t>() == measured);
    CHECK(warm > 0);
    CHECK(demo.stats().requests == warm + measured);
    CHECK(r["checks"][0]["passes"].get<std::uint64_t>() == measured);
    CHECK(r["warmup"]["checks"][0]["passes"].get<std::uint64_t>() == warm);
    // Rates are over the measured part: its duration excludes the warm-up.
    CHECK(r["warmup"]["duration_s"].get<double>() >= 2.0);
    CHECK(r["run"]["duration_s"].get<double>() + r["warmup"]["duration_s"].get<double>() >= 5.0);
    CHECK(run.process.out.find("warm-up, not in the figures above: " + std::to_string(warm) + " requests") !=
          std::string::npos);
}

TEST_CASE("a scenario's own warm-up starts with it and leaves the others measured", "[integration][engine]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    const auto run = run_scenario(dir, R"({"target": ")" + demo.base_url() + R"(", "scenarios": {
        "steady": {"executor": {"type": "constant-vus", "vus": 1, "duration": "5s"}, "think_time": {"between_iterations": "5ms"},
                   "steps": [{"name": "health", "http": {"path": "/health"}}]},
        "late": {"start_after": "2s", "warmup": "2s", "think_time": {"between_iterations": "5ms"},
                 "executor": {"type": "constant-vus", "vus": 1, "duration": "3s"},
                 "steps": [{"name": "item", "http": {"path": "/items/1"}}]}}})");
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    const json& r = run.result;
    REQUIRE(r.contains("warmup"));
    // "late" warms up from 2 s to 4 s of the run; "steady" is measured all along.
    std::uint64_t warm_items = 0, measured_items = 0;
    const auto& intervals = r["intervals"];
    for (std::size_t k = 0; k < intervals.size(); ++k) {
        const json& iv = intervals[k];
        CHECK_FALSE(iv.value("warmup", false));  // never every running scenario at once
        CHECK_FALSE(iv["histograms"][0].value("warmup", false));
        const bool warm = iv["histograms"][1].value("warmup", false);
        const auto items = iv["histograms"][1]["requests"].get<std::uint64_t>();
        if (items > 0) CHECK(warm == (k < 4));
        (warm ? warm_items : measured_items) += items;
    }
    CHECK(warm_items > 0);
    CHECK(measured_items > 0);
    CHECK(requests_of(r["warmup"]["steps"], "item") == warm_items);
    CHECK(requests_of(r["steps"], "item") == measured_items);
    CHECK(requests_of(r["warmup"]["steps"], "health") == 0);
    CHECK(requests_of(r["steps"], "health") == demo.stats().health);
    CHECK(warm_items + measured_items == demo.stats().items);
    CHECK(r["total"]["requests"].get<std::uint64_t>() == demo.stats().health + measured_items);
    // No second was warm-up only: the run's duration is all of it.
    CHECK(r["warmup"]["duration_s"].get<double>() == 0);
    CHECK(r["run"]["duration_s"].get<double>() >= 5.0);
}

TEST_CASE("a warm-up of N iterations ends at the first interval after the Nth", "[integration][engine]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    const auto run = run_scenario(dir, R"({"target": ")" + demo.base_url() + R"(", "warmup": {"iterations": 15},
        "executor": {"type": "constant-vus", "vus": 1, "duration": "4s"}, "pacing": "100ms",
        "steps": [{"name": "item", "http": {"path": "/items/1"}}]})");
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    const json& r = run.result;
    const auto& intervals = r["intervals"];
    // The warm intervals come first, and the last of them completed the 15th iteration.
    std::size_t warm = 0;
    while (warm < intervals.size() && intervals[warm].value("warmup", false)) ++warm;
    REQUIRE(warm >= 1);
    for (std::size_t k = warm; k < intervals.size(); ++k) CHECK_FALSE(intervals[k].value("warmup", false));
    std::uint64_t before_last = 0, warm_requests = 0;
    for (std::size_t k = 0; k < warm; ++k) {
        if (k + 1 < warm) before_last += intervals[k]["iterations"].get<std::uint64_t>();
        warm_requests += intervals[k]["requests"].get<std::uint64_t>();
    }
    const auto warm_iterations = r["warmup"]["iterations"]["completed"].get<std::uint64_t>();
    CHECK(before_last < 15);
    CHECK(warm_iterations >= 15);
    CHECK(r["warmup"]["total"]["requests"].get<std::uint64_t>() == warm_requests);
    CHECK(r["warmup"]["total"]["requests"].get<std::uint64_t>() + r["total"]["requests"].get<std::uint64_t>() ==
          demo.stats().items);
    CHECK(r["iterations"]["completed"].get<std::uint64_t>() > 0);
}
