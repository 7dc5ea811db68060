// The PostgreSQL driver end to end, when things go wrong: every failure is
// counted under its class and SQLSTATE, and the run goes on.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>

#include "support/machine_speed.hpp"
#include "support/postgres_runs.hpp"

using namespace throng::test::pg;
using throng::test::free_port;
using throng::test::Process;
using throng::test::TempDir;

TEST_CASE("postgres: bad SQL is an sql_error every time and the run goes on", "[integration][postgres]") {
    const Run run = run_scenario(scenario(json_string(postgres_url()), iterations(2, 10), R"js([
        {"name": "bad", "postgres": {"query": "SELEC 1"}},
        {"name": "missing", "postgres": {"query": "SELECT * FROM no_such_table_at_all"}},
        {"name": "good", "postgres": {"query": "SELECT 1"}}
    ])js"));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(requests(run.result, "bad") == 10);
    CHECK(by_class(run.result, "bad", "sql_error") == 10);
    CHECK(by_code(run.result, "bad", "42601") == 10);
    CHECK(by_code(run.result, "missing", "42P01") == 10);
    CHECK(requests(run.result, "good") == 10);
    CHECK(errors(run.result, "good") == 0);
    CHECK(step(run.result, "bad")["responses"] == 10);  // the server answered
}

TEST_CASE("postgres: the target's statement_timeout cancels slow statements as sql_canceled",
          "[integration][postgres]") {
    const std::string target =
        R"js({"url": )js" + json_string(postgres_url()) + R"js(, "statement_timeout": "200ms"})js";
    const Run run = run_scenario(scenario(target, iterations(1, 3), R"js([
        {"name": "slow", "postgres": {"query": "SELECT pg_sleep(1)"}},
        {"name": "fast", "postgres": {"query": "SELECT 1"}}
    ])js"));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(requests(run.result, "slow") == 3);
    CHECK(by_class(run.result, "slow", "sql_canceled") == 3);
    CHECK(by_code(run.result, "slow", "57014") == 3);
    CHECK(errors(run.result, "fast") == 0);
}

TEST_CASE("postgres: a step past its timeout drops the connection, the next step reconnects",
          "[integration][postgres]") {
    const Run run = run_scenario(scenario(json_string(postgres_url()), iterations(1, 2), R"js([
        {"name": "slow", "postgres": {"query": "SELECT pg_sleep(3)"}, "timeout": "300ms"},
        {"name": "fast", "postgres": {"query": "SELECT 1"}}
    ])js"));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(by_class(run.result, "slow", "timeout") == 2);
    CHECK(requests(run.result, "fast") == 2);
    CHECK(errors(run.result, "fast") == 0);
}

TEST_CASE("postgres: a VU waiting for a pooled connection past its step's timeout counts a timeout",
          "[integration][postgres]") {
    // One connection, three VUs on one thread, a statement of 1 s, a step
    // timeout of 1.5 s: the second VU waits 1 s and runs; the third would
    // wait 2 s and times out waiting, without holding up the others.
    TempDir dir;
    const auto file = dir.write(
        "scenario.json",
        scenario(R"js({"url": )js" + json_string(postgres_url()) + R"js(, "pool": 1})js", iterations(3, 3),
                 R"js([{"name": "hold", "postgres": {"query": "SELECT pg_sleep(1)"}, "timeout": "1500ms"}])js"));
    Process process(run_args(file, {"--threads", "1"}), dir.path());
    const Run run = finish(dir, process.wait());
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(requests(run.result, "hold") == 3);
    CHECK(by_class(run.result, "hold", "timeout") == 1);
    CHECK(errors(run.result, "hold") == 1);
}

TEST_CASE("postgres: killed connections count as reset and are reopened", "[integration][postgres]") {
    const std::string application = unique_name("throng_killed");
    TempDir dir;
    const auto file =
        dir.write("scenario.json", scenario(json_string(postgres_url() + "?application_name=" + application),
                                            R"js({"type": "constant-vus", "vus": 3, "duration": "8s"})js",
                                            R"js([{"name": "q", "postgres": {"query": "SELECT pg_sleep(0.002)"}}])js"));
    Process process(run_args(file, {"--threads", "1"}), dir.path());

    // Waits for the state, not for a time: a sanitizer build connects late.
    const std::string sessions = "FROM pg_stat_activity WHERE application_name = '" + application + "'";
    const auto count_sessions = [&] { return scalar("SELECT count(*) " + sessions); };
    throng::test::wait_until([&] { return count_sessions() == 3; }, std::chrono::seconds(5));
    const auto before = count_sessions();
    const auto killed_at_ms = scalar("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint");
    const auto killed = scalar("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) " + sessions + ") k");
    // The VUs are back, on connections opened since.
    const auto count_new = [&] {
        return scalar("SELECT count(*) " + sessions + " AND backend_start > to_timestamp(" +
                      std::to_string(killed_at_ms) + " / 1000.0)");
    };
    throng::test::wait_until([&] { return count_new() == 3; }, std::chrono::seconds(5));
    const auto after = count_new();

    const Run run = finish(dir, process.wait());
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(before == 3);
    CHECK(killed == 3);
    CHECK(after == 3);
    CHECK(by_class(run.result, "q", "reset") >= 1);
    CHECK(errors(run.result, "q") == by_class(run.result, "q", "reset"));
    // The server says why (57P01) just before it closes; whether libpq reads
    // that before it notices the close depends on timing (under TSan it
    // often does not), so the code is there at most as often as the class.
    CHECK(by_code(run.result, "q", "57P01") <= by_class(run.result, "q", "reset"));
    CHECK(requests(run.result, "q") > errors(run.result, "q") + 100);
}

TEST_CASE("postgres: a role's connection limit gives sql_resources 53300 and the run goes on",
          "[integration][postgres]") {
    const std::string role = unique_name("throng_limited");
    const Cleanup cleanup{"DROP ROLE IF EXISTS " + role};
    execute("CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 2");
    const Run run =
        run_scenario(scenario(json_string(url_as(role)), R"js({"type": "constant-vus", "vus": 5, "duration": "2s"})js",
                              R"js([{"name": "q", "postgres": {"query": "SELECT pg_sleep(0.01)"},
                                                 "think_time": "20ms"}])js"));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(by_class(run.result, "q", "sql_resources") >= 3);
    CHECK(by_code(run.result, "q", "53300") == by_class(run.result, "q", "sql_resources"));
    CHECK(requests(run.result, "q") - errors(run.result, "q") >= 10);  // the two that got in kept working
}

TEST_CASE("postgres: nothing listening is connect_refused", "[integration][postgres]") {
    const std::string url = "postgresql://throng@127.0.0.1:" + std::to_string(free_port()) + "/postgres";
    const Run run = run_scenario(scenario(json_string(url), iterations(1, 5), R"js([
        {"name": "q", "postgres": {"query": "SELECT 1"}}
    ])js"));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(requests(run.result, "q") == 5);
    CHECK(by_class(run.result, "q", "connect_refused") == 5);
}

TEST_CASE("postgres: a bad target URL is a setup error that hides the password", "[integration][postgres]") {
    const Run run =
        run_scenario(scenario(json_string("postgresql://throng:hunter2@127.0.0.1:1/db?nonsense=1"), iterations(1, 1),
                              R"js([{"name": "q", "postgres": {"query": "SELECT 1"}}])js"));
    CHECK(run.exit_code != 0);
    CHECK(run.output.find("nonsense") != std::string::npos);
    CHECK(run.output.find("hunter2") == std::string::npos);
}

TEST_CASE("postgres: a server that never finishes the handshake is connect_timeout", "[integration][postgres]") {
    const SilentListener silent;
    const std::string target = R"js({"url": "postgresql://throng@127.0.0.1:)js" + std::to_string(silent.port()) +
                               R"js(/postgres", "connect_timeout": "300ms"})js";
    const Run run = run_scenario(scenario(target, iterations(1, 2), R"js([
        {"name": "q", "postgres": {"query": "SELECT 1"}}
    ])js"));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(requests(run.result, "q") == 2);
    CHECK(by_class(run.result, "q", "connect_timeout") == 2);
}

TEST_CASE("postgres: a refusal at connect other than too many connections is other, with its SQLSTATE",
          "[integration][postgres]") {
    std::string url = postgres_url();
    url = url.substr(0, url.rfind('/')) + "/no_such_database_for_throng";
    const Run run = run_scenario(scenario(json_string(url), iterations(1, 3), R"js([
        {"name": "q", "postgres": {"query": "SELECT 1"}}
    ])js"));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(by_class(run.result, "q", "other") == 3);
    CHECK(by_code(run.result, "q", "3D000") == 3);
}
