// A VU's session end to end, through the real binary: the cookie jar (sent
// back, read as ${cookies.NAME}, emptied per iteration or kept) and redirects
// (followed with browsers' method rules, each hop measured under the step).
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "support/routing_server.hpp"
#include "support/temp_dir.hpp"
#include "support/throng_runs.hpp"

using throng::test::RoutingServer;
using throng::test::SeenRequest;

namespace {

std::string shop(const SeenRequest& r) {
    if (r.target == "/login")
        return RoutingServer::reply(200, "Set-Cookie: sid=s-" + r.body +
                                             "; Path=/; HttpOnly\r\n"
                                             "Set-Cookie: pref=1; Path=/account\r\n");
    if (r.target == "/logout") return RoutingServer::reply(200, "Set-Cookie: sid=; Max-Age=0; Path=/\r\n");
    return RoutingServer::reply(200);
}

std::string cookie_scenario(const std::string& url, const std::string& mode) {
    return R"({"target": {"url": ")" + url + "\"" + (mode.empty() ? "" : R"(, "cookies": ")" + mode + "\"") + R"(},
  "executor": {"type": "constant-vus", "vus": 1, "duration": "30s", "iterations": 2},
  "steps": [{"name": "start", "http": {"path": "/start"}},
            {"name": "login", "http": {"method": "POST", "path": "/login", "body": "${iteration}"}},
            {"name": "me", "http": {"path": "/account/me", "headers": {"X-Sid": "${cookies.sid}"},
                                    "cookies": {"theme": "dark"}}},
            {"name": "logout", "http": {"path": "/logout"}},
            {"name": "after", "http": {"path": "/after", "headers": {"X-Sid": "${cookies.sid:-none}"}}}]})";
}

std::vector<std::string> cookies_at(const RoutingServer& server, const std::string& target) {
    std::vector<std::string> out;
    for (const auto& r : server.seen(target)) out.push_back(r.has("cookie") ? r.header("cookie") : "(none)");
    return out;
}

const nlohmann::json& step_named(const nlohmann::json& result, const std::string& name) {
    for (const auto& step : result["steps"])
        if (step["name"] == name) return step;
    FAIL("no step " << name);
    return result;
}

}  // namespace

TEST_CASE("a VU's cookies go back to the server and into its cookies.NAME variables, emptied per iteration",
          "[integration][http][cookies]") {
    RoutingServer server(shop);
    throng::test::TempDir dir;
    const auto run = throng::test::run_scenario(dir, cookie_scenario(server.url(), ""));
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code == 0);
    // Longest path first, then oldest: pref (/account), sid, theme (the step's, path /).
    CHECK(cookies_at(server, "/account/me") ==
          std::vector<std::string>{"pref=1; sid=s-0; theme=dark", "pref=1; sid=s-1; theme=dark"});
    CHECK(server.seen("/account/me")[0].header("x-sid") == "s-0");
    CHECK(server.seen("/account/me")[1].header("x-sid") == "s-1");
    // Max-Age=0 deleted sid, and its variable with it.
    CHECK(cookies_at(server, "/after") == std::vector<std::string>{"theme=dark", "theme=dark"});
    CHECK(server.seen("/after")[0].header("x-sid") == "none");
    // Each iteration starts with an empty jar, as k6's.
    CHECK(cookies_at(server, "/start") == std::vector<std::string>{"(none)", "(none)"});
}

TEST_CASE("a target's cookies can be kept for the VU's life, or not used", "[integration][http][cookies]") {
    RoutingServer server(shop);
    throng::test::TempDir kept_dir;
    const auto kept = throng::test::run_scenario(kept_dir, cookie_scenario(server.url(), "vu"));
    INFO(kept.process.out << kept.process.err);
    REQUIRE(kept.process.exit_code == 0);
    CHECK(cookies_at(server, "/start") == std::vector<std::string>{"(none)", "theme=dark"});

    RoutingServer plain(shop);
    throng::test::TempDir off_dir;
    const auto off = throng::test::run_scenario(off_dir, cookie_scenario(plain.url(), "off"));
    INFO(off.process.out << off.process.err);
    REQUIRE(off.process.exit_code == 0);
    for (const auto& r : plain.seen()) CHECK_FALSE(r.has("cookie"));
    CHECK(plain.seen("/account/me")[0].header("x-sid").empty());
}

TEST_CASE("redirects are followed as browsers do, each hop measured under the step", "[integration][http][redirects]") {
    RoutingServer elsewhere([](const SeenRequest&) { return RoutingServer::reply(200, "", "there"); });
    const std::string away = "http://localhost:" + std::to_string(elsewhere.port()) + "/there";
    RoutingServer server([&](const SeenRequest& r) {
        if (r.target == "/old") return RoutingServer::reply(301, "Location: /new\r\n");
        if (r.target == "/form") return RoutingServer::reply(303, "Location: /done?from=form\r\n");
        if (r.target == "/keep") return RoutingServer::reply(307, "Location: keep2\r\n");
        if (r.target == "/keep2") return RoutingServer::reply(200, "", r.method + " " + r.body);
        if (r.target == "/loop") return RoutingServer::reply(302, "Location: /loop\r\n");
        if (r.target == "/away" || r.target == "/nohop") return RoutingServer::reply(302, "Location: " + away + "\r\n");
        return RoutingServer::reply(200, "", "landed");
    });
    const std::string base = server.url();                            // http://127.0.0.1:PORT
    const std::string with_user = "http://ann:pw@" + base.substr(7);  // credentials for this origin only
    throng::test::TempDir dir;
    const auto run = throng::test::run_scenario(dir, R"({"target": ")" + with_user + R"(",
  "executor": {"type": "constant-vus", "vus": 1, "duration": "30s", "iterations": 1},
  "steps": [{"name": "old", "http": {"path": "/old"},
             "checks": {"landed": {"url": ")" + base + R"(/new"}, "one hop": {"redirects": 1}, "ok": {"status": 200}}},
            {"name": "form", "http": {"method": "POST", "path": "/form", "form": {"a": "1"}},
             "checks": {"as GET": {"url": ")" + base + R"(/done?from=form"}}},
            {"name": "keep", "http": {"method": "POST", "path": "/keep", "body": "payload"},
             "checks": {"same POST": {"body_contains": "POST payload"}}},
            {"name": "loop", "http": {"path": "/loop", "redirects": 3}},
            {"name": "away", "http": {"path": "/away"},
             "checks": {"there": {"url": ")" + away + R"("}, "body": {"body_contains": "there"}}},
            {"name": "nohop", "http": {"path": "/nohop", "redirects": 0},
             "checks": {"kept 302": {"status": 302}, "none": {"redirects": 0}}}]})");
    INFO(run.process.out << run.process.err);
    REQUIRE(run.process.exit_code != 2);
    const nlohmann::json& result = run.result;
    REQUIRE(result.is_object());
    for (const auto& check : result["checks"]) {
        INFO(check.dump());
        CHECK(check["fails"] == 0);
        CHECK(check["passes"] == 1);
    }
    // Each hop is a request of the step, with its own status.
    const auto& old_step = step_named(result, "old");
    CHECK(old_step["requests"] == 2);
    CHECK(old_step["statuses"] == nlohmann::json{{"200", 1}, {"301", 1}});
    // A loop ends at the limit: the limit's hops, then the failure.
    const auto& loop = step_named(result, "loop");
    CHECK(loop["requests"] == 4);
    CHECK(loop["errors"]["total"] == 1);
    CHECK(loop["errors"]["by_class"]["protocol"] == 1);
    CHECK(loop["errors"]["by_code"].dump().find("max_redirects") != std::string::npos);
    CHECK(server.seen("/loop").size() == 4);
    CHECK(step_named(result, "nohop")["requests"] == 1);

    // 303: a GET without the form; 307: the same POST and body.
    const auto done = server.seen("/done?from=form");
    REQUIRE(done.size() == 1);
    CHECK(done[0].method == "GET");
    CHECK_FALSE(done[0].has("content-length"));
    CHECK_FALSE(done[0].has("content-type"));
    const auto kept = server.seen("/keep2");
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].method == "POST");
    CHECK(kept[0].body == "payload");
    // Credentials go to the target's origin only, and Host names the new one.
    CHECK(kept[0].has("authorization"));
    const auto there = elsewhere.seen("/there");
    REQUIRE(there.size() == 1);
    CHECK_FALSE(there[0].has("authorization"));
    CHECK(there[0].header("host") == "localhost:" + std::to_string(elsewhere.port()));
}
