#include "targets/drivers/redis/redis_url.hpp"

#include <catch2/catch.hpp>

using throng::targets::redis::parse_redis_url;
using throng::targets::redis::RedisUrl;

namespace {
std::string why_not(const std::string& url) {
    std::string why;
    CHECK_FALSE(parse_redis_url(url, &why));
    return why;
}
}  // namespace

TEST_CASE("redis URLs: host, port and database", "[redis]") {
    auto url = parse_redis_url("redis://127.0.0.1");
    REQUIRE(url);
    CHECK(url->host == "127.0.0.1");
    CHECK(url->port == 6379);
    CHECK(url->db == 0);
    CHECK_FALSE(url->has_password);

    url = parse_redis_url("redis://cache.local:7000/3");
    REQUIRE(url);
    CHECK(url->host == "cache.local");
    CHECK(url->port == 7000);
    CHECK(url->db == 3);

    url = parse_redis_url("redis://[::1]:6380/");
    REQUIRE(url);
    CHECK(url->host == "::1");
    CHECK(url->port == 6380);
    CHECK(url->db == 0);
}

TEST_CASE("redis URLs: password, user and password, percent-encoded", "[redis]") {
    auto url = parse_redis_url("redis://:secret@127.0.0.1:6379/1");
    REQUIRE(url);
    CHECK(url->has_password);
    CHECK(url->user.empty());
    CHECK(url->password == "secret");
    CHECK(url->db == 1);

    url = parse_redis_url("redis://bob:p%40ss%3Aword@host");
    REQUIRE(url);
    CHECK(url->user == "bob");
    CHECK(url->password == "p@ss:word");
    CHECK(url->host == "host");

    url = parse_redis_url("redis://:@host");  // an empty password is still sent
    REQUIRE(url);
    CHECK(url->has_password);
    CHECK(url->password.empty());
}

TEST_CASE("redis URLs: other forms are refused with a reason", "[redis]") {
    CHECK(why_not("rediss://host").find("redis://[[user]:password@]host[:port][/db]") != std::string::npos);
    CHECK(why_not("http://host").find("rediss:// and unix sockets are not supported") != std::string::npos);
    CHECK(why_not("redis://").find("no host") != std::string::npos);
    CHECK(why_not("redis://:6379").find("no host") != std::string::npos);
    CHECK(why_not("redis://host:0").find("port") != std::string::npos);
    CHECK(why_not("redis://host:70000").find("port") != std::string::npos);
    CHECK(why_not("redis://host:x").find("port") != std::string::npos);
    CHECK(why_not("redis://host/x").find("database") != std::string::npos);
    CHECK(why_not("redis://host/-1").find("database") != std::string::npos);
    CHECK(why_not("redis://host?db=1").find("query") != std::string::npos);
    CHECK(why_not("redis://bob@host").find("the user needs a password") != std::string::npos);
    CHECK(why_not("redis://:p%zz@host").find("%XX") != std::string::npos);
    CHECK(why_not("redis://[::1").find("unclosed") != std::string::npos);
}
