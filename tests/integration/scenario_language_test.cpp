// End to end, the scenario language's behaviour: a demo service that records
// every request it reads shows what throng sent (flow weights, feeder rows,
// correlated tokens, seeded sequences), and result.json and the exit code show
// checks, thresholds and abort_on_fail.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <cmath>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "examples/demo-service/demo_service.hpp"
#include "support/machine_speed.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/throng_runs.hpp"

using nlohmann::json;
using throng::test::run_process;
using throng::test::run_scenario;
using throng::test::TempDir;
using throng::test::throng_binary;

namespace {

// The demo service, remembering every request it read and when.
class RecordingDemo {
public:
    RecordingDemo() : service_(config()) { service_.start(); }
    std::string url() const { return service_.base_url(); }
    std::vector<throng::demo::SeenRequest> seen() {
        std::lock_guard lock(mutex_);
        return seen_;
    }
    std::vector<std::chrono::steady_clock::time_point> times() {
        std::lock_guard lock(mutex_);
        return times_;
    }
    void clear() {
        std::lock_guard lock(mutex_);
        seen_.clear();
        times_.clear();
    }

private:
    throng::demo::DemoConfig config() {
        throng::demo::DemoConfig c;
        c.item_median_ms = 0;  // answer at once: the tests are about what is sent
        c.threads = 2;
        c.on_request = [this](const throng::demo::SeenRequest& r) {
            std::lock_guard lock(mutex_);
            seen_.push_back(r);
            times_.push_back(std::chrono::steady_clock::now());
        };
        return c;
    }
    std::mutex mutex_;
    std::vector<throng::demo::SeenRequest> seen_;
    std::vector<std::chrono::steady_clock::time_point> times_;
    throng::demo::DemoService service_;
};

const json& check_named(const json& result, const std::string& name) {
    for (const auto& c : result["checks"])
        if (c["name"] == name) return c;
    FAIL("no check " << name);
    static const json none;
    return none;
}

}  // namespace

TEST_CASE("flow weights hold within statistical tolerance", "[integration][language]") {
    RecordingDemo demo;
    TempDir dir;
    const int n = 2000;
    const auto run = run_scenario(dir,
                                  R"({"target": ")" + demo.url() + R"(",
        "executor": {"type": "constant-vus", "vus": 4, "duration": "60s", "iterations": )" +
                                      std::to_string(n) + R"(},
        "flows": [{"name": "a", "weight": 3, "steps": [{"http": {"path": "/items/1"}}]},
                  {"name": "b", "weight": 1, "steps": [{"http": {"path": "/items/2"}}]}]})",
                                  {"--threads", "2"});
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    int a = 0, b = 0;
    for (const auto& r : demo.seen()) (r.target == "/items/1" ? a : b)++;
    CHECK(a + b == n);
    // Binomial(n, 0.75): standard deviation sqrt(n p (1-p)) ~ 19.4; allow 5 of them.
    CHECK(std::abs(a - 0.75 * n) < 5 * std::sqrt(n * 0.75 * 0.25));
}

TEST_CASE("a unique feeder never repeats a row across threads and ends the run when used up",
          "[integration][language]") {
    RecordingDemo demo;
    TempDir dir;
    std::string csv = "id,name\n";
    const int rows = 300;
    for (int i = 1; i <= rows; ++i) csv += std::to_string(i) + ",user" + std::to_string(i) + "\n";
    dir.write("users.csv", csv);
    const auto run = run_scenario(dir, R"({"target": ")" + demo.url() + R"(",
        "data": {"users": {"file": "users.csv", "order": "unique"}},
        "executor": {"type": "constant-vus", "vus": 8, "duration": "60s"},
        "steps": [{"http": {"path": "/items/${users.id}?who=${users.name}"}}]})",
                                  {"--threads", "2"});
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    std::multiset<std::string> seen;
    for (const auto& r : demo.seen()) seen.insert(r.target);
    CHECK(seen.size() == rows);
    std::set<std::string> distinct(seen.begin(), seen.end());
    CHECK(distinct.size() == rows);
    CHECK(distinct.count("/items/1?who=user1") == 1);
    CHECK(distinct.count("/items/300?who=user300") == 1);
    CHECK(run.result["run"]["duration_s"].get<double>() < 60);  // ended by the feeder, not the 60 s
}

TEST_CASE("a token extracted from a response is sent in later requests", "[integration][language]") {
    RecordingDemo demo;
    TempDir dir;
    const auto run = run_scenario(dir, R"({"target": ")" + demo.url() + R"(",
        "executor": {"type": "constant-vus", "vus": 3, "duration": "60s", "iterations": 30},
        "steps": [
          {"name": "login", "http": {"method": "POST", "path": "/login", "body": {"user": "vu${vu}"}},
           "extract": {"token": {"json": "/token"}},
           "checks": {"logged in": {"status": 200}}},
          {"name": "me", "http": {"path": "/me", "headers": {"Authorization": "Bearer ${token}"}},
           "checks": {"me ok": {"status": 200}, "it is me": {"json": "/user", "exists": true}}}
        ]})");
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    int me = 0;
    for (const auto& r : demo.seen()) {
        if (r.target != "/me") continue;
        ++me;
        CHECK(r.authorization.rfind("Bearer t-vu", 0) == 0);
    }
    CHECK(me == 30);
    CHECK(check_named(run.result, "me ok")["passes"] == 30);
    CHECK(check_named(run.result, "me ok")["fails"] == 0);
    CHECK(check_named(run.result, "it is me")["passes"] == 30);
}

TEST_CASE("setup's extracted values reach every VU, and teardown runs after the load", "[integration][language]") {
    RecordingDemo demo;
    TempDir dir;
    const auto run = run_scenario(dir, R"({"target": ")" + demo.url() + R"(",
        "setup": [{"name": "admin login", "http": {"method": "POST", "path": "/login", "body": {"user": "admin"}},
                   "extract": {"admin_token": {"json": "/token"}}}],
        "teardown": [{"name": "cleanup", "http": {"path": "/health?teardown=${admin_token}"}}],
        "executor": {"type": "constant-vus", "vus": 4, "duration": "60s", "iterations": 20},
        "steps": [{"name": "me", "http": {"path": "/me", "headers": {"Authorization": "Bearer ${admin_token}"}},
                   "checks": {"admin": {"json": "/user", "equals": "admin"}}}]})",
                                  {"--threads", "2"});
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    const auto seen = demo.seen();
    REQUIRE(seen.size() == 22);
    CHECK(seen.front().target == "/login");
    CHECK(seen.back().target == "/health?teardown=t-admin");
    for (std::size_t i = 1; i + 1 < seen.size(); ++i) CHECK(seen[i].authorization == "Bearer t-admin");
    CHECK(check_named(run.result, "admin")["passes"] == 20);
    CHECK(run.result["setup"][0]["requests"] == 1);
    CHECK(run.result["teardown"][0]["requests"] == 1);
    CHECK(run.result["total"]["requests"] == 20);  // setup and teardown are not the load
}

TEST_CASE("a failing setup stops the run before the load", "[integration][language]") {
    RecordingDemo demo;
    TempDir dir;
    const auto run = run_scenario(dir, R"({"target": ")" + demo.url() + R"(",
        "setup": [{"name": "bad login", "http": {"method": "POST", "path": "/login", "body": "nonsense"}}],
        "executor": {"type": "constant-vus", "vus": 2, "duration": "5s"},
        "steps": [{"http": {"path": "/health"}}]})");
    INFO(run.process.out << run.process.err);
    CHECK(run.process.exit_code == 3);
    CHECK(run.process.err.find("setup failed") != std::string::npos);
    CHECK(demo.seen().size() == 1);
    CHECK(run.result["total"]["requests"] == 0);
}

TEST_CASE("checks are counted per check, and thresholds on them pass and fail", "[integration][language]") {
    RecordingDemo demo;
    TempDir dir;
    const std::string base = R"({"target": ")" + demo.url() + R"(",
        "executor": {"type": "constant-vus", "vus": 2, "duration": "60s", "iterations": 400},
        "steps": [{"name": "flaky", "http": {"path": "/flaky?error_rate=0.5"},
                   "checks": {"status 200": {"status": 200}, "fast enough": {"latency_below": "10s"}}}],
        "thresholds": )";
    SECTION("a check rate threshold that holds") {
        const auto run = run_scenario(dir, base + R"({"checks{check:fast enough}": ["rate>99%"]}})");
        INFO(run.process.out << run.process.err);
        CHECK(run.process.exit_code == 0);
        const auto& check = check_named(run.result, "status 200");
        const auto passes = check["passes"].get<double>();
        const auto fails = check["fails"].get<double>();
        CHECK(passes + fails == 400);
        // Binomial(400, 0.5): standard deviation 10; allow 5 of them.
        CHECK(std::abs(passes - 200) < 50);
        CHECK(check_named(run.result, "fast enough")["passes"] == 400);
    }
    SECTION("a check rate threshold that fails") {
        const auto run = run_scenario(dir, base + R"({"checks": ["rate>99%"]}})");
        INFO(run.process.out << run.process.err);
        CHECK(run.process.exit_code == 1);
        CHECK(run.process.out.find("status 200") != std::string::npos);  // the summary names the check
    }
}

TEST_CASE("a check with abort ends the iteration: later steps do not run", "[integration][language]") {
    RecordingDemo demo;
    TempDir dir;
    const auto run = run_scenario(dir, R"({"target": ")" + demo.url() + R"(",
        "executor": {"type": "constant-vus", "vus": 1, "duration": "60s", "iterations": 200},
        "steps": [{"http": {"path": "/flaky?error_rate=0.5"}, "checks": {"ok": {"status": 200, "abort": true}}},
                  {"http": {"path": "/health"}}]})");
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    int health = 0;
    for (const auto& r : demo.seen()) health += r.target == "/health";
    CHECK(health == check_named(run.result, "ok")["passes"].get<int>());
    CHECK(health < 200);
}

TEST_CASE("abort_on_fail stops a failing run early with the threshold exit code", "[integration][language]") {
    RecordingDemo demo;
    TempDir dir;
    const auto run = run_scenario(dir, R"({"target": ")" + demo.url() + R"(",
        "executor": {"type": "constant-vus", "vus": 2, "duration": "60s"},
        "steps": [{"http": {"path": "/flaky?error_rate=1"}}],
        "thresholds": {"errors": [{"threshold": "rate<1%", "abort_on_fail": true, "delay_abort_eval": "1s"}]}})");
    INFO(run.process.out << run.process.err);
    CHECK(run.process.exit_code == 1);
    CHECK(run.result["aborted_by_threshold"] == true);
    CHECK(run.result["run"]["duration_s"].get<double>() < 60);  // not the 60 s planned
    CHECK(run.process.err.find("rate<1%") != std::string::npos);
}

TEST_CASE("a fixed seed gives the same sequence twice", "[integration][language]") {
    RecordingDemo demo;
    TempDir dir;
    const std::string text = R"({"target": ")" + demo.url() + R"(",
        "data": {"colors": {"values": ["red", "green", "blue", "cyan"], "order": "random"}},
        "executor": {"type": "constant-vus", "vus": 1, "duration": "60s", "iterations": 60},
        "think_time": {"between_iterations": {"distribution": "uniform", "min": "0ms", "max": "1ms"}},
        "flows": [{"weight": 1, "steps": [{"http": {"path": "/items/${random_int(1,1000)}?c=${colors}&id=${uuid()}"}}]},
                  {"weight": 2, "steps": [{"http": {"path": "/health?s=${random_string(8)}&p=${pick(x,y,z)}"}}]}]})";
    auto sequence = [&](const std::string& seed) {
        demo.clear();
        const auto run = run_scenario(dir, text, {"--seed", seed});
        INFO(run.process.out << run.process.err);
        REQUIRE(run.process.exit_code == 0);
        std::vector<std::string> targets;
        for (const auto& r : demo.seen()) targets.push_back(r.target);
        return targets;
    };
    const auto first = sequence("7");
    const auto second = sequence("7");
    const auto other = sequence("8");
    REQUIRE(first.size() == 60);
    CHECK(first == second);
    CHECK(first != other);
}

TEST_CASE("scenarios run side by side or one after another", "[integration][language]") {
    RecordingDemo demo;
    TempDir dir;
    const auto begin = std::chrono::steady_clock::now();
    const auto run = run_scenario(dir, R"({"target": ")" + demo.url() + R"(",
        "scenarios": {
          "browse": {"executor": {"type": "constant-vus", "vus": 2, "duration": "2s"},
                     "steps": [{"http": {"path": "/items/1"}}], "think_time": {"between_iterations": "20ms"}},
          "spike": {"executor": {"type": "constant-arrival-rate", "rate": "50/s", "duration": "1s", "pre_allocated_vus": 10},
                    "start_after": "browse", "steps": [{"http": {"path": "/health"}}]}
        }})");
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    const auto seen = demo.seen();
    const auto times = demo.times();
    std::chrono::steady_clock::time_point last_browse{}, first_spike = std::chrono::steady_clock::time_point::max();
    int spikes = 0;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        if (seen[i].target == "/items/1") last_browse = std::max(last_browse, times[i]);
        if (seen[i].target == "/health") {
            ++spikes;
            first_spike = std::min(first_spike, times[i]);
        }
    }
    // Every due spike iteration ran, or was counted as dropped if all its VUs were busy.
    CHECK(spikes + run.result["scenarios"][1]["iterations"]["dropped"].get<int>() == 50);
    CHECK(spikes > 0);
    // The spike starts when browse's load phase ends; a browse iteration begun
    // just before may still be answered a moment after (on a busy machine,
    // some time after), but not a whole second, half of browse's length.
    CHECK(last_browse < first_spike + std::chrono::seconds(1));
    CHECK(first_spike - begin >= std::chrono::seconds(2));
    REQUIRE(run.result["scenarios"].size() == 2);
    CHECK(run.result["scenarios"][1]["name"] == "spike");
    CHECK(run.result["scenarios"][1]["start_s"].get<double>() == Approx(2.0));
}

TEST_CASE("command-line overrides: --env, --set and --rate win over the file", "[integration][language]") {
    RecordingDemo demo;
    TempDir dir;
    const auto run = run_scenario(dir, R"({"target": ")" + demo.url() + R"(",
        "executor": {"type": "constant-arrival-rate", "rate": "10/s", "duration": "1s", "pre_allocated_vus": 10},
        "steps": [{"http": {"path": "/items/${env.ITEM_ID:-1}?by=${env.WHO}"}}]})",
                                  {"--env", "WHO=cli", "--set", "executor.duration=2s", "--rate", "40/s"});
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    const auto seen = demo.seen();
    // 2 s at 40/s were due: each sent, or dropped if all 10 VUs were busy.
    CHECK(seen.size() + run.result["iterations"]["dropped"].get<std::size_t>() == 80);
    CHECK(seen.size() > 40);  // more than the file's 10/s for 1 s (or 2 s) would give
    for (const auto& r : seen) CHECK(r.target == "/items/1?by=cli");
}

TEST_CASE("every bundled example scenario runs against the demo service and passes", "[integration][language]") {
    // Their latency and throughput thresholds are absolute, as a user writes
    // them: an optimized build meets them many times over; a sanitizer build
    // may not, and only those may fail there.
    const std::filesystem::path examples = std::string(THRONG_SOURCE_DIR) + "/scenarios/examples";
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(examples))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 6);
    for (const auto& file : files) {
        TempDir dir;
        const auto r = run_process({throng_binary, "run", file.string(), "--out", "out", "--quiet"}, dir.path());
        INFO(file.filename() << "\n" << r.out << r.err);
        const auto result = json::parse(throng::test::read_text(dir.path() / "out" / "result.json"));
        CHECK(result["total"]["requests"].get<std::uint64_t>() > 0);
        CHECK(throng::test::failed_for_other_reasons(result) == "");
        CHECK(r.exit_code == (throng::test::sanitized_build && !result["passed"].get<bool>() ? 1 : 0));
    }
}

TEST_CASE("validate finds a target URL the driver would refuse, with its position", "[integration][language]") {
    TempDir dir;
    const auto file = dir.write("s.json", R"({"target": "http://127.0.0.1:99999",
        "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"}, "steps": [{"http": {"path": "/"}}]})");
    const auto r = run_process({throng_binary, "validate", file.string()}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("s.json:1:12: error: target `http://127.0.0.1:99999`: the port must be") != std::string::npos);
}

TEST_CASE("only max_response_body of a body is kept for checks", "[integration][language]") {
    RecordingDemo demo;
    TempDir dir;
    // /items/1 answers {"id":1,"name":"item-1","price":...}: "price" lies beyond the first 16 bytes.
    const std::string steps = R"(, "executor": {"type": "constant-vus", "vus": 1, "duration": "30s", "iterations": 5},
        "steps": [{"http": {"path": "/items/1"}, "checks": {"has price": {"body_contains": "price"}}}]})";
    const auto small =
        run_scenario(dir, R"({"target": {"url": ")" + demo.url() + R"(", "max_response_body": "16B"})" + steps);
    INFO(small.process.out << small.process.err);
    REQUIRE(small.process.exit_code == 0);
    CHECK(check_named(small.result, "has price")["fails"] == 5);
    const auto whole =
        run_scenario(dir, R"({"target": {"url": ")" + demo.url() + R"(", "max_response_body": "1KiB"})" + steps);
    CHECK(check_named(whole.result, "has price")["passes"] == 5);
}

TEST_CASE("`set` draws one value per iteration that every later step reads", "[integration][language]") {
    RecordingDemo demo;
    TempDir dir;
    const auto run = run_scenario(dir, R"({"target": ")" + demo.url() + R"(",
        "executor": {"type": "constant-vus", "vus": 1, "duration": "60s", "iterations": 40},
        "steps": [{"set": {"id": "${random_int(1,1000000000)}", "fixed": 7}},
                  {"name": "a", "http": {"path": "/items/${id}?f=${fixed}"}},
                  {"name": "b", "http": {"path": "/items/${id}?again"}}]})");
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    const auto seen = demo.seen();
    REQUIRE(seen.size() == 80);
    std::set<std::string> ids;
    for (std::size_t i = 0; i + 1 < seen.size(); i += 2) {
        // One VU: a and b alternate; b carries a's id.
        const std::string a = seen[i].target, b = seen[i + 1].target;
        REQUIRE(a.ends_with("?f=7"));
        const std::string id = a.substr(0, a.find('?'));
        CHECK(b == id + "?again");
        ids.insert(id);
    }
    CHECK(ids.size() >= 38);  // a fresh draw per iteration (two equal draws in 1e9 are unlikely)
}
