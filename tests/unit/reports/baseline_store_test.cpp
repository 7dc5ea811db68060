#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/baseline_store.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using throng::reports::BaselineStore;
using throng::test::TempDir;

namespace {

json fixture(const std::string& name) {
    return json::parse(throng::test::read_text(fs::path(THRONG_SOURCE_DIR) / "tests/golden/results" / name));
}

// A result told apart from the others by its request count.
json numbered_result(int n) {
    json result = fixture("passed.json");
    result["total"]["requests"] = n;
    return result;
}

std::vector<std::uint64_t> requests_in(const std::vector<throng::reports::BaselineEntry>& history) {
    std::vector<std::uint64_t> out;
    for (const auto& e : history) out.push_back(e.figures.requests);
    return out;
}

std::vector<fs::path> files_in(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename() != ".lock") out.push_back(e.path());
    return out;
}

// Runs `work` in `children` forked processes at once; true if all exited 0.
template <typename Work>
bool in_parallel_processes(int children, Work work) {
    std::vector<pid_t> pids;
    for (int c = 0; c < children; ++c) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            try {
                work(c);
            } catch (...) {
                ::_exit(1);
            }
            ::_exit(0);
        }
        pids.push_back(pid);
    }
    bool all_ok = true;
    for (const pid_t pid : pids) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        all_ok = all_ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    return all_ok;
}

}  // namespace

TEST_CASE("a saved baseline is listed, described and read back unchanged", "[baseline]") {
    TempDir dir;
    BaselineStore store(dir.path() / "baselines");
    const json result = fixture("hostile.json");  // odd names and markup must survive the round trip

    const auto saved = store.save("main", result);
    CHECK(saved.name == "main");
    CHECK(saved.file.parent_path() == dir.path() / "baselines" / "main");
    CHECK(fs::exists(saved.file));
    CHECK(json::parse(throng::test::read_text(saved.file)) == result);

    CHECK(store.names() == std::vector<std::string>{"main"});
    const auto history = store.history("main");
    REQUIRE(history.size() == 1);
    const auto& e = history.front();
    CHECK(e.file == saved.file);
    CHECK(e.saved_at == saved.saved_at);
    CHECK(e.saved_at.size() == 24);  // 2026-12-04T17:28:00.123Z
    CHECK(e.saved_at[10] == 'T');
    CHECK(e.saved_at.back() == 'Z');
    CHECK(e.schema_version == 2);
    CHECK(e.scenario_name == result["scenario"]["name"]);
    CHECK(e.scenario_hash == result["scenario"]["hash"]);
    // The testbed is the machine that made the fixture: whatever it was, it is read back.
    const json& testbed = result["run"]["testbed"];
    for (const char* field : {"cpu_model", "kernel", "throng_version", "build_type", "hostname"}) {
        INFO(field);
        REQUIRE_FALSE(testbed.at(field).get<std::string>().empty());
    }
    REQUIRE(testbed.at("cores").get<int>() > 0);
    CHECK(e.testbed.recorded);
    CHECK(e.testbed.cpu_model == testbed["cpu_model"]);
    CHECK(e.testbed.cores == testbed["cores"].get<int>());
    CHECK(e.testbed.kernel == testbed["kernel"]);
    CHECK(e.testbed.throng_version == testbed["throng_version"]);
    CHECK(e.testbed.build_type == testbed["build_type"]);
    CHECK(e.testbed.hostname == testbed["hostname"]);
    REQUIRE_FALSE(result.at("throng_version").get<std::string>().empty());
    CHECK(e.throng_version == result["throng_version"]);
    CHECK(e.started_at == result["run"]["started_at"]);
    CHECK(e.verdict == "regression");
    CHECK(e.figures.requests == result["total"]["requests"].get<std::uint64_t>());
    CHECK(e.figures.p95_ms == result["total"]["latency_ms"]["p95"].get<double>());

    const auto latest = store.latest("main");
    REQUIRE(latest);
    CHECK(*latest == result);
    CHECK(store.load(e) == result);
}

TEST_CASE("history is newest first, even for saves within one millisecond", "[baseline]") {
    TempDir dir;
    BaselineStore store(dir.path());
    for (int n = 1; n <= 5; ++n) store.save("main", numbered_result(n));
    CHECK(requests_in(store.history("main")) == std::vector<std::uint64_t>{5, 4, 3, 2, 1});
    const auto history = store.history("main");
    for (std::size_t i = 1; i < history.size(); ++i) CHECK(history[i - 1].saved_at > history[i].saved_at);
    CHECK(store.latest("main")->at("total").at("requests") == 5);
    REQUIRE(store.entry("main", 2));
    CHECK(store.entry("main", 2)->figures.requests == 3);
    CHECK_FALSE(store.entry("main", 5));
}

TEST_CASE("saving keeps the newest `keep` entries", "[baseline]") {
    TempDir dir;
    BaselineStore store(dir.path());
    for (int n = 1; n <= 6; ++n) store.save("main", numbered_result(n), 3);
    CHECK(requests_in(store.history("main")) == std::vector<std::uint64_t>{6, 5, 4});
    CHECK(files_in(dir.path() / "main").size() == 3);
    store.save("main", numbered_result(7), 1);
    CHECK(requests_in(store.history("main")) == std::vector<std::uint64_t>{7});
    CHECK_THROWS_AS(store.save("main", numbered_result(8), 0), std::invalid_argument);

    // The default keeps 20.
    for (int n = 1; n <= 22; ++n) store.save("many", numbered_result(n));
    CHECK(store.history("many").size() == 20);
    CHECK(store.history("many").front().figures.requests == 22);
}

TEST_CASE("names are separate histories, and removing one leaves the others", "[baseline]") {
    TempDir dir;
    BaselineStore store(dir.path());
    store.save("main", numbered_result(1));
    store.save("release-1.2", numbered_result(2));
    CHECK(store.names() == std::vector<std::string>{"main", "release-1.2"});

    CHECK(store.remove("main"));
    CHECK(store.names() == std::vector<std::string>{"release-1.2"});
    CHECK(store.history("main").empty());
    CHECK_FALSE(store.latest("main"));
    CHECK_FALSE(fs::exists(dir.path() / "main"));
    CHECK_FALSE(store.remove("main"));
    CHECK(store.latest("release-1.2")->at("total").at("requests") == 2);
    // Nothing is left over from the removal.
    CHECK(files_in(dir.path()) == std::vector<fs::path>{dir.path() / "release-1.2"});
    // A removed name can be saved again.
    store.save("main", numbered_result(3));
    CHECK(requests_in(store.history("main")) == std::vector<std::uint64_t>{3});
}

TEST_CASE("an empty or missing store has no names and no history", "[baseline]") {
    TempDir dir;
    const BaselineStore store(dir.path() / "not-yet");
    CHECK(store.names().empty());
    CHECK(store.history("main").empty());
    CHECK_FALSE(store.latest("main"));
    CHECK(throng::reports::default_baseline_dir() == fs::path(".throng/baselines"));
}

TEST_CASE("baseline names are plain directory names", "[baseline]") {
    TempDir dir;
    BaselineStore store(dir.path());
    const std::vector<std::string> good = {"main", "release-1.2_rc", "A", ".hidden", std::string(100, 'x')};
    for (const auto& name : good) CHECK_NOTHROW(BaselineStore::check_name(name));
    const std::vector<std::string> bad_names = {
        "", ".", "..", "a/b", "../x", "a b", "main~1", "feature/login", "caf\xc3\xa9", std::string(101, 'x')};
    for (const auto& bad : bad_names) {
        INFO("name: " << bad);
        CHECK_THROWS_AS(store.save(bad, numbered_result(1)), std::invalid_argument);
        CHECK_THROWS_AS(store.history(bad), std::invalid_argument);
        CHECK_THROWS_AS(store.remove(bad), std::invalid_argument);
    }
    try {
        store.save("feature/login", numbered_result(1));
    } catch (const std::invalid_argument& e) {
        const std::string message = e.what();
        CHECK(message.find("`feature/login`") != std::string::npos);
        CHECK(message.find("letters, digits") != std::string::npos);
    }
    CHECK(files_in(dir.path()).empty());  // nothing was written for a bad name
}

TEST_CASE("an entry that does not parse is skipped with a warning", "[baseline]") {
    TempDir dir;
    std::vector<std::string> warnings;
    BaselineStore store(dir.path(), [&](const std::string& w) { warnings.push_back(w); });
    store.save("main", numbered_result(1));
    store.save("main", numbered_result(2));
    // Newer than both, cut short; and files that are no entries at all.
    const auto text = numbered_result(3).dump();
    const auto truncated = dir.path() / "main" / "29991231T235959.999Z-42-abcdef01.json";
    std::ofstream(truncated) << text.substr(0, text.size() / 2);
    std::ofstream(dir.path() / "main" / "29991231T235959.999Z-43-abcdef02.json") << "[1, 2]";
    std::ofstream(dir.path() / "main" / "notes.txt") << "not an entry";
    std::ofstream(dir.path() / "main" / "20000101T000000.000Z-1-ab.json.tmp-Xy12Z3") << "{";

    CHECK(requests_in(store.history("main")) == std::vector<std::uint64_t>{2, 1});
    REQUIRE(warnings.size() == 2);
    CHECK(warnings[1].find(truncated.string()) != std::string::npos);
    CHECK(warnings[1].find("not valid JSON") != std::string::npos);
    CHECK(warnings[0].find("not a result.json object") != std::string::npos);

    warnings.clear();
    CHECK(store.latest("main")->at("total").at("requests") == 2);
    CHECK(warnings.size() == 2);
    CHECK(store.names() == std::vector<std::string>{"main"});
}

TEST_CASE("a version 1 result is stored, and says it has no testbed", "[baseline]") {
    TempDir dir;
    BaselineStore store(dir.path());
    json v1 = fixture("passed.json");
    v1["schema_version"] = 1;
    v1["run"].erase("testbed");
    v1["scenario"].erase("hash");
    v1.erase("verdict");
    const auto e = store.save("old", v1);
    CHECK(e.schema_version == 1);
    CHECK_FALSE(e.testbed.recorded);
    CHECK(e.scenario_hash.empty());
    CHECK(e.throng_version == "0.1.0");
    CHECK(e.verdict == "passed");  // judged as version 2 would have
    CHECK(*store.latest("old") == v1);
}

TEST_CASE("what may not become a baseline, and why", "[baseline]") {
    using throng::reports::unfit_for_baseline;
    CHECK_FALSE(unfit_for_baseline(fixture("passed.json")));
    CHECK_FALSE(unfit_for_baseline(fixture("thresholds_failed.json")));

    json no_version = fixture("passed.json");
    no_version.erase("schema_version");
    CHECK(unfit_for_baseline(no_version)->find("not a throng result") != std::string::npos);
    CHECK(unfit_for_baseline(json::array())->find("not a throng result") != std::string::npos);

    json future = fixture("passed.json");
    future["schema_version"] = 99;
    CHECK(unfit_for_baseline(future)->find("schema_version 99 is newer") != std::string::npos);

    json interrupted = fixture("passed.json");
    interrupted["run"]["interrupted"] = true;
    interrupted["run"]["interrupt_reason"] = "SIGINT";
    const auto why = unfit_for_baseline(interrupted);
    REQUIRE(why);
    CHECK(why->find("interrupted") != std::string::npos);
    CHECK(why->find("SIGINT") != std::string::npos);
}

TEST_CASE("a forced odd result is stored and listed without failing", "[baseline]") {
    TempDir dir;
    BaselineStore store(dir.path());
    store.save("odd", json{{"scenario", 42}, {"run", "no"}, {"total", {{"requests", "many"}}}});
    const auto history = store.history("odd");
    REQUIRE(history.size() == 1);
    CHECK(history.front().scenario_name.empty());
    CHECK_FALSE(history.front().testbed.recorded);
    CHECK(history.front().figures.requests == 0);
    CHECK_THROWS_AS(store.save("odd", json::array()), std::invalid_argument);
}

TEST_CASE("two processes saving at once lose and corrupt nothing", "[baseline]") {
    TempDir dir;
    constexpr int per_process = 15;
    const json result = fixture("passed.json");
    REQUIRE(in_parallel_processes(2, [&](int) {
        BaselineStore store(dir.path());
        for (int i = 0; i < per_process; ++i) store.save("main", result, 100);
    }));
    BaselineStore store(dir.path());
    const auto history = store.history("main");
    CHECK(history.size() == 2 * per_process);
    std::set<std::string> saved_at;
    for (const auto& e : history) {
        CHECK(store.load(e) == result);
        saved_at.insert(e.saved_at);
    }
    CHECK(saved_at.size() == history.size());                        // strictly ordered
    CHECK(files_in(dir.path() / "main").size() == 2 * per_process);  // no temp files left
}

TEST_CASE("two processes saving and pruning at once keep exactly the newest `keep`", "[baseline]") {
    TempDir dir;
    REQUIRE(in_parallel_processes(2, [&](int child) {
        BaselineStore store(dir.path());
        for (int i = 1; i <= 20; ++i) store.save("main", numbered_result(child * 100 + i), 5);
    }));
    const BaselineStore store(dir.path());
    const auto history = store.history("main");
    CHECK(history.size() == 5);
    CHECK(files_in(dir.path() / "main").size() == 5);
    // The newest is one process's last save, and each process's own saves
    // stay in order among the survivors.
    CHECK(history.front().figures.requests % 100 == 20);
    std::uint64_t previous[2] = {1000, 1000};
    for (const auto& e : history) {
        const auto child = e.figures.requests / 100;
        REQUIRE(child < 2);
        CHECK(e.figures.requests < previous[child]);
        previous[child] = e.figures.requests;
    }
}

TEST_CASE("a save clears temp files of writers that died long ago, and only those", "[baseline]") {
    TempDir dir;
    BaselineStore store(dir.path());
    store.save("main", numbered_result(1));
    const auto stale = dir.path() / "main" / "20000101T000000.000Z-1-ab.json.tmp-Old123";
    const auto fresh = dir.path() / "main" / "20000101T000000.000Z-2-cd.json.tmp-New456";
    std::ofstream(stale) << "{";
    std::ofstream(fresh) << "{";
    fs::last_write_time(stale, fs::file_time_type::clock::now() - std::chrono::hours(2));
    store.save("main", numbered_result(2));
    CHECK_FALSE(fs::exists(stale));
    CHECK(fs::exists(fresh));  // it may be a live writer's on a file system without flock
}
