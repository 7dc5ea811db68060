// The one list of protocols the CLI, the C++ API and the tests share.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

#include "targets/protocols.hpp"

namespace targets = throng::targets;

TEST_CASE("every protocol is listed once, with its parser, driver and error classes", "[targets][protocols]") {
    const auto protocols = targets::protocols();
    const auto parsers = targets::step_parsers();
    REQUIRE(protocols.size() == parsers.size());
    std::set<std::string> names;
    std::map<std::string, int> classes;  // name -> how many protocols declare it
    for (std::size_t i = 0; i < protocols.size(); ++i) {
        const auto& protocol = *protocols[i];
        CHECK(names.insert(std::string(protocol.name())).second);
        CHECK(parsers[i] == &protocol.step_parser());
        for (const auto c : protocol.error_classes()) {
            CHECK(c != throng::core::ErrorClass::none);
            ++classes[std::string(c.name())];
        }
    }
    // No two protocols share a class, but for TLS's, which HTTPS and
    // PostgreSQL (sslmode) both declare (tls_error_classes.hpp).
    for (const auto& [name, count] : classes) {
        INFO(name);
        CHECK(count == (name.starts_with("tls_") ? 2 : 1));
    }
    CHECK(names == std::set<std::string>{"http", "postgres", "redis", "tcp"});
    CHECK(classes.count("http_5xx") == 1);
    CHECK(classes.count("sql_serialization") == 1);
    CHECK(classes.count("redis_unavailable") == 1);

    const targets::Drivers drivers;
    REQUIRE(drivers.all().size() == protocols.size());
    for (std::size_t i = 0; i < protocols.size(); ++i) CHECK(drivers.all()[i]->protocol() == protocols[i]->name());
}

TEST_CASE("a target URL is checked by the protocol whose form it has", "[targets][protocols]") {
    CHECK_FALSE(targets::target_url_problem("http://127.0.0.1:8080"));
    CHECK_FALSE(targets::target_url_problem("embedded:demo"));
    CHECK(targets::target_url_problem("http://127.0.0.1:99999").has_value());
    CHECK_FALSE(targets::target_url_problem("redis://127.0.0.1:6379/0"));
    CHECK(targets::target_url_problem("redis://127.0.0.1:6379/x").has_value());
    CHECK_FALSE(targets::target_url_problem("tcp://127.0.0.1:11211"));
    CHECK_FALSE(targets::target_url_problem("tcp://[::1]:11211/"));
    CHECK(targets::target_url_problem("tcp://127.0.0.1") == "a tcp URL needs a port: tcp://host:port");
    CHECK(targets::target_url_problem("tcp://u@127.0.0.1:1") == "a tcp URL has no user or password: tcp://host:port");
    CHECK(targets::target_url_problem("tcp://127.0.0.1:1/x?y") ==
          "a tcp URL is only tcp://host:port, without a path or a query");
    // libpq reads its own URLs when it connects; a scheme no protocol has is the parser's to reject.
    CHECK_FALSE(targets::target_url_problem("postgresql://u@127.0.0.1:1/db"));
    CHECK_FALSE(targets::target_url_problem("ftp://127.0.0.1"));
}
