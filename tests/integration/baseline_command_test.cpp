// `throng baseline` end to end: the real binary over a real run's result,
// its exit codes and refusals, and many pairs of saves racing each other.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "examples/demo-service/demo_service.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/throng_runs.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using throng::test::Process;
using throng::test::ProcessResult;
using throng::test::run_process;
using throng::test::source_dir;
using throng::test::TempDir;
using throng::test::throng_binary;

namespace {

ProcessResult run_throng(std::vector<std::string> args, const TempDir& dir) {
    args.insert(args.begin(), throng_binary);
    return run_process(args, dir.path(), std::chrono::seconds(60));
}

std::string fixture(const std::string& name) { return source_dir + "/tests/golden/results/" + name; }

// A fixture changed by `edit`, written into `dir`.
std::string edited_fixture(const TempDir& dir, const std::string& file_name, void (*edit)(json&)) {
    json result = json::parse(throng::test::read_text(fixture("passed.json")));
    edit(result);
    return dir.write(file_name, result.dump()).string();
}

std::vector<fs::path> entries(const fs::path& name_dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(name_dir))
        if (e.path().extension() == ".json") out.push_back(e.path());
    return out;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("baseline save, list, show and delete over a real run", "[integration][baseline]") {
    throng::demo::DemoService demo;
    demo.start();
    TempDir dir;
    const auto run = run_throng({"run", "--url", demo.base_url() + "/health", "--vus", "2", "--iterations", "200",
                                 "--duration", "20s", "--out", "out", "--quiet"},
                                dir);
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 0);
    const json result = json::parse(throng::test::read_text(dir.path() / "out" / "result.json"));

    auto r = run_throng({"baseline", "save", "out/result.json", "--name", "main"}, dir);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(has(r.out, "saved out/result.json as baseline `main`"));
    const fs::path store = dir.path() / ".throng" / "baselines";  // the default, under the current directory
    REQUIRE(entries(store / "main").size() == 1);
    CHECK(json::parse(throng::test::read_text(entries(store / "main").front())) == result);

    r = run_throng({"baseline", "list"}, dir);
    CHECK(r.exit_code == 0);
    CHECK(has(r.out, "main"));
    CHECK(has(r.out, result["scenario"]["name"].get<std::string>()));

    r = run_throng({"baseline", "show", "main"}, dir);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(has(r.out, "1 entry"));
    CHECK(has(r.out, "200 requests"));
    CHECK(has(r.out, "errors 0.00%"));
    CHECK(has(r.out, "p99 "));
    CHECK(has(r.out, result["run"]["testbed"]["kernel"].get<std::string>()));
    CHECK(has(r.out, result["scenario"]["hash"].get<std::string>()));

    REQUIRE(run_throng({"baseline", "save", "out/result.json", "--name", "main"}, dir).exit_code == 0);
    r = run_throng({"baseline", "show", "main", "--all"}, dir);
    CHECK(r.exit_code == 0);
    CHECK(has(r.out, "2 entries"));
    CHECK(has(r.out, "#0 saved"));
    CHECK(has(r.out, "#1 saved"));
    CHECK_FALSE(has(run_throng({"baseline", "show", "main"}, dir).out, "#1 saved"));

    r = run_throng({"baseline", "delete", "main"}, dir);
    CHECK(r.exit_code == 0);
    CHECK_FALSE(fs::exists(store / "main"));
    r = run_throng({"baseline", "list"}, dir);
    CHECK(r.exit_code == 0);
    CHECK(has(r.out, "no baselines"));
}

TEST_CASE("baseline refuses what would poison a gate, and says why", "[integration][baseline]") {
    TempDir dir;
    const auto interrupted = edited_fixture(dir, "interrupted.json", [](json& j) {
        j["run"]["interrupted"] = true;
        j["run"]["interrupt_reason"] = "SIGINT";
    });
    const auto future = edited_fixture(dir, "future.json", [](json& j) { j["schema_version"] = 99; });
    const auto foreign = dir.write("foreign.json", R"({"name": "not a result"})").string();
    const auto not_json = dir.write("garbage.json", "{\"schema_version\": 2,").string();

    auto r = run_throng({"baseline", "save", interrupted, "--name", "main"}, dir);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, interrupted));
    CHECK(has(r.err, "interrupted"));
    CHECK(has(r.err, "--force"));
    CHECK_FALSE(fs::exists(dir.path() / ".throng"));

    r = run_throng({"baseline", "save", future, "--name", "main"}, dir);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, "schema_version 99 is newer"));

    r = run_throng({"baseline", "save", foreign, "--name", "main"}, dir);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, foreign));
    CHECK(has(r.err, "not a throng result"));

    r = run_throng({"baseline", "save", not_json, "--name", "main"}, dir);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, not_json));

    r = run_throng({"baseline", "save", "missing.json", "--name", "main"}, dir);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, "cannot read missing.json"));
    CHECK_FALSE(fs::exists(dir.path() / ".throng"));

    // --force saves an interrupted run all the same, saying so.
    r = run_throng({"baseline", "save", interrupted, "--name", "main", "--force"}, dir);
    CHECK(r.exit_code == 0);
    CHECK(has(r.err, "interrupted"));
    CHECK(entries(dir.path() / ".throng" / "baselines" / "main").size() == 1);
}

TEST_CASE("baseline exit codes: usage, unknown names, I/O errors", "[integration][baseline]") {
    TempDir dir;
    const auto passed = fixture("passed.json");
    CHECK(run_throng({"baseline"}, dir).exit_code == 2);
    CHECK(run_throng({"baseline", "frobnicate"}, dir).exit_code == 2);
    CHECK(run_throng({"baseline", "save", passed}, dir).exit_code == 2);  // no --name
    CHECK(run_throng({"baseline", "save", passed, "--name", "main", "--keep", "0"}, dir).exit_code == 2);
    CHECK(run_throng({"baseline", "list", "extra"}, dir).exit_code == 2);
    CHECK(run_throng({"baseline", "show"}, dir).exit_code == 2);

    auto r = run_throng({"baseline", "save", passed, "--name", "feature/login"}, dir);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, "`feature/login` is not valid"));

    // --store, and unknown names answered with the names there are.
    REQUIRE(run_throng({"baseline", "save", passed, "--name", "main", "--store", "bl"}, dir).exit_code == 0);
    REQUIRE(run_throng({"baseline", "save", passed, "--name", "nightly", "--store", "bl"}, dir).exit_code == 0);
    CHECK(fs::exists(dir.path() / "bl" / "nightly"));
    r = run_throng({"baseline", "show", "mian", "--store", "bl"}, dir);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, "no baseline `mian` in bl; it holds: main, nightly"));
    r = run_throng({"baseline", "delete", "mian", "--store", "bl"}, dir);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, "main, nightly"));
    CHECK(has(run_throng({"baseline", "show", "main"}, dir).err, "it holds none"));

    // A store that cannot be written: its path runs through a file.
    dir.write("blocker", "a file, not a directory");
    r = run_throng({"baseline", "save", passed, "--name", "main", "--store", "blocker/store"}, dir);
    CHECK(r.exit_code == 3);
    CHECK(has(r.err, "cannot save " + passed));
    CHECK(has(r.err, "blocker"));
}

TEST_CASE("saves started at the same instant neither lose nor corrupt an entry", "[integration][baseline][heavy]") {
    TempDir dir;
    const auto passed = fixture("passed.json");
    const json result = json::parse(throng::test::read_text(passed));
    constexpr int rounds = 20;
    auto race = [&](const std::string& keep) {
        for (int round = 0; round < rounds; ++round) {
            std::vector<std::unique_ptr<Process>> savers;
            for (int i = 0; i < 2; ++i)
                savers.push_back(
                    std::make_unique<Process>(std::vector<std::string>{throng_binary, "baseline", "save", passed,
                                                                       "--name", "main", "--keep", keep},
                                              dir.path()));
            for (auto& saver : savers) {
                const auto r = saver->wait(std::chrono::seconds(60));
                INFO("round " << round << ": " << r.out << r.err);
                REQUIRE(r.exit_code == 0);
                CHECK(r.err.empty());
            }
        }
    };
    const fs::path main_dir = dir.path() / ".throng" / "baselines" / "main";

    race("50");
    const auto all = entries(main_dir);
    CHECK(all.size() == 2 * rounds);
    for (const auto& file : all) {
        INFO(file);
        CHECK(json::parse(throng::test::read_text(file)) == result);
    }
    // Nothing but entries and the lock file.
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(main_dir)) ++files;
    CHECK(files == 2 * rounds + 1);
    const auto show = run_throng({"baseline", "show", "main"}, dir);
    CHECK(has(show.out, std::to_string(2 * rounds) + " entries"));

    // Racing saves that prune leave exactly the newest `keep`.
    race("3");
    CHECK(entries(main_dir).size() == 3);
}
