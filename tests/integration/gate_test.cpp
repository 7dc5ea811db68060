// The regression gate end to end: the real throng binary against demo
// services, one of them deliberately slower (throng demo --extra-latency).
// The slowdown (every /items delay doubled, around 20 ms) dwarfs what any
// build or a busy machine adds, so the verdicts do not depend on its speed.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/demo_process.hpp"
#include "support/json_schema.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/throng_runs.hpp"

using nlohmann::json;
using throng::test::run_process;
using throng::test::source_dir;
using throng::test::TempDir;
using throng::test::throng_binary;

namespace {

// An open model (the same load whatever the latency), long enough to resample
// (6 intervals). The generator's own bounds (loop lag, send lag) keep their
// defaults: a starved generator makes a comparison invalid rather than a
// false regression, and the tests below try such a run again.
std::string gate_scenario(const std::string& url) {
    return R"({"name": "gate", "target": ")" + url + R"(",
      "executor": {"type": "constant-arrival-rate", "rate": "40/s", "duration": "6s", "pre_allocated_vus": 20, "max_vus": 60},
      "steps": [{"name": "item", "http": {"path": "/items/${random_int(1,100)}"}}],
      "gate": {"latency": {"p50": "+10%", "p95": "+10%"}, "errors": "+1%",
               "invalid_if": {"worker_busy": "100%"}}})";
}

json read_json(const std::filesystem::path& path) { return json::parse(throng::test::read_text(path)); }

// Runs `command` (which writes `result` in `dir`) until its comparison is not
// invalid, three times at most: under sanitizers or on a busy machine the
// generator may fall behind, and then the gate rightly refuses to judge.
throng::test::ProcessResult judged_run(const std::vector<std::string>& command, const std::filesystem::path& dir,
                                       const std::filesystem::path& result) {
    auto r = run_process(command, dir);
    for (int attempt = 1; attempt < 3 && r.exit_code == 6; ++attempt) {
        const json written = read_json(dir / result);
        if (written["comparison"].value("verdict", "") != "invalid") break;
        WARN("the comparison was invalid (" << written["comparison"]["invalid_reasons"].dump() << "): again");
        r = run_process(command, dir);
    }
    return r;
}

// Runs `command` (which writes the baseline `result` in `dir`) until the gate
// would judge against it, three times at most: a baseline whose generator
// stalled (e.g. send lag over its bound while another process keeps a core
// busy) makes every later comparison invalid, so retrying those alone cannot
// help. `throng compare` of the result with itself says whether it is usable.
throng::test::ProcessResult baseline_run(const std::vector<std::string>& command, const std::filesystem::path& dir,
                                         const std::string& result) {
    auto r = run_process(command, dir);
    for (int attempt = 1; attempt < 3 && r.exit_code == 0; ++attempt) {
        const auto self = run_process({throng_binary, "compare", result, result}, dir);
        if (self.exit_code != 6) break;
        WARN("the gate would not judge against this baseline (" << self.out << "): again");
        r = run_process(command, dir);
    }
    return r;
}

// A standalone demo whose items take about 20 ms (x factor).
struct SlowDemo {
    SlowDemo(const std::filesystem::path& dir, const std::string& extra)
        : process(throng_binary, dir, {"--item-median-ms", "20", "--item-sigma", "0.2", "--extra-latency", extra}) {}
    throng::test::DemoProcess process;
};

}  // namespace

TEST_CASE("gate: a run compared with itself passes, a twice slower one is a regression",
          "[integration][gate][heavy][serial]") {
    TempDir dir;
    SlowDemo normal(dir.path(), "0%");
    SlowDemo slower(dir.path(), "100%");
    dir.write("gate.json", gate_scenario(normal.process.url()));

    const auto base =
        baseline_run({throng_binary, "run", "gate.json", "--out", "base", "--quiet"}, dir.path(), "base/result.json");
    INFO(base.out << base.err);
    REQUIRE(base.exit_code == 0);
    CHECK(std::filesystem::exists(dir.path() / "base" / "report.html"));  // written by default

    // The same service again, judged against the first run by file: whatever
    // noise makes of it, never a regression.
    const auto same = run_process({throng_binary, "run", "gate.json", "--out", "same", "--quiet", "--baseline",
                                   "base/result.json", "--report", "junit,md"},
                                  dir.path());
    INFO(same.out << same.err);
    CHECK((same.exit_code == 0 || same.exit_code == 6));
    const json same_result = read_json(dir.path() / "same" / "result.json");
    REQUIRE(same_result.contains("comparison"));
    CHECK(same_result["comparison"]["verdict"] != "regression");
    CHECK(same.out.find("compared with baseline base/result.json") != std::string::npos);
    for (const char* file : {"report.html", "junit.xml", "summary.md"})
        CHECK(std::filesystem::exists(dir.path() / "same" / file));
    std::string why;
    CHECK(throng::test::validates_against(source_dir + "/reports/result.schema.json",
                                          dir.path() / "same" / "result.json", why));
    INFO(why);

    // The slower service, by --target (the scenario hash leaves the address out).
    const auto slow = judged_run({throng_binary, "run", "gate.json", "--out", "slow", "--quiet", "--target",
                                  slower.process.url(), "--baseline", "base/result.json"},
                                 dir.path(), "slow/result.json");
    INFO(slow.out << slow.err);
    CHECK(slow.exit_code == 5);
    const json slow_result = read_json(dir.path() / "slow" / "result.json");
    CHECK(slow_result["verdict"] == "regression");
    CHECK(slow_result["comparison"]["verdict"] == "regression");
    for (const auto& m : slow_result["comparison"]["metrics"])
        if (m["metric"] == "latency") {
            CHECK(m["verdict"] == "regression");
            CHECK(m["change"].get<double>() > 0.5);
        }
    CHECK(slow.out.find("regression") != std::string::npos);

    // throng compare on the files gives the same verdicts.
    const auto compared = run_process({throng_binary, "compare", "base/result.json", "slow/result.json"}, dir.path());
    CHECK(compared.exit_code == 5);
    CHECK(compared.out.find("latency p95") != std::string::npos);

    // A baseline of another scenario makes the comparison invalid, saying why.
    dir.write("other.json", R"({"name": "gate", "target": ")" + normal.process.url() + R"(",
      "executor": {"type": "constant-arrival-rate", "rate": "40/s", "duration": "6s", "pre_allocated_vus": 20},
      "steps": [{"name": "item", "http": {"path": "/health"}}]})");
    const auto other = run_process({throng_binary, "run", "other.json", "--out", "other", "--quiet"}, dir.path());
    REQUIRE(other.exit_code == 0);
    const auto invalid = run_process({throng_binary, "compare", "base/result.json", "other/result.json"}, dir.path());
    CHECK(invalid.exit_code == 6);
    CHECK(invalid.out.find("the scenarios differ") != std::string::npos);
}

TEST_CASE("gate: report, merge and --repeat work from result.json alone", "[integration][gate]") {
    TempDir dir;
    SlowDemo demo(dir.path(), "0%");
    std::string scenario = gate_scenario(demo.process.url());
    scenario.replace(scenario.find("\"6s\""), 4, "\"2s\"");
    dir.write("short.json", scenario);

    const auto twice = run_process(
        {throng_binary, "run", "short.json", "--out", "twice", "--quiet", "--repeat", "2", "--report", "junit,md"},
        dir.path());
    INFO(twice.out << twice.err);
    REQUIRE(twice.exit_code == 0);
    const json repeated = read_json(dir.path() / "twice" / "result.json");
    REQUIRE(repeated["runs"].size() == 2);
    CHECK(repeated["runs"][1]["first_interval"].get<std::size_t>() ==
          repeated["runs"][0]["intervals"].get<std::size_t>());
    std::uint64_t started = 0;
    for (const auto& iv : repeated["intervals"]) started += iv["started"].get<std::uint64_t>();
    CHECK(started + repeated["iterations"]["dropped"].get<std::uint64_t>() == 160);  // 2 runs of 2 s at 40/s

    // Every report again from the result alone: the same bytes as the run wrote.
    const auto again = run_process({throng_binary, "report", "twice/result.json", "--html", "again/report.html",
                                    "--junit", "again/junit.xml", "--markdown", "again/summary.md"},
                                   dir.path());
    INFO(again.out << again.err);
    REQUIRE(again.exit_code == 0);
    for (const char* file : {"report.html", "junit.xml", "summary.md"})
        CHECK(throng::test::read_text(dir.path() / "again" / file) ==
              throng::test::read_text(dir.path() / "twice" / file));
    const auto summary = run_process({throng_binary, "report", "twice/result.json"}, dir.path());
    CHECK(summary.exit_code == 0);
    CHECK(summary.out.find("item") != std::string::npos);

    // Merging the two single runs gives a result of two runs with every count added.
    const auto one = run_process({throng_binary, "run", "short.json", "--out", "one", "--quiet"}, dir.path());
    const auto two = run_process({throng_binary, "run", "short.json", "--out", "two", "--quiet"}, dir.path());
    REQUIRE(one.exit_code == 0);
    REQUIRE(two.exit_code == 0);
    const auto merge = run_process(
        {throng_binary, "merge", "one/result.json", "two/result.json", "-o", "merged.json", "-q"}, dir.path());
    INFO(merge.out << merge.err);
    REQUIRE(merge.exit_code == 0);
    const json a = read_json(dir.path() / "one" / "result.json"), b = read_json(dir.path() / "two" / "result.json");
    const json merged = read_json(dir.path() / "merged.json");
    CHECK(merged["runs"].size() == 2);
    CHECK(merged["total"]["requests"].get<std::uint64_t>() ==
          a["total"]["requests"].get<std::uint64_t>() + b["total"]["requests"].get<std::uint64_t>());
    CHECK(merged["total"]["latency_ms"]["count"].get<std::uint64_t>() ==
          a["total"]["latency_ms"]["count"].get<std::uint64_t>() +
              b["total"]["latency_ms"]["count"].get<std::uint64_t>());
    std::string why;
    CHECK(throng::test::validates_against(source_dir + "/reports/result.schema.json", dir.path() / "merged.json", why));
    INFO(why);

    // Results of different scenarios, or from a newer throng, are refused with a clear message.
    json renamed = a;
    renamed["scenario"]["name"] = "another";
    dir.write("renamed.json", renamed.dump());
    const auto refused =
        run_process({throng_binary, "merge", "one/result.json", "renamed.json", "-o", "x.json"}, dir.path());
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("different scenarios") != std::string::npos);
    json future = a;
    future["schema_version"] = 99;
    dir.write("future.json", future.dump());
    const auto newer = run_process({throng_binary, "report", "future.json"}, dir.path());
    CHECK(newer.exit_code == 2);
    CHECK(newer.err.find("newer throng") != std::string::npos);
}

TEST_CASE("gate: throng ab runs both targets in turn and judges B against A", "[integration][gate][heavy][serial]") {
    TempDir dir;
    SlowDemo normal(dir.path(), "0%");
    SlowDemo slower(dir.path(), "100%");
    std::string scenario = gate_scenario(normal.process.url());
    scenario.replace(scenario.find("\"6s\""), 4, "\"3s\"");
    dir.write("ab.json", scenario);
    // Two rounds of 3 s per side: 6 intervals each, in the order A B B A.
    const auto r = judged_run({throng_binary, "ab", "ab.json", "--a", normal.process.url(), "--b", slower.process.url(),
                               "--rounds", "2", "--out", "ab"},
                              dir.path(), "ab/result.json");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 5);
    const json b = read_json(dir.path() / "ab" / "result.json");
    CHECK(b["runs"].size() == 2);
    CHECK(b["comparison"]["verdict"] == "regression");
    CHECK(read_json(dir.path() / "ab" / "a.json")["runs"].size() == 2);
    CHECK(r.err.find("round 2 of 2: A") != std::string::npos);  // the second pair starts with B, ends with A
}
