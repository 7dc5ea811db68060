// The demonstration from wrk2's README, as a test: a server that freezes for
// about a second once during a constant-rate run. Service time sees only the
// ~20 requests that were in flight (the tail); response time from the
// intended start sees every iteration that was due during the freeze.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <thread>

#include "examples/demo-service/demo_service.hpp"
#include "support/demo_process.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using throng::test::Process;
using throng::test::TempDir;

TEST_CASE("a frozen server shows in the corrected p99 and only in the service-time tail", "[integration][open]") {
    TempDir dir;
    // A standalone demo process, so it can be frozen with SIGSTOP like wrk2's ^Z.
    throng::test::DemoProcess server(THRONG_BINARY, dir.path());

    const auto scenario = dir.write("co.json", R"({
        "name": "freeze", "target": ")" + server.url() + R"(",
        "executor": {"type": "constant-arrival-rate", "rate": "500/s", "duration": "10s",
                     "pre_allocated_vus": 20, "max_vus": 20, "graceful_stop": "5s"},
        "steps": [{"name": "health", "http": {"path": "/health"}, "timeout": "5s"}]})");
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
    // Every due iteration started or was counted (a slow sanitizer build may
    // leave a few queued at the very end, which count as dropped).
    std::uint64_t started = 0;
    for (const auto& iv : result["intervals"]) started += iv["started"].get<std::uint64_t>();
    CHECK(started + result["iterations"]["dropped"].get<std::uint64_t>() == 5000);
    CHECK(total["requests"].get<std::uint64_t>() == started);
    CHECK(total["errors"]["total"] == 0);
    // ~500 of 5000 iterations were due during the freeze: 10% of the corrected
    // latencies are between 0 and 1 s late, so its p99 is hundreds of ms.
    CHECK(total["response_time_ms"]["p99"].get<double>() > 300);
    // On the wire, only the ~20 requests in flight (0.4%) waited: p99 stays fast,
    // the freeze appears from p99.9 on.
    CHECK(total["latency_ms"]["p99"].get<double>() < 100);
    CHECK(total["latency_ms"]["p99.9"].get<double>() > 300);
    CHECK(total["latency_ms"]["max"].get<double>() > 800);
    // The queue kept the iterations due during the freeze; the send lag shows their wait.
    CHECK(result["send_lag_ms"]["max"].get<double>() > 800);
}

TEST_CASE("a closed model corrects with an expected interval when asked", "[integration][open]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    const auto scenario = dir.write("closed.json", R"({
        "name": "closed", "target": ")" + demo.base_url() + R"(",
        "executor": {"type": "constant-vus", "vus": 1, "duration": "1s", "graceful_stop": "2s",
                     "expected_interval": "50ms"},
        "steps": [{"name": "slow", "http": {"path": "/slow?ms=200"}}],
        "thresholds": {"latency": ["p(50)>=200ms"], "response_time": ["p(50)<200ms"]}})");
    const auto r = throng::test::run_process({THRONG_BINARY, "run", scenario.string(), "--out", "out", "--quiet"},
                                             dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);  // latency is service time here; response_time the corrected one
    const json result = json::parse(throng::test::read_text(dir.path() / "out" / "result.json"));
    const auto& step = result["steps"][0];
    const auto requests = step["requests"].get<std::uint64_t>();
    CHECK(requests >= 4);
    // Each ~200 ms response also stands for the 150, 100 and 50 ms ones a VU
    // sending every 50 ms would have seen (a little over 200 ms can add one more).
    const auto corrected = step["response_time_ms"]["count"].get<std::uint64_t>();
    CHECK(corrected >= 4 * requests);
    CHECK(corrected <= 5 * requests);
    CHECK(step["latency_ms"]["count"] == requests);
    CHECK(result["run"]["response_time"]["kind"] == "expected_interval");
    CHECK(result["run"]["response_time"]["expected_interval_ms"] == 50.0);
    CHECK(r.out.find("expected interval of 50.0ms") != std::string::npos);
}
