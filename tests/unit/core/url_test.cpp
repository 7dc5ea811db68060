// Target URLs as every protocol reads them (Boost.URL underneath).
#include <catch2/catch.hpp>

#include "harness/core/url.hpp"

using throng::core::parse_url;

namespace {

std::string url_problem(std::string_view text) {
    std::string why;
    CHECK_FALSE(parse_url(text, &why));
    return why;
}

}  // namespace

TEST_CASE("a URL splits into scheme, user info, host, port, path and query", "[core][url]") {
    auto u = parse_url("postgresql://app:s3cret@127.0.0.1:5432/shop?sslmode=disable#x");
    REQUIRE(u);
    CHECK(u->scheme == "postgresql");
    CHECK(u->authority == "app:s3cret@127.0.0.1:5432");
    CHECK(u->has_userinfo);
    CHECK(u->user == "app");
    CHECK(u->has_password);
    CHECK(u->password == "s3cret");
    CHECK(u->host == "127.0.0.1");
    CHECK_FALSE(u->ipv6);
    CHECK(u->has_port);
    CHECK(u->port == 5432);
    CHECK(u->path == "/shop");
    CHECK(u->has_query);
    CHECK(u->query == "sslmode=disable");
    CHECK(u->has_fragment);

    u = parse_url("http://localhost");
    REQUIRE(u);
    CHECK_FALSE(u->has_userinfo);
    CHECK_FALSE(u->has_port);
    CHECK(u->path.empty());
    CHECK_FALSE(u->has_query);
}

TEST_CASE("IPv6 literals lose their brackets and keep their port", "[core][url]") {
    auto u = parse_url("redis://[::1]:6380/2");
    REQUIRE(u);
    CHECK(u->host == "::1");
    CHECK(u->ipv6);
    CHECK(u->port == 6380);
    CHECK(u->path == "/2");
    u = parse_url("http://[2001:db8::7]");
    REQUIRE(u);
    CHECK(u->host == "2001:db8::7");
    CHECK_FALSE(u->has_port);
    CHECK(url_problem("http://[::1") == "unclosed '[' in the host");
    CHECK(url_problem("http://[::1]x") == "expected ':' and a port after the IPv6 address");
    CHECK(url_problem("http://[::1]:x").find("port") != std::string::npos);
    CHECK(url_problem("http://[nonsense]").find("IPv6") != std::string::npos);
}

TEST_CASE("user info is percent-decoded, and an empty password is still one", "[core][url]") {
    auto u = parse_url("redis://bob:p%40ss%3Aword@host");
    REQUIRE(u);
    CHECK(u->user == "bob");
    CHECK(u->password == "p@ss:word");
    u = parse_url("redis://:@host");
    REQUIRE(u);
    CHECK(u->has_userinfo);
    CHECK(u->user.empty());
    CHECK(u->has_password);
    CHECK(u->password.empty());
    u = parse_url("redis://bob@host");
    REQUIRE(u);
    CHECK(u->has_userinfo);
    CHECK_FALSE(u->has_password);
    u = parse_url("http://h%61st:80/a%20b");
    REQUIRE(u);
    CHECK(u->host == "hast");
    CHECK(u->path == "/a%20b");  // paths stay as written: they are sent so
    CHECK(url_problem("redis://:p%zz@host") == "a '%' must start a %XX escape");
    CHECK(url_problem("redis://:p@ss@host") == "an '@' in the user or password must be written %40");
    // An escape may not smuggle a line break, a slash or a NUL into the host (and the Host header).
    for (const char* host : {"http://ev%0D%0Ail", "http://a%2Fb", "http://a%00b", "http://a%20b"})
        CHECK(url_problem(host) == "the host has a character a host name cannot have (from a %XX escape?)");
    CHECK(url_problem("http://host/%4") == "a '%' must start a %XX escape");
}

TEST_CASE("a port is a number from 1 to 65535", "[core][url]") {
    CHECK(parse_url("http://h:1")->port == 1);
    CHECK(parse_url("http://h:65535")->port == 65535);
    CHECK(url_problem("http://h:0") == "the port must be a number from 1 to 65535, got \"0\"");
    CHECK(url_problem("http://h:65536") == "the port must be a number from 1 to 65535, got \"65536\"");
    CHECK(url_problem("http://h:99999999999999999999").find("port") != std::string::npos);
    CHECK(url_problem("http://h:80x") == "the port must be a number from 1 to 65535, got \"80x\"");
    CHECK(url_problem("http://h:") == "the port must be a number from 1 to 65535, got \"\"");
}

TEST_CASE("what is not a URL with a host is refused, saying why", "[core][url]") {
    CHECK(url_problem("http://") == "the URL has no host");
    CHECK(url_problem("redis://:6379") == "the URL has no host");
    CHECK(url_problem("embedded:demo") == "the URL must start with a scheme and ://");
    CHECK(url_problem("127.0.0.1:8080") == "the URL must start with a scheme and ://");
    CHECK(url_problem("http://a b").find("not a URL") != std::string::npos);
}
