#include <catch2/catch.hpp>

#include "targets/drivers/http/base_url.hpp"
#include "targets/drivers/http/request_bytes.hpp"

using namespace throng::targets::http;

TEST_CASE("base URLs split into host, port and prefix", "[http]") {
    auto u = parse_base_url("http://127.0.0.1:8080");
    REQUIRE(u);
    CHECK(u->host == "127.0.0.1");
    CHECK(u->port == 8080);
    CHECK(u->path_prefix.empty());
    CHECK(u->host_header() == "127.0.0.1:8080");

    u = parse_base_url("http://localhost/api/v1/");
    REQUIRE(u);
    CHECK(u->port == 80);
    CHECK(u->path_prefix == "/api/v1");
    CHECK(u->host_header() == "localhost");

    u = parse_base_url("http://[::1]:9000");
    REQUIRE(u);
    CHECK(u->host == "::1");
    CHECK(u->host_header() == "[::1]:9000");
}

TEST_CASE("bad base URLs are refused with a reason", "[http]") {
    std::string why;
    CHECK_FALSE(parse_base_url("https://example.test", &why));
    CHECK(why.find("http://") != std::string::npos);
    CHECK_FALSE(parse_base_url("http://:80", &why));
    CHECK_FALSE(parse_base_url("http://host:0", &why));
    CHECK_FALSE(parse_base_url("http://host:99999", &why));
    CHECK_FALSE(parse_base_url("http://host:80x", &why));
    CHECK_FALSE(parse_base_url("http://host:", &why));
    CHECK_FALSE(parse_base_url("http://host/a?b=1", &why));
}

TEST_CASE("requests are serialized once with the headers throng adds", "[http]") {
    HttpStepSpec get;
    get.path = "/items/42";
    const auto base = *parse_base_url("http://127.0.0.1:8080/api");
    CHECK(serialize_request(get, base) ==
          "GET /api/items/42 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: throng/0.1\r\nAccept: */*\r\n\r\n");

    HttpStepSpec post;
    post.method = "POST";
    post.path = "/echo";
    post.body = R"({"a":1})";
    post.headers = {{"content-type", "application/json"}, {"host", "example.test"}};
    const auto bytes = serialize_request(post, base);
    CHECK(bytes.rfind("POST /api/echo HTTP/1.1\r\n", 0) == 0);
    CHECK(bytes.find("Host: 127.0.0.1") == std::string::npos);  // the step's own Host wins
    CHECK(bytes.find("host: example.test\r\n") != std::string::npos);
    CHECK(bytes.find("Content-Length: 7\r\n") != std::string::npos);
    CHECK(bytes.substr(bytes.size() - 11) == "\r\n\r\n{\"a\":1}");
}
