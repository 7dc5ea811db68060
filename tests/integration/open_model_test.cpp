// Open-model accounting: every iteration the schedule made due is either
// started or counted as dropped; none is lost. The tests assert that
// invariant, not how many started: a slow build (sanitizers) on a busy
// machine may legitimately fall behind and drop. The schedule's exactness is
// proven in tests/unit/engine/arrival_schedule_test.cpp, and measured by
// bench/rate-accuracy.sh.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "examples/demo-service/demo_service.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using throng::test::run_process;
using throng::test::TempDir;

namespace {
json run_open(const std::string& url, const std::string& executor, const std::string& path, int threads) {
    TempDir dir;
    const auto file = dir.write("s.json", R"({"name": "open", "target": ")" + url + R"(", "executor": )" + executor +
                                              R"(, "steps": [{"name": "s", "http": {"path": ")" + path + R"("}}]})");
    const auto r = run_process(
        {THRONG_BINARY, "run", file.string(), "--out", "out", "--quiet", "--threads", std::to_string(threads)},
        dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(throng::test::read_text(dir.path() / "out" / "result.json"));
}
std::uint64_t started(const json& result) {
    std::uint64_t n = 0;
    for (const auto& iv : result["intervals"]) n += iv["started"].get<std::uint64_t>();
    return n;
}
std::uint64_t dropped(const json& result) { return result["iterations"]["dropped"].get<std::uint64_t>(); }
// Everything started ended: completed (no iteration was cut here).
void check_started_ones_ran(const json& result) {
    CHECK(result["iterations"]["completed"].get<std::uint64_t>() == started(result));
    CHECK(result["iterations"]["interrupted"] == 0);
    CHECK(result["total"]["requests"].get<std::uint64_t>() == started(result));
}
}  // namespace

TEST_CASE("an open model starts exactly the iterations its schedule makes due", "[integration][open]") {
    throng::demo::DemoService demo;
    demo.start();
    for (int threads : {1, 2}) {
        const json result = run_open(demo.base_url(),
                                     R"({"type": "constant-arrival-rate", "rate": "1000/s", "duration": "2s",
                                         "pre_allocated_vus": 20, "max_vus": 100})",
                                     "/health", threads);
        CHECK(started(result) + dropped(result) == 2000);
        CHECK(started(result) > 0);
        check_started_ones_ran(result);
        CHECK(result["open_model"] == true);
        CHECK(result["run"]["executor"] == "constant-arrival-rate");
    }
}

TEST_CASE("a ramping arrival rate starts the area under its ramp", "[integration][open]") {
    throng::demo::DemoService demo;
    demo.start();
    const json result = run_open(demo.base_url(),
                                 R"({"type": "ramping-arrival-rate", "start_rate": 0,
                                     "stages": [{"duration": "2s", "target": "1000/s"}, {"duration": "1s", "target": "1000/s"}],
                                     "pre_allocated_vus": 10, "max_vus": 50})",
                                 "/health", 2);
    // 1000 on the ramp (a triangle), 1000 on the plateau.
    CHECK(started(result) + dropped(result) == 2000);
    check_started_ones_ran(result);
    // On the ramp, 250 t^2 iterations are due by t seconds: the first interval
    // cannot have started more than were due by its end (measured, since a
    // busy machine may close it late).
    const auto& first = result["intervals"][0];
    const double end_s = first["start_s"].get<double>() + first["length_s"].get<double>();
    CHECK(first["started"].get<double>() <= 250 * end_s * end_s + 1);
}

TEST_CASE("a saturated open model drops and counts, or queues up to its bound", "[integration][open]") {
    throng::demo::DemoService demo;
    demo.start();
    // 2 VUs that each need 200 ms cannot start 50 iterations a second.
    const std::string busy =
        R"("rate": "50/s", "duration": "2s", "pre_allocated_vus": 2, "max_vus": 2, "graceful_stop": "5s")";
    const json dropping =
        run_open(demo.base_url(), R"({"type": "constant-arrival-rate", )" + busy + R"(, "on_saturation": "drop"})",
                 "/slow?ms=200", 1);
    const auto dropped = dropping["iterations"]["dropped"].get<std::uint64_t>();
    CHECK(dropped > 60);
    CHECK(started(dropping) + dropped == 100);
    // Dropped iterations never waited: the corrected latency stays near the
    // service time (queued ones would have waited seconds: 2 s of a backlog
    // growing by 40 a second, served 10 a second).
    CHECK(dropping["total"]["response_time_ms"]["p99"].get<double>() <
          1.5 * dropping["total"]["latency_ms"]["p99"].get<double>());

    const json bounded = run_open(
        demo.base_url(), R"({"type": "constant-arrival-rate", )" + busy + R"(, "max_queue": 5})", "/slow?ms=200", 1);
    CHECK(started(bounded) + bounded["iterations"]["dropped"].get<std::uint64_t>() == 100);
    CHECK(bounded["iterations"]["dropped"].get<std::uint64_t>() > 50);
    // Queued iterations kept their intended start, so they show their wait.
    CHECK(bounded["total"]["response_time_ms"]["max"].get<double>() > 400);
}

TEST_CASE("a VU pool that grows on demand loses no iteration", "[integration][open]") {
    throng::demo::DemoService demo;
    demo.start();
    // One VU to start with; 5 ms per iteration at 1000/s needs about five.
    const json result = run_open(demo.base_url(),
                                 R"({"type": "constant-arrival-rate", "rate": "1000/s", "duration": "2s",
                                     "pre_allocated_vus": 1, "max_vus": 100})",
                                 "/items/1?delay_ms=5", 1);
    CHECK(started(result) + dropped(result) == 2000);
    check_started_ones_ran(result);
    int most_vus = 0;
    for (const auto& iv : result["intervals"]) most_vus = std::max(most_vus, iv["vus"].get<int>());
    CHECK(most_vus > 1);  // the pool grew
}

TEST_CASE("an iterations limit in an open model runs what it queued, dropping nothing", "[integration][open]") {
    throng::demo::DemoService demo;
    demo.start();
    // One VU doing 20 ms iterations or longer cannot keep up with 200/s: the
    // queue grows until the limit of 40 is reached; those 40 still run.
    const json result = run_open(demo.base_url(),
                                 R"({"type": "constant-arrival-rate", "rate": "200/s", "duration": "10s",
                                     "pre_allocated_vus": 1, "max_vus": 1, "iterations": 40, "graceful_stop": "10s"})",
                                 "/items/1?delay_ms=20", 1);
    CHECK(result["iterations"]["completed"] == 40);
    CHECK(result["iterations"]["dropped"] == 0);
    CHECK(result["run"]["duration_s"].get<double>() < 10);  // ended by the limit, not the 10 s schedule
}
