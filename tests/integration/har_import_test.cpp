// `throng import har` end to end: a recording of a login-then-browse session
// against the demo service becomes a scenario the schema accepts, `throng
// validate` accepts, and that runs against the demo with its token
// correlated live (the demo's /me answers 401 without it).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "examples/demo-service/demo_service.hpp"
#include "support/json_schema.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/throng_runs.hpp"

TEST_CASE("a HAR recording imports into a scenario that validates and runs", "[integration][http][har]") {
    throng::demo::DemoService demo;
    demo.start();
    const throng::test::TempDir dir;
    std::string har = throng::test::read_text(throng::test::source_dir + "/tests/golden/har/login-then-browse.har");
    const std::string origin = demo.base_url();  // http://127.0.0.1:PORT
    const std::string port = origin.substr(origin.rfind(':') + 1);
    for (auto at = har.find("PORT"); at != std::string::npos; at = har.find("PORT")) har.replace(at, 4, port);
    const auto har_file = dir.write("session.har", har);

    const auto imported = throng::test::run_process(
        {throng::test::throng_binary, "import", "har", har_file.string(), "--skip-static"}, dir.path());
    INFO(imported.out << imported.err);
    REQUIRE(imported.exit_code == 0);
    CHECK(imported.err.find("cookie") != std::string::npos);  // said, not silently dropped
    const auto scenario = dir.write("session.json", imported.out);
    std::string why;
    CHECK(throng::test::validates_against(throng::test::source_dir + "/scenarios/scenario.schema.json", scenario, why));
    INFO(why);

    const auto validated =
        throng::test::run_process({throng::test::throng_binary, "validate", scenario.string()}, dir.path());
    INFO(validated.out << validated.err);
    CHECK(validated.exit_code == 0);

    const auto ran = throng::test::run_process(
        {throng::test::throng_binary, "run", scenario.string(), "--out", "out", "--quiet"}, dir.path());
    INFO(ran.out << ran.err);
    REQUIRE(ran.exit_code == 0);
    const nlohmann::json result = throng::test::read_result(dir);
    REQUIRE(result["steps"].size() == 4);
    CHECK(result["steps"][1]["name"] == "POST /login");
    CHECK(result["steps"][2]["name"] == "GET /me");
    CHECK(result["steps"][2]["statuses"] == nlohmann::json{{"200", 1}});  // the token came from /login
    CHECK(result["total"]["errors"]["total"] == 0);

    const auto bad = throng::test::run_process(
        {throng::test::throng_binary, "import", "har", dir.write("not.har", "{\"log\": 1}").string()}, dir.path());
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("not a HAR file") != std::string::npos);
}
