// The demonstration from wrk2's README, as a test: a server that freezes for
// two seconds once during a constant-rate run. Service time sees only the
// requests that were in flight (at most one per VU: the tail); response time
// from the intended start sees every iteration that was due during the freeze.
//
// The bounds come from the scenario, not from how fast this machine is: the
// freeze (2 s) dwarfs any service time a slow sanitizer build under ctest -j
// gives (p99 ~170 ms seen under TSan), and the shares follow from the rate,
// the freeze and max_vus.
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
        "name": "freeze", "target": ")" + server.url() +
                                                   R"(",
        "executor": {"type": "constant-arrival-rate", "rate": "500/s", "duration": "10s",
                     "pre_allocated_vus": 20, "max_vus": 20, "graceful_stop": "5s"},
        "steps": [{"name": "health", "http": {"path": "/health"}, "timeout": "10s"}]})");
    Process run({THRONG_BINARY, "run", scenario.string(), "--out", "out", "--quiet", "--threads", "1"}, dir.path());
    std::this_thread::sleep_for(std::chrono::seconds(3));
    server.signal(SIGSTOP);
    std::this_thread::sleep_for(std::chrono::seconds(2));
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
    const double freeze_ms = 2000;
    // 1000 of the 5000 iterations were due during the freeze, 500 of them in
    // its first half: over 10% of the corrected latencies exceed half the
    // freeze, so the corrected p99 does.
    CHECK(total["response_time_ms"]["p99"].get<double>() > freeze_ms / 2);
    // On the wire, only the requests in flight waited: at most max_vus = 20
    // (0.4%), so the service-time p99 stays below half the freeze, and the
    // freeze shows from p99.9 on (each of the 20 VUs sent into it at once).
    CHECK(total["latency_ms"]["p99"].get<double>() < freeze_ms / 2);
    CHECK(total["latency_ms"]["p99.9"].get<double>() > freeze_ms / 2);
    CHECK(total["latency_ms"]["max"].get<double>() > 0.8 * freeze_ms);
    // The queue kept the iterations due during the freeze; the send lag shows their wait.
    CHECK(result["send_lag_ms"]["max"].get<double>() > 0.8 * freeze_ms);
    // Per second too, and told apart from a stall of throng's own: the worker
    // thread's event loop kept time while its iterations waited for a VU.
    const json* latest = nullptr;
    for (const auto& iv : result["intervals"])
        if (latest == nullptr || iv["send_lag_ms"]["p99"] > (*latest)["send_lag_ms"]["p99"]) latest = &iv;
    REQUIRE(latest != nullptr);
    CHECK((*latest)["send_lag_ms"]["p99"].get<double>() > freeze_ms / 2);
    CHECK((*latest)["loop_lag_ms"]["max"].get<double>() < freeze_ms / 4);
}

TEST_CASE("a closed model corrects with an expected interval when asked", "[integration][open]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    // Every service time is at least 200 ms, and the corrected histogram adds
    // the 150, 100 and 50 ms ones a VU sending every 50 ms would have seen:
    // its first quartile is far below 200 ms as long as a response takes under
    // ~750 ms, while the service time's is not.
    const auto scenario = dir.write("closed.json", R"({
        "name": "closed", "target": ")" + demo.base_url() +
                                                       R"(",
        "executor": {"type": "constant-vus", "vus": 1, "duration": "1s", "graceful_stop": "5s",
                     "expected_interval": "50ms"},
        "steps": [{"name": "slow", "http": {"path": "/slow?ms=200"}}],
        "thresholds": {"latency": ["p(25)>=200ms"], "response_time": ["p(25)<200ms"]}})");
    const auto r =
        throng::test::run_process({THRONG_BINARY, "run", scenario.string(), "--out", "out", "--quiet"}, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);  // latency is service time here; response_time the corrected one
    const json result = json::parse(throng::test::read_text(dir.path() / "out" / "result.json"));
    const auto& step = result["steps"][0];
    const auto requests = step["requests"].get<std::uint64_t>();
    REQUIRE(requests >= 1);
    // A response of L ms stands for floor(L / 50) corrected values (L, L - 50,
    // ... down to 50): the count lies between what the fastest and the slowest
    // response give (0.1% for the histogram's precision).
    const auto per_response = [](double ms) { return static_cast<std::uint64_t>(ms / 50.0); };
    const auto corrected = step["response_time_ms"]["count"].get<std::uint64_t>();
    CHECK(corrected >= requests * per_response(0.999 * step["latency_ms"]["min"].get<double>()));
    CHECK(corrected <= requests * per_response(1.001 * step["latency_ms"]["max"].get<double>()));
    CHECK(corrected >= 4 * requests);  // every response took at least 200 ms
    CHECK(step["latency_ms"]["count"] == requests);
    CHECK(result["run"]["response_time"]["kind"] == "expected_interval");
    CHECK(result["run"]["response_time"]["expected_interval_ms"] == 50.0);
    CHECK(r.out.find("expected interval of 50.0ms") != std::string::npos);
}
