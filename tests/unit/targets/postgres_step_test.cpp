// The postgres step parser, the $n scan behind its params check, and the
// pure pieces of the driver: SQLSTATE classes, connect failures, result rows
// as JSON (on real PGresults built by libpq), passwords kept out of messages.
#include "targets/drivers/postgres/postgres_step.hpp"

#include <catch2/catch.hpp>

#include <libpq-fe.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>

#include "harness/core/redact.hpp"
#include "support/scenario_parsing.hpp"
#include "targets/drivers/tls_error_classes.hpp"
#include "targets/drivers/postgres/pg_target.hpp"
#include "targets/drivers/postgres/result_json.hpp"
#include "targets/drivers/postgres/sql_errors.hpp"
#include "targets/drivers/postgres/sql_placeholders.hpp"

using throng::core::Diagnostics;
using throng::core::ErrorClass;
using throng::core::StepParseContext;
using throng::targets::postgres::PostgresStepParser;
using throng::targets::postgres::PostgresStepSpec;
namespace json = throng::core::json;
namespace pg = throng::targets::postgres;

namespace {

struct ParsedPostgresStep {
    std::shared_ptr<const PostgresStepSpec> spec;
    std::vector<std::string> errors;     // formatted, in source order
    std::vector<std::string> variables;  // read by the step's templates
};

ParsedPostgresStep parse_postgres_step(const std::string& text) {
    const json::Value node = json::parse(text);
    Diagnostics diags("step.json");
    StepParseContext context(diags, [](std::string_view name) -> std::optional<std::string> {
        if (name == "TABLE") return "accounts";
        return std::nullopt;
    });
    ParsedPostgresStep out;
    out.spec = std::dynamic_pointer_cast<const PostgresStepSpec>(PostgresStepParser().parse(node, context));
    for (const auto& d : diags.list()) out.errors.push_back(d.format());
    for (const auto& use : context.uses()) out.variables.push_back(use.name);
    return out;
}

std::string postgres_step_error(const std::string& text) {
    const ParsedPostgresStep parsed = parse_postgres_step(text);
    CHECK_FALSE(parsed.spec);
    REQUIRE(parsed.errors.size() == 1);
    return parsed.errors[0];
}

std::vector<std::string> param_sources(const pg::SqlStatement& statement) {
    std::vector<std::string> out;
    for (const auto& param : statement.params) out.push_back(param.null ? "NULL" : param.text.source());
    return out;
}

// A real PGresult with these columns (name, type OID) and rows (nullopt: NULL), built by libpq itself.
using Cell = std::optional<std::string>;
std::unique_ptr<PGresult, decltype(&PQclear)> make_result(const std::vector<std::pair<std::string, Oid>>& columns,
                                                          const std::vector<std::vector<Cell>>& rows) {
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQmakeEmptyPGresult(nullptr, PGRES_TUPLES_OK), &PQclear);
    REQUIRE(result);
    std::vector<PGresAttDesc> attributes;
    for (const auto& [name, type] : columns) {
        PGresAttDesc a{};
        a.name = const_cast<char*>(name.c_str());
        a.typid = type;
        a.typlen = -1;
        a.atttypmod = -1;
        attributes.push_back(a);
    }
    REQUIRE(PQsetResultAttrs(result.get(), static_cast<int>(attributes.size()), attributes.data()) == 1);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const Cell& cell = rows[r][c];
            std::string text = cell.value_or("");
            REQUIRE(PQsetvalue(result.get(), static_cast<int>(r), static_cast<int>(c), cell ? text.data() : nullptr,
                               cell ? static_cast<int>(text.size()) : -1) == 1);
        }
    }
    return result;
}

std::string rows_json(const PGresult* result, std::size_t limit = 1 << 20, bool* truncated = nullptr) {
    std::string out;
    const bool cut = pg::append_rows_json(result, out, limit);
    if (truncated != nullptr) *truncated = cut;
    return out;
}

}  // namespace

TEST_CASE("postgres step parser identifies itself", "[postgres]") {
    PostgresStepParser parser;
    CHECK(parser.key() == "postgres");
    CHECK(parser.url_forms() == std::vector<std::string_view>{"postgresql://", "postgres://"});
}

TEST_CASE("postgres query step: constant SQL, templated params bound to $n", "[postgres]") {
    const ParsedPostgresStep p = parse_postgres_step(
        R"({"query": "SELECT abalance FROM pgbench_accounts WHERE aid = $1 AND bid = $2 AND x = $3",
            "params": ["${aid}", 7, null], "target": "db"})");
    REQUIRE(p.spec);
    CHECK(p.errors.empty());
    CHECK(p.spec->kind == PostgresStepSpec::Kind::query);
    CHECK(p.spec->protocol() == "postgres");
    CHECK(p.spec->target_name() == "db");
    CHECK(p.spec->pipeline == 0);
    REQUIRE(p.spec->statements.size() == 1);
    CHECK(p.spec->statements[0].query ==
          "SELECT abalance FROM pgbench_accounts WHERE aid = $1 AND bid = $2 AND x = $3");
    CHECK(param_sources(p.spec->statements[0]) == std::vector<std::string>{"${aid}", "7", "NULL"});
    CHECK_FALSE(p.spec->statements[0].params[0].text.is_constant());
    CHECK(p.spec->statements[0].params[1].text.is_constant());
    CHECK(p.variables == std::vector<std::string>{"aid"});
    CHECK(p.spec->describe() == "SELECT abalance FROM pgbench_accounts WHERE aid = $1 AND ...");
}

TEST_CASE("postgres query step: describe collapses spaces, env placeholders resolve when loaded", "[postgres]") {
    const ParsedPostgresStep p =
        parse_postgres_step(R"({"query": "SELECT *\n  FROM ${env.TABLE}\n WHERE true", "pipeline": 10})");
    REQUIRE(p.spec);
    CHECK(p.spec->statements[0].query == "SELECT *\n  FROM accounts\n WHERE true");
    CHECK(p.spec->describe() == "SELECT * FROM accounts WHERE true");
    CHECK(p.spec->pipeline == 10);
    CHECK(p.spec->target_name().empty());
}

TEST_CASE("postgres transaction step: statements named by position unless named", "[postgres]") {
    const ParsedPostgresStep p = parse_postgres_step(R"({"transaction": [
            {"name": "update_account", "query": "UPDATE a SET b = b + $1 WHERE id = $2", "params": ["${delta}", "${aid}"]},
            {"query": "SELECT b FROM a WHERE id = $1", "params": ["${aid}"]},
            {"query": "INSERT INTO h SELECT 1"}
        ], "isolation": "repeatable read"})");
    REQUIRE(p.spec);
    CHECK(p.spec->kind == PostgresStepSpec::Kind::transaction);
    CHECK(p.spec->isolation == "repeatable read");
    REQUIRE(p.spec->statements.size() == 3);
    CHECK(p.spec->statements[0].name == "update_account");
    CHECK(p.spec->statements[1].name == "2");
    CHECK(p.spec->statements[2].name == "3");
    CHECK(param_sources(p.spec->statements[0]) == std::vector<std::string>{"${delta}", "${aid}"});
    CHECK(p.spec->describe() == "transaction (3 statements)");
    CHECK(p.variables == std::vector<std::string>{"delta", "aid", "aid"});
    // Each statement is reported on its own as well, under these names.
    CHECK(p.spec->parts() == std::vector<std::string>{"update_account", "2", "3"});
    CHECK(parse_postgres_step(R"({"query": "SELECT 1"})").spec->parts().empty());
}

TEST_CASE("thresholds may name a transaction's statements, and only those it has", "[postgres][thresholds]") {
    const auto scenario = [](const std::string& thresholds) {
        return R"({"target": "postgresql://u@127.0.0.1:1/db",
  "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
  "steps": [{"name": "tpcb", "postgres": {"transaction": [
    {"name": "debit", "query": "UPDATE a SET b = b - 1 WHERE id = 1"},
    {"query": "SELECT b FROM a WHERE id = 1"}]}}],
  "thresholds": )" +
               thresholds + "}";
    };
    const auto plan = throng::scenarios::parse_scenario(
        scenario(R"({"latency{step:tpcb.debit}": "p(95)<50ms", "errors{step:tpcb.2}": "rate<1%",
                     "latency{part_of:tpcb}": "p(99)<100ms", "latency{step:tpcb}": "p(95)<200ms"})"),
        "s.json", throng::test::all_protocols(), {throng::test::no_env(), {}});
    REQUIRE(plan.thresholds.size() == 4);
    CHECK(plan.thresholds[0].filter == throng::core::Tags{{"step", "tpcb.debit"}});
    CHECK(plan.thresholds[2].filter == throng::core::Tags{{"part_of", "tpcb"}});

    const std::string errors = throng::test::errors_of(
        scenario(R"({"latency{step:tpcb.credit}": "p(95)<50ms", "latency{part_of:debit}": "p(95)<50ms"})"), {},
        throng::test::all_protocols());
    CHECK_THAT(errors, Catch::Contains("no step has the tag `step:tpcb.credit`"));
    CHECK_THAT(errors, Catch::Contains("no step has the tag `part_of:debit`"));
}

TEST_CASE("postgres script step: several statements sent as they are", "[postgres]") {
    const ParsedPostgresStep p =
        parse_postgres_step(R"({"script": "CREATE TABLE IF NOT EXISTS t (id int); INSERT INTO t VALUES (1);"})");
    REQUIRE(p.spec);
    CHECK(p.spec->kind == PostgresStepSpec::Kind::script);
    CHECK(p.spec->script == "CREATE TABLE IF NOT EXISTS t (id int); INSERT INTO t VALUES (1);");
    CHECK(p.spec->describe() == "script");
    const ParsedPostgresStep escaped = parse_postgres_step(R"({"script": "SELECT '$${not a placeholder}'"})");
    REQUIRE(escaped.spec);
    CHECK(escaped.spec->script == "SELECT '${not a placeholder}'");
}

TEST_CASE("postgres step errors name the spot", "[postgres]") {
    CHECK(postgres_step_error(R"({})") ==
          "step.json:1:1: error: postgres step must have one of `query`, `transaction` or `script`");
    CHECK(postgres_step_error(R"({"query": "SELECT 1", "script": "SELECT 2", "params": []})") ==
          "step.json:1:1: error: postgres step must have only one of `query`, `transaction` or `script`");
    CHECK(postgres_step_error(R"({"query": 5})") ==
          "step.json:1:11: error: `query` in postgres step must be a string of SQL, got number (at /query)");
    CHECK(postgres_step_error(R"({"query": "  "})") ==
          "step.json:1:11: error: `query` in postgres step must not be empty (at /query)");
    CHECK(postgres_step_error(R"({"query": "SELECT * FROM t WHERE id = ${id}"})") ==
          "step.json:1:11: error: `query` in postgres step cannot hold ${...} placeholders (it is prepared once per "
          "connection: pass values in `params` as $1, $2, ...) (only ${env.NAME} is allowed, resolved when the "
          "scenario is loaded; $${ is a literal ${) (at /query)");
    CHECK(postgres_step_error(R"({"script": "DELETE FROM ${table}"})") ==
          "step.json:1:12: error: `script` in postgres step cannot hold ${...} placeholders (it is sent as it is) "
          "(only ${env.NAME} is allowed, resolved when the scenario is loaded; $${ is a literal ${) (at /script)");
    CHECK(postgres_step_error(R"({"query": "SELECT $1", "params": "x"})") ==
          "step.json:1:34: error: `params` in postgres step must be an array of values for $1, $2, ..., got \"x\" "
          "(at /params)");
    CHECK(postgres_step_error(R"({"query": "SELECT $1", "params": [{"a": 1}]})") ==
          "step.json:1:35: error: `params` in postgres step must hold strings, numbers, booleans or null, got "
          "object for $1 (at /params/0)");
    CHECK(postgres_step_error(R"({"query": "SELECT 1", "pipeline": 1001})") ==
          "step.json:1:35: error: `pipeline` in postgres step must be an integer from 1 to 1000, got 1001 "
          "(at /pipeline)");
    CHECK(postgres_step_error(R"({"script": "SELECT 1", "pipeline": 2})") ==
          "step.json:1:24: error: `pipeline` in postgres step is used only with `query` (at /pipeline)");
    CHECK(postgres_step_error(R"({"query": "SELECT 1", "isolation": "serializable"})") ==
          "step.json:1:23: error: `isolation` in postgres step is used only with `transaction` (at /isolation)");
    CHECK(postgres_step_error(R"({"transaction": [{"query": "SELECT 1"}], "isolation": "serialisable"})") ==
          "step.json:1:55: error: `isolation` in postgres step must be `read committed`, `repeatable read` or "
          "`serializable`, got \"serialisable\"; did you mean `serializable`? (at /isolation)");
    CHECK(postgres_step_error(R"({"query": "SELECT 1", "trget": "db"})") ==
          "step.json:1:23: error: unknown key `trget` in postgres step; did you mean `target`? (at /trget)");
}

TEST_CASE("postgres step params must match the $n the query uses", "[postgres]") {
    CHECK(postgres_step_error(R"({"query": "SELECT $1, $2", "params": ["a"]})") ==
          "step.json:1:38: error: `params` in postgres step has 1 value but the query uses $2 (at /params)");
    CHECK(postgres_step_error(R"({"query": "SELECT 1", "params": ["a", "b"]})") ==
          "step.json:1:33: error: `params` in postgres step has 2 values but the query uses no $n placeholder "
          "(at /params)");
    CHECK(postgres_step_error(R"({"query": "SELECT $1"})") ==
          "step.json:1:11: error: `query` in postgres step uses $1 but there are no `params` (at /query)");
    // Where $n is not a parameter.
    const ParsedPostgresStep quoted =
        parse_postgres_step(R"({"query": "SELECT '$1', \"a$1\", $$x $2$$ -- $3\n /* $4 */"})");
    REQUIRE(quoted.spec);
}

TEST_CASE("postgres transaction statements: errors and unique names", "[postgres]") {
    CHECK(postgres_step_error(R"({"transaction": []})") ==
          "step.json:1:17: error: `transaction` in postgres step must be an array of 1 to 1000 statements like "
          "{\"name\": \"debit\", \"query\": \"UPDATE ...\", \"params\": [...]}, got array (at /transaction)");
    CHECK(postgres_step_error(
              R"({"transaction": [{"name": "a", "query": "SELECT 1"}, {"name": "a", "query": "SELECT 2"}]})") ==
          "step.json:1:63: error: statement name `a` is used twice in `transaction` (names default to 1, 2, ...) "
          "(at /transaction/1/name)");
    CHECK(postgres_step_error(R"({"transaction": [{"query": "SELECT 1"}, {"name": "1", "query": "SELECT 2"}]})") ==
          "step.json:1:50: error: statement name `1` is used twice in `transaction` (names default to 1, 2, ...) "
          "(at /transaction/1/name)");
    CHECK(postgres_step_error(R"({"transaction": [{"query": "SELECT $1", "params": [1, 2]}]})") ==
          "step.json:1:51: error: `params` in statement 1 of `transaction` has 2 values but the query uses $1 "
          "(at /transaction/0/params)");
    const ParsedPostgresStep misnamed = parse_postgres_step(R"({"transaction": [{"sql": "SELECT 1"}]})");
    CHECK_FALSE(misnamed.spec);
    CHECK(misnamed.errors == std::vector<std::string>{
                                 "step.json:1:18: error: missing required key `query` in statement 1 of `transaction` "
                                 "(at /transaction/0)",
                                 "step.json:1:19: error: unknown key `sql` in statement 1 of `transaction`; expected "
                                 "`name`, `query` or `params` (at /transaction/0/sql)"});
    CHECK(postgres_step_error(R"({"transaction": [{"query": "SELECT 1"}], "params": []})") ==
          "step.json:1:42: error: `params` in postgres step is used only with `query` (a transaction's statements "
          "have their own) (at /params)");
}

TEST_CASE("the $n scan skips literals, identifiers, comments and dollar quotes", "[postgres]") {
    using pg::highest_placeholder;
    CHECK(highest_placeholder("SELECT 1") == 0);
    CHECK(highest_placeholder("SELECT $1") == 1);
    CHECK(highest_placeholder("UPDATE t SET a = $2 WHERE id = $1") == 2);
    CHECK(highest_placeholder("SELECT $10, $9") == 10);
    CHECK(highest_placeholder("SELECT '$5', 'it''s $6'") == 0);
    CHECK(highest_placeholder("SELECT E'\\' $7', $1") == 1);
    CHECK(highest_placeholder("SELECT \"col$8\", a$9 FROM t") == 0);
    CHECK(highest_placeholder("SELECT 1 -- $3\n, $2") == 2);
    CHECK(highest_placeholder("SELECT /* $3 /* nested $4 */ still $5 */ $1") == 1);
    CHECK(highest_placeholder("SELECT $$ $3 $$, $fn$ body $4 $fn$, $2") == 2);
    CHECK(highest_placeholder("SELECT 'unterminated $3") == 0);
}

TEST_CASE("SQLSTATEs map to error classes", "[postgres]") {
    using pg::class_of_sqlstate;
    CHECK(class_of_sqlstate("40001") == pg::sql_serialization());
    CHECK(class_of_sqlstate("40P01") == pg::sql_serialization());
    CHECK(class_of_sqlstate("57014") == pg::sql_canceled());
    CHECK(class_of_sqlstate("53300") == pg::sql_resources());
    CHECK(class_of_sqlstate("53100") == pg::sql_resources());
    CHECK(class_of_sqlstate("57P01") == ErrorClass::reset);
    CHECK(class_of_sqlstate("08006") == ErrorClass::reset);
    CHECK(class_of_sqlstate("08P01") == ErrorClass::protocol);
    CHECK(class_of_sqlstate("28P01") == ErrorClass::other);
    CHECK(class_of_sqlstate("23505") == pg::sql_error());
    CHECK(class_of_sqlstate("42601") == pg::sql_error());
    CHECK(class_of_sqlstate("42P01") == pg::sql_error());
    CHECK(class_of_sqlstate("") == pg::sql_error());
    CHECK(pg::class_of_connect_sqlstate("53300") == pg::sql_resources());
    CHECK(pg::class_of_connect_sqlstate("28P01") == ErrorClass::other);
    CHECK(pg::class_of_connect_sqlstate("3D000") == ErrorClass::other);
}

TEST_CASE("connect failures are classified from libpq's verbose message", "[postgres]") {
    CHECK(pg::sqlstate_in_message("connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  53300: "
                                  "too many connections for role \"x\"\nLOCATION:  InitProcessing") == "53300");
    CHECK(pg::sqlstate_in_message("FATAL:  password authentication failed") == "");
    CHECK(pg::sqlstate_in_message("") == "");

    const auto too_many = pg::classify_connect_failure("failed: FATAL:  53300: sorry, too many clients already", false);
    CHECK(too_many.error == pg::sql_resources());
    CHECK(too_many.code.view() == "53300");
    const auto auth = pg::classify_connect_failure("failed: FATAL:  28P01: password authentication failed", false);
    CHECK(auth.error == ErrorClass::other);
    CHECK(auth.code.view() == "28P01");
    const std::string refused =
        "connection to server at \"127.0.0.1\", port 1 failed: " + std::string(std::strerror(ECONNREFUSED)) +
        "\n\tIs the server running?";
    CHECK(pg::classify_connect_failure(refused, false).error == ErrorClass::connect_refused);
    CHECK(pg::classify_connect_failure(refused, true).error == ErrorClass::connect_timeout);
    CHECK(pg::classify_connect_failure("server closed the connection unexpectedly", false).error == ErrorClass::reset);
    CHECK(pg::classify_connect_failure("could not translate host name \"nope\" to address", false).error ==
          ErrorClass::other);
    // TLS (sslmode), in libpq's words.
    const auto unknown_ca = pg::classify_connect_failure("failed: SSL error: certificate verify failed", false);
    CHECK(unknown_ca.error == throng::targets::tls_verify());
    CHECK(unknown_ca.code.view() == "verify_failed");
    const auto wrong_name = pg::classify_connect_failure(
        "failed: server certificate for \"db.example\" does not match host name \"127.0.0.1\"", false);
    CHECK(wrong_name.error == throng::targets::tls_verify());
    CHECK(wrong_name.code.view() == "name_mismatch");
    const auto plain = pg::classify_connect_failure("failed: server does not support SSL, but SSL was required", false);
    CHECK(plain.error == throng::targets::tls_handshake());
    CHECK(plain.code.view() == "not_tls");
}

TEST_CASE("result rows become JSON typed by column type", "[postgres]") {
    const auto result = make_result(
        {{"id", 23},
         {"big", 20},
         {"ratio", 701},
         {"price", 1700},
         {"ok", 16},
         {"doc", 3802},
         {"raw", 114},
         {"name", 25},
         {"at", 1184}},
        {{"1", "9007199254740993", "0.5", "12.30", "t", R"({"a": [1, 2]})", "[1,2]", "say \"hi\"\n", "2024-01-01"},
         {"-2", std::nullopt, "NaN", "Infinity", "f", "null", "{}", "", std::nullopt},
         {"3", "0", "-Infinity", "-1e+100", std::nullopt, "1", "\"s\"", "\xc3\xa9", "x"}});
    CHECK(rows_json(result.get()) ==
          R"([{"id":1,"big":9007199254740993,"ratio":0.5,"price":12.30,"ok":true,"doc":{"a": [1, 2]},"raw":[1,2],)"
          R"("name":"say \"hi\"\n","at":"2024-01-01"},)"
          R"({"id":-2,"big":null,"ratio":"NaN","price":"Infinity","ok":false,"doc":null,"raw":{},"name":"","at":null},)"
          R"({"id":3,"big":0,"ratio":"-Infinity","price":-1e+100,"ok":null,"doc":1,"raw":"s","name":"é","at":"x"}])");
    CHECK(pg::row_count(result.get()) == 3);
}

TEST_CASE("result JSON: no rows, command results, and the size limit", "[postgres]") {
    const auto empty = make_result({{"a", 23}}, {});
    CHECK(rows_json(empty.get()) == "[]");
    CHECK(pg::row_count(empty.get()) == 0);

    std::unique_ptr<PGresult, decltype(&PQclear)> command(PQmakeEmptyPGresult(nullptr, PGRES_COMMAND_OK), &PQclear);
    CHECK(rows_json(command.get()) == "[]");
    CHECK(pg::row_count(command.get()) == -1);  // no command tag: not a row count
    CHECK(pg::row_count(nullptr) == -1);

    const auto many = make_result({{"n", 23}}, {{"1"}, {"2"}, {"3"}, {"4"}});
    bool truncated = false;
    CHECK(rows_json(many.get(), 1000, &truncated) == R"([{"n":1},{"n":2},{"n":3},{"n":4}])");
    CHECK_FALSE(truncated);
    const std::string cut = rows_json(many.get(), 10, &truncated);
    CHECK(cut == R"([{"n":1},{)");
    CHECK(truncated);
}

TEST_CASE("target URLs: passwords never shown, libpq checks the URL", "[postgres]") {
    CHECK(throng::core::redact_password("postgresql://u:secret@127.0.0.1:5432/db") ==
          "postgresql://u:***@127.0.0.1:5432/db");
    CHECK(throng::core::redact_password("postgres://u@127.0.0.1/db?password=secret&application_name=x") ==
          "postgres://u@127.0.0.1/db?password=***&application_name=x");
    CHECK(throng::core::redact_password("postgresql://127.0.0.1/db") == "postgresql://127.0.0.1/db");

    throng::core::Target target;
    target.url = "postgresql://u:s3cr%zzet@127.0.0.1:5432/db";
    try {
        pg::make_target_settings(target, 0);
        FAIL("a bad URL was accepted");
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        CHECK(message.find("postgresql://u:***@127.0.0.1:5432/db") != std::string::npos);
        CHECK(message.find("s3cr") == std::string::npos);
    }

    target.url = "postgresql://u@127.0.0.1:5432/db?options=-c%20work_mem%3D8MB";
    auto options = std::make_shared<pg::PostgresTargetOptions>();
    options->statement_timeout = std::chrono::milliseconds(1500);
    target.options = options;
    const auto settings = pg::make_target_settings(target, 3);
    CHECK(settings.index == 3);
    REQUIRE(settings.keywords.size() == 5);
    CHECK(std::string(settings.keywords[2]) == "dbname");
    CHECK(std::string(settings.values[2]) == target.url);
    CHECK(std::string(settings.keywords[3]) == "options");
    CHECK(std::string(settings.values[3]) == "-c work_mem=8MB -c statement_timeout=1500");
    CHECK(settings.keywords[4] == nullptr);
}
