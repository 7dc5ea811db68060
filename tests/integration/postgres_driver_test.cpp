// The PostgreSQL driver end to end: the real throng binary runs scenario
// files against the test PostgreSQL (THRONG_TEST_POSTGRES); libpqxx prepares
// each test's own tables and checks what the run left in the database.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "support/postgres_runs.hpp"
#include "support/test_certs.hpp"

using namespace throng::test::pg;
using throng::test::Process;
using throng::test::TempDir;

TEST_CASE("postgres: a parameterised select feeds a later step, with exact counts and checks",
          "[integration][postgres]") {
    const std::string table = unique_name("accounts");
    const Cleanup cleanup{"DROP TABLE IF EXISTS " + table};
    execute("CREATE TABLE " + table +
            " (id int PRIMARY KEY, balance int, name text);"
            "INSERT INTO " +
            table + " SELECT i, i * 100, 'name ' || i FROM generate_series(1, 10) i");

    const Run run = run_scenario(scenario(json_string(postgres_url()), iterations(2, 20),
                                          fill(R"js([
        {"name": "pick", "postgres": {"query": "SELECT id, balance, name FROM @table@ WHERE id = $1",
                                      "params": ["${random_int(3,3)}"]},
         "extract": {"balance": {"json": "/0/balance"}, "rows": {"row_count": true}},
         "checks": {"one row": {"row_count": 1}, "balance": {"json": "/0/balance", "equals": 300},
                    "name": {"json": "/0/name", "equals": "name 3"}}},
        {"name": "use", "postgres": {"query": "SELECT $1::int + $2::int AS next", "params": ["${balance}", "${rows}"]},
         "checks": {"next": {"json": "/0/next", "equals": 301}}},
        {"name": "none", "postgres": {"query": "SELECT id FROM @table@ WHERE id > $1", "params": [100]},
         "checks": {"no rows": {"row_count": 0}}}
    ])js",
                                               {{"table", table}})));
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
    execute("CREATE TABLE " + accounts +
            " (id int PRIMARY KEY, balance int NOT NULL);"
            "INSERT INTO " +
            accounts +
            " SELECT i, 0 FROM generate_series(1, 4) i;"
            "CREATE TABLE " +
            history + " (id serial, account int, delta int)");

    const Run run = run_scenario(scenario(json_string(postgres_url()), iterations(2, 30),
                                          fill(R"js([
        {"name": "tpcb", "postgres": {"isolation": "read committed", "transaction": [
            {"name": "update_account", "query": "UPDATE @accounts@ SET balance = balance + $1 WHERE id = $2",
             "params": ["${random_int(5,5)}", "${vu}"]},
            {"name": "insert_history", "query": "INSERT INTO @history@ (account, delta) VALUES ($1, 5)",
             "params": ["${vu}"]},
            {"query": "SELECT balance FROM @accounts@ WHERE id = $1", "params": ["${vu}"]}]},
         "checks": {"a balance": {"row_count": 1}, "positive": {"json": "/0/balance", "exists": true}}}
    ])js",
                                               {{"accounts", accounts}, {"history", history}})));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(requests(run.result, "tpcb") == 30);
    CHECK(run.result["total"]["requests"] == 30);  // statements are not counted again in the total
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
    execute("CREATE TABLE " + unique + " (id int PRIMARY KEY); INSERT INTO " + unique +
            " VALUES (1);"
            "CREATE TABLE " +
            log + " (x int)");

    const Run run = run_scenario(
        scenario(json_string(postgres_url()), iterations(1, 5),
                 fill(R"js([
        {"name": "tx", "postgres": {"transaction": [
            {"name": "log", "query": "INSERT INTO @log@ VALUES (1)"},
            {"name": "duplicate", "query": "INSERT INTO @unique@ VALUES ($1)", "params": ["1"]},
            {"name": "never", "query": "SELECT 1"}]}},
        {"name": "after", "postgres": {"query": "SELECT count(*) AS n FROM @log@"},
         "checks": {"nothing logged": {"json": "/0/n", "equals": 0}}}
    ])js",
                      {{"log", log}, {"unique", unique}}),
                 // Thresholds on the statements, judged on their own counts.
                 R"("thresholds": {"errors{step:tx.duplicate}": "count==5", "errors{step:tx.log}": "count==0",
                          "requests{part_of:tx}": "count==10"})"));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    REQUIRE(run.result["thresholds"].size() == 3);
    for (const auto& threshold : run.result["thresholds"]) CHECK(threshold["passed"] == true);
    CHECK(run.result["thresholds"][2]["observed"] == 10);  // tx.log and tx.duplicate, 5 each; tx.never none
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

TEST_CASE("postgres: pipelined executions are measured one by one", "[integration][postgres]") {
    const Run run = run_scenario(scenario(json_string(postgres_url()), iterations(2, 6), R"js([
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
    const Run run = run_scenario(scenario(json_string(postgres_url()), iterations(1, 4),
                                          fill(R"js([
        {"name": "insert", "postgres": {"query": "INSERT INTO @table@ VALUES ($1)", "params": ["${iteration}"]},
         "checks": {"one inserted": {"row_count": 1}}}
    ])js",
                                               {{"table", table}}),
                                          fill(R"js(
        "setup": [{"name": "create",
                   "postgres": {"script": "CREATE TABLE @table@ (id int); INSERT INTO @table@ VALUES (-1), (-2);"}}],
        "teardown": [{"name": "mark", "postgres": {"script": "UPDATE @table@ SET id = id + 100"},
                      "checks": {"six updated": {"row_count": 6}}}]
    )js",
                                               {{"table", table}})));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(requests(run.result, "insert") == 4);
    CHECK(errors(run.result, "insert") == 0);
    CHECK(run.result["teardown_checks"][0]["passes"] == 1);
    CHECK(scalar("SELECT count(*) FROM " + table) == 6);
    CHECK(scalar("SELECT min(id) FROM " + table) == 98);
}

TEST_CASE("postgres: a pool shares few connections among a thread's VUs", "[integration][postgres]") {
    const std::string application = unique_name("throng_pool");
    const std::string counter = unique_name("pool_counter");
    const Cleanup cleanup{"DROP TABLE IF EXISTS " + counter};
    execute("CREATE TABLE " + counter + " (n int); INSERT INTO " + counter + " VALUES (0)");
    const std::string target =
        R"js({"url": )js" + json_string(postgres_url() + "?application_name=" + application) + R"js(, "pool": 2})js";
    TempDir dir;
    const auto file = dir.write("scenario.json", scenario(target, iterations(6, 300),
                                                          fill(R"js([
        {"name": "bump", "postgres": {"transaction": [
            {"query": "UPDATE @counter@ SET n = n + 1"},
            {"query": "SELECT pg_sleep(0.005)"}]}}
    ])js",
                                                               {{"counter", counter}})));
    Process process(run_args(file, {"--threads", "1"}), dir.path());
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    const auto connections =
        scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application + "'");
    const Run run = finish(dir, process.wait());
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(connections <= 2);
    CHECK(requests(run.result, "bump") == 300);
    CHECK(errors(run.result, "bump") == 0);
    CHECK(scalar("SELECT n FROM " + counter) == 300);
}

TEST_CASE("postgres: sslmode in the target URL connects over TLS, verified by libpq", "[integration][postgres][tls]") {
    const char* ca = std::getenv("THRONG_TEST_POSTGRES_CA");  // scripts/services.sh serves TLS too
    REQUIRE(ca != nullptr);
    const std::string steps = R"js([{"name": "tls",
        "postgres": {"query": "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"},
        "checks": {"over TLS": {"json": "/0/ssl", "equals": true}}}])js";
    const auto run_with = [&](const std::string& url) {
        return run_scenario(scenario(json_string(url), iterations(1, 3), steps));
    };
    const Run verified = run_with(postgres_url() + "?sslmode=verify-full&sslrootcert=" + ca);
    INFO(verified.output);
    REQUIRE(verified.exit_code == 0);
    CHECK(errors(verified.result, "tls") == 0);
    CHECK(check(verified.result, "over TLS")["passes"] == 3);

    // The tests' own connections are plain (PGSSLMODE=disable): the check tells them apart.
    const Run plain = run_with(postgres_url());
    INFO(plain.output);
    CHECK(check(plain.result, "over TLS")["fails"] == 3);

    // A CA that did not sign the server's certificate: every connection is refused, counted, and the run goes on.
    TempDir dir;
    const auto other_ca = dir.write("other-ca.pem", throng::test::TestCertificates("another CA").ca_pem());
    const Run refused = run_with(postgres_url() + "?sslmode=verify-full&sslrootcert=" + other_ca.string());
    INFO(refused.output);
    REQUIRE(refused.exit_code == 0);
    CHECK(requests(refused.result, "tls") == 3);
    CHECK(errors(refused.result, "tls") == 3);
    CHECK(step(refused.result, "tls")["errors"]["by_class"] == json{{"tls_verify", 3}});
    CHECK(step(refused.result, "tls")["errors"]["by_code"] == json{{"verify_failed", 3}});
}
