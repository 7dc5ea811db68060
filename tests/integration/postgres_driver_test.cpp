// The PostgreSQL driver end to end: the real throng binary runs scenario
// files against the test PostgreSQL (THRONG_TEST_POSTGRES); libpqxx prepares
// each test's own tables and checks what the run left in the database.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using throng::test::Process;
using throng::test::TempDir;

namespace {

std::string postgres_url() {
    const char* url = std::getenv("THRONG_TEST_POSTGRES");
    INFO("THRONG_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts PostgreSQL");
    REQUIRE(url != nullptr);
    return url;
}

// A name of this test's own (tables, roles, application names), so that the
// tests run in any order, and side by side.
std::string unique_name(const std::string& base) {
    static int serial = 0;
    return base + "_" + std::to_string(::getpid()) + "_" + std::to_string(++serial);
}

// The same server, reached as another user.
std::string url_as(const std::string& user) {
    const std::string url = postgres_url();
    const auto scheme = url.find("://") + 3;
    const auto at = url.find('@', scheme);
    return url.substr(0, scheme) + user + url.substr(at);
}

void execute(const std::string& sql) {
    pqxx::connection db(postgres_url());
    pqxx::nontransaction work(db);
    work.exec(sql);
}

long long scalar(const std::string& sql) {
    pqxx::connection db(postgres_url());
    pqxx::nontransaction work(db);
    return work.exec(sql)[0][0].as<long long>();
}

// Drops the test's tables (or role) whatever the test's fate.
struct Cleanup {
    std::string sql;
    ~Cleanup() {
        try {
            execute(sql);
        } catch (const std::exception&) {
            // The test itself reports what went wrong.
        }
    }
};

struct Run {
    int exit_code = -1;
    json result;
    std::string output;
};

std::vector<std::string> run_args(const std::filesystem::path& file, const std::vector<std::string>& extra) {
    std::vector<std::string> args{THRONG_BINARY, "run", file.string(), "--out", "out", "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

Run finish(const TempDir& dir, const throng::test::ProcessResult& r) {
    Run run{r.exit_code, {}, r.out + r.err};
    const auto path = dir.path() / "out" / "result.json";
    if (std::filesystem::exists(path)) run.result = json::parse(throng::test::read_text(path));
    return run;
}

Run run_scenario(const std::string& text, const std::vector<std::string>& extra = {}) {
    TempDir dir;
    const auto file = dir.write("scenario.json", text);
    return finish(dir, throng::test::run_process(run_args(file, extra), dir.path()));
}

// {"target": URL, "executor": EXECUTOR, "steps": STEPS, ...MORE}
std::string scenario(const std::string& target, const std::string& executor, const std::string& steps,
                     const std::string& more = "") {
    return R"({"name": "pg", "target": )" + target + R"(, "executor": )" + executor + R"(, "steps": )" + steps +
           (more.empty() ? "" : ", " + more) + "}";
}

std::string quoted(const std::string& text) { return json(text).dump(); }

// `text` with every `@name@` replaced by its value (table names in SQL in JSON).
std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& values) {
    for (const auto& [name, value] : values) {
        const std::string key = "@" + name + "@";
        for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
            text.replace(at, key.size(), value);
    }
    return text;
}

std::string iterations(int vus, int count) {
    return R"({"type": "constant-vus", "vus": )" + std::to_string(vus) + R"(, "duration": "60s", "iterations": )" +
           std::to_string(count) + "}";
}

const json& step(const json& result, const std::string& name) {
    for (const auto& s : result["steps"])
        if (s["name"] == name) return s;
    FAIL("no step `" << name << "` in " << result["steps"].dump());
    static const json none;
    return none;
}

std::uint64_t requests(const json& result, const std::string& name) {
    return step(result, name)["requests"].get<std::uint64_t>();
}

std::uint64_t errors(const json& result, const std::string& name) {
    return step(result, name)["errors"]["total"].get<std::uint64_t>();
}

std::uint64_t by_class(const json& result, const std::string& name, const std::string& error_class) {
    return step(result, name)["errors"]["by_class"].value(error_class, std::uint64_t{0});
}

std::uint64_t by_code(const json& result, const std::string& name, const std::string& code) {
    return step(result, name)["errors"]["by_code"].value(code, std::uint64_t{0});
}

const json& check(const json& result, const std::string& name) {
    for (const auto& c : result["checks"])
        if (c["name"] == name) return c;
    FAIL("no check `" << name << "`");
    static const json none;
    return none;
}

// A loopback port nothing listens on (bound, then let go).
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t size = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0);
    ::close(fd);
    return ntohs(address.sin_port);
}

}  // namespace

TEST_CASE("postgres: a parameterised select feeds a later step, with exact counts and checks",
          "[integration][postgres]") {
    const std::string table = unique_name("accounts");
    const Cleanup cleanup{"DROP TABLE IF EXISTS " + table};
    execute("CREATE TABLE " + table + " (id int PRIMARY KEY, balance int, name text);"
            "INSERT INTO " + table + " SELECT i, i * 100, 'name ' || i FROM generate_series(1, 10) i");

    const Run run = run_scenario(scenario(quoted(postgres_url()), iterations(2, 20), fill(R"js([
        {"name": "pick", "postgres": {"query": "SELECT id, balance, name FROM @table@ WHERE id = $1",
                                      "params": ["${random_int(3,3)}"]},
         "extract": {"balance": {"json": "/0/balance"}, "rows": {"row_count": true}},
         "checks": {"one row": {"row_count": 1}, "balance": {"json": "/0/balance", "equals": 300},
                    "name": {"json": "/0/name", "equals": "name 3"}}},
        {"name": "use", "postgres": {"query": "SELECT $1::int + $2::int AS next", "params": ["${balance}", "${rows}"]},
         "checks": {"next": {"json": "/0/next", "equals": 301}}},
        {"name": "none", "postgres": {"query": "SELECT id FROM @table@ WHERE id > $1", "params": [100]},
         "checks": {"no rows": {"row_count": 0}}}
    ])js", {{"table", table}})));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    for (const std::string name : {"pick", "use", "none"}) {
        CHECK(requests(run.result, name) == 20);
        CHECK(errors(run.result, name) == 0);
    }
    for (const std::string name : {"one row", "balance", "name", "next", "no rows"}) {
        CHECK(check(run.result, name)["passes"] == 20);
        CHECK(check(run.result, name)["fails"] == 0);
    }
    CHECK(step(run.result, "pick")["description"] == "SELECT id, balance, name FROM " + table + " WHERE id = $1");
}

TEST_CASE("postgres: a transaction commits every time and reports its statements", "[integration][postgres]") {
    const std::string accounts = unique_name("tx_accounts");
    const std::string history = unique_name("tx_history");
    const Cleanup cleanup{"DROP TABLE IF EXISTS " + accounts + ", " + history};
    execute("CREATE TABLE " + accounts + " (id int PRIMARY KEY, balance int NOT NULL);"
            "INSERT INTO " + accounts + " SELECT i, 0 FROM generate_series(1, 4) i;"
            "CREATE TABLE " + history + " (id serial, account int, delta int)");

    const Run run = run_scenario(scenario(quoted(postgres_url()), iterations(2, 30), fill(R"js([
        {"name": "tpcb", "postgres": {"isolation": "read committed", "transaction": [
            {"name": "update_account", "query": "UPDATE @accounts@ SET balance = balance + $1 WHERE id = $2",
             "params": ["${random_int(5,5)}", "${vu}"]},
            {"name": "insert_history", "query": "INSERT INTO @history@ (account, delta) VALUES ($1, 5)",
             "params": ["${vu}"]},
            {"query": "SELECT balance FROM @accounts@ WHERE id = $1", "params": ["${vu}"]}]},
         "checks": {"a balance": {"row_count": 1}, "positive": {"json": "/0/balance", "exists": true}}}
    ])js", {{"accounts", accounts}, {"history", history}})));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(requests(run.result, "tpcb") == 30);
    CHECK(errors(run.result, "tpcb") == 0);
    CHECK(step(run.result, "tpcb")["description"] == "transaction (3 statements)");
    for (const std::string part : {"tpcb.update_account", "tpcb.insert_history", "tpcb.3"}) {
        CHECK(requests(run.result, part) == 30);
        CHECK(errors(run.result, part) == 0);
    }
    CHECK(check(run.result, "a balance")["passes"] == 30);
    CHECK(check(run.result, "positive")["passes"] == 30);
    // Every transaction committed.
    CHECK(scalar("SELECT count(*) FROM " + history) == 30);
    CHECK(scalar("SELECT sum(balance) FROM " + accounts) == 150);
}

TEST_CASE("postgres: a failing statement rolls its transaction back, later statements do not run",
          "[integration][postgres]") {
    const std::string unique = unique_name("rb_unique");
    const std::string log = unique_name("rb_log");
    const Cleanup cleanup{"DROP TABLE IF EXISTS " + unique + ", " + log};
    execute("CREATE TABLE " + unique + " (id int PRIMARY KEY); INSERT INTO " + unique + " VALUES (1);"
            "CREATE TABLE " + log + " (x int)");

    const Run run = run_scenario(scenario(quoted(postgres_url()), iterations(1, 5), fill(R"js([
        {"name": "tx", "postgres": {"transaction": [
            {"name": "log", "query": "INSERT INTO @log@ VALUES (1)"},
            {"name": "duplicate", "query": "INSERT INTO @unique@ VALUES ($1)", "params": ["1"]},
            {"name": "never", "query": "SELECT 1"}]}},
        {"name": "after", "postgres": {"query": "SELECT count(*) AS n FROM @log@"},
         "checks": {"nothing logged": {"json": "/0/n", "equals": 0}}}
    ])js", {{"log", log}, {"unique", unique}})));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(requests(run.result, "tx") == 5);
    CHECK(by_class(run.result, "tx", "sql_error") == 5);
    CHECK(by_code(run.result, "tx", "23505") == 5);
    CHECK(requests(run.result, "tx.log") == 5);
    CHECK(errors(run.result, "tx.log") == 0);
    CHECK(requests(run.result, "tx.duplicate") == 5);
    CHECK(by_code(run.result, "tx.duplicate", "23505") == 5);
    CHECK(requests(run.result, "tx.never") == 0);
    // The connection came back usable, outside the failed transaction.
    CHECK(errors(run.result, "after") == 0);
    CHECK(check(run.result, "nothing logged")["passes"] == 5);
    CHECK(scalar("SELECT count(*) FROM " + log) == 0);
}

TEST_CASE("postgres: bad SQL is an sql_error every time and the run goes on", "[integration][postgres]") {
    const Run run = run_scenario(scenario(quoted(postgres_url()), iterations(2, 10), R"js([
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
    const std::string target = R"js({"url": )js" + quoted(postgres_url()) + R"js(, "statement_timeout": "200ms"})js";
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
    const Run run = run_scenario(scenario(quoted(postgres_url()), iterations(1, 2), R"js([
        {"name": "slow", "postgres": {"query": "SELECT pg_sleep(3)"}, "timeout": "300ms"},
        {"name": "fast", "postgres": {"query": "SELECT 1"}}
    ])js"));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(by_class(run.result, "slow", "timeout") == 2);
    CHECK(requests(run.result, "fast") == 2);
    CHECK(errors(run.result, "fast") == 0);
}

TEST_CASE("postgres: pipelined executions are measured one by one", "[integration][postgres]") {
    const Run run = run_scenario(scenario(quoted(postgres_url()), iterations(2, 6), R"js([
        {"name": "batch", "postgres": {"query": "SELECT $1::int AS n", "params": ["${random_int(1,9)}"], "pipeline": 10},
         "checks": {"one row": {"row_count": 1}}},
        {"name": "bad batch", "postgres": {"query": "SELECT 1/$1::int", "params": ["${random_int(0,0)}"], "pipeline": 4}},
        {"name": "bad prepare", "postgres": {"query": "SELEC $1", "params": [1], "pipeline": 3}}
    ])js"));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(requests(run.result, "batch") == 60);
    CHECK(errors(run.result, "batch") == 0);
    CHECK(check(run.result, "one row")["passes"] == 6);
    // Division by zero; the rest of each pipeline is skipped by the server and counted like it.
    CHECK(requests(run.result, "bad batch") == 24);
    CHECK(by_code(run.result, "bad batch", "22012") == 24);
    CHECK(requests(run.result, "bad prepare") == 18);
    CHECK(by_code(run.result, "bad prepare", "42601") == 18);
}

TEST_CASE("postgres: scripts prepare and clean up data in setup and teardown", "[integration][postgres]") {
    const std::string table = unique_name("scripted");
    const Cleanup cleanup{"DROP TABLE IF EXISTS " + table};
    const Run run = run_scenario(scenario(quoted(postgres_url()), iterations(1, 4), fill(R"js([
        {"name": "insert", "postgres": {"query": "INSERT INTO @table@ VALUES ($1)", "params": ["${iteration}"]},
         "checks": {"one inserted": {"row_count": 1}}}
    ])js", {{"table", table}}), fill(R"js(
        "setup": [{"name": "create",
                   "postgres": {"script": "CREATE TABLE @table@ (id int); INSERT INTO @table@ VALUES (-1), (-2);"}}],
        "teardown": [{"name": "mark", "postgres": {"script": "UPDATE @table@ SET id = id + 100"},
                      "checks": {"six updated": {"row_count": 6}}}]
    )js", {{"table", table}})));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(requests(run.result, "insert") == 4);
    CHECK(errors(run.result, "insert") == 0);
    CHECK(run.result["teardown_checks"][0]["passes"] == 1);
    CHECK(scalar("SELECT count(*) FROM " + table) == 6);
    CHECK(scalar("SELECT min(id) FROM " + table) == 98);
}

TEST_CASE("postgres: killed connections count as reset and are reopened", "[integration][postgres]") {
    const std::string application = unique_name("throng_killed");
    TempDir dir;
    const auto file = dir.write("scenario.json", scenario(
        quoted(postgres_url() + "?application_name=" + application),
        R"js({"type": "constant-vus", "vus": 3, "duration": "4s"})js",
        R"js([{"name": "q", "postgres": {"query": "SELECT pg_sleep(0.002)"}}])js"));
    Process process(run_args(file, {"--threads", "1"}), dir.path());

    const std::string sessions = "FROM pg_stat_activity WHERE application_name = '" + application + "'";
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    const auto before = scalar("SELECT count(*) " + sessions);
    const auto killed = scalar("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) " + sessions + ") k");
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    // The VUs are back, on new connections.
    const auto after = scalar("SELECT count(*) " + sessions);

    const Run run = finish(dir, process.wait());
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(before == 3);
    CHECK(killed == 3);
    CHECK(after == 3);
    CHECK(by_class(run.result, "q", "reset") >= 1);
    CHECK(errors(run.result, "q") == by_class(run.result, "q", "reset"));
    CHECK(by_code(run.result, "q", "57P01") >= 1);  // the server said why
    CHECK(requests(run.result, "q") > errors(run.result, "q") + 100);
}

TEST_CASE("postgres: a role's connection limit gives sql_resources 53300 and the run goes on",
          "[integration][postgres]") {
    const std::string role = unique_name("throng_limited");
    const Cleanup cleanup{"DROP ROLE IF EXISTS " + role};
    execute("CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 2");
    const Run run = run_scenario(scenario(quoted(url_as(role)),
                                          R"js({"type": "constant-vus", "vus": 5, "duration": "2s"})js",
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
    const Run run = run_scenario(scenario(quoted(url), iterations(1, 5), R"js([
        {"name": "q", "postgres": {"query": "SELECT 1"}}
    ])js"));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(requests(run.result, "q") == 5);
    CHECK(by_class(run.result, "q", "connect_refused") == 5);
}

TEST_CASE("postgres: a pool shares few connections among a thread's VUs", "[integration][postgres]") {
    const std::string application = unique_name("throng_pool");
    const std::string counter = unique_name("pool_counter");
    const Cleanup cleanup{"DROP TABLE IF EXISTS " + counter};
    execute("CREATE TABLE " + counter + " (n int); INSERT INTO " + counter + " VALUES (0)");
    const std::string target = R"js({"url": )js" + quoted(postgres_url() + "?application_name=" + application) +
                               R"js(, "pool": 2})js";
    TempDir dir;
    const auto file = dir.write("scenario.json", scenario(target, iterations(6, 300), fill(R"js([
        {"name": "bump", "postgres": {"transaction": [
            {"query": "UPDATE @counter@ SET n = n + 1"},
            {"query": "SELECT pg_sleep(0.005)"}]}}
    ])js", {{"counter", counter}})));
    Process process(run_args(file, {"--threads", "1"}), dir.path());
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    const auto connections = scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" +
                                    application + "'");
    const Run run = finish(dir, process.wait());
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(connections <= 2);
    CHECK(requests(run.result, "bump") == 300);
    CHECK(errors(run.result, "bump") == 0);
    CHECK(scalar("SELECT n FROM " + counter) == 300);
}

TEST_CASE("postgres: a bad target URL is a setup error that hides the password", "[integration][postgres]") {
    const Run run = run_scenario(scenario(quoted("postgresql://throng:hunter2@127.0.0.1:1/db?nonsense=1"),
                                          iterations(1, 1), R"js([{"name": "q", "postgres": {"query": "SELECT 1"}}])js"));
    CHECK(run.exit_code != 0);
    CHECK(run.output.find("nonsense") != std::string::npos);
    CHECK(run.output.find("hunter2") == std::string::npos);
}
