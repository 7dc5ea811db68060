// The demonstration from wrk2's README, as a test: a server that freezes for
// about a second once during a constant-rate run. Service time sees only the
// ~20 requests that were in flight (the tail); response time from the
// intended start sees every iteration that was due during the freeze.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <thread>

#include "examples/demo-service/demo_service.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using throng::test::Process;
using throng::test::TempDir;

TEST_CASE("a frozen server shows in the corrected p99 and only in the service-time tail", "[integration][open]") {
    TempDir dir;
    // A standalone demo process, so it can be frozen with SIGSTOP like wrk2's ^Z.
    throng::demo::DemoService probe;
    probe.start();
    const auto port = std::to_string(probe.port());
    probe.stop();
    Process server({THRONG_BINARY, "demo", "--port", port}, dir.path());
    std::this_thread::sleep_for(std::chrono::milliseconds(300));

    const auto scenario = dir.write("co.json", R"({
        "name": "freeze", "target": "http://127.0.0.1:)" + port + R"(",
        "executor": {"type": "constant-arrival-rate", "rate": "500/s", "duration": "10s",
                     "pre_allocated_vus": 20, "max_vus": 20, "graceful_stop": "5s"},
        "steps": [{"name": "health", "http": {"path": "/health", "timeout": "5s"}}]})");
    Process run({THRONG_BINARY, "run", scenario.string(), "--out", "out", "--quiet", "--threads", "1"}, dir.path());
    std::this_thread::sleep_for(std::chrono::seconds(4));
    server.signal(SIGSTOP);
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    server.signal(SIGCONT);
    const auto r = run.wait(std::chrono::seconds(60));
    server.signal(SIGTERM);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);

    const json result = json::parse(throng::test::read_text(dir.path() / "out" / "result.json"));
    const auto& total = result["total"];
    CHECK(total["requests"].get<int>() == Approx(5000).margin(5));
    CHECK(total["errors"]["total"] == 0);
    // ~500 of 5000 iterations were due during the freeze: 10% of the corrected
    // latencies are between 0 and 1 s late, so its p99 is hundreds of ms.
    CHECK(total["response_time_ms"]["p99"].get<double>() > 300);
    // On the wire, only the ~20 requests in flight (0.4%) waited: p99 stays fast,
    // the freeze appears from p99.9 on.
    CHECK(total["latency_ms"]["p99"].get<double>() < 100);
    CHECK(total["latency_ms"]["p99.9"].get<double>() > 300);
    CHECK(total["latency_ms"]["max"].get<double>() > 800);
    // The queue kept every due iteration: none dropped, and the send lag shows the wait.
    CHECK(result["iterations"]["dropped"] == 0);
    CHECK(result["send_lag_ms"]["max"].get<double>() > 800);
}
