// Where a redirect leads and what the next request carries.
#include <catch2/catch.hpp>

#include <string>

#include "targets/drivers/http/redirect.hpp"
#include "targets/drivers/http/request_bytes.hpp"

using namespace throng::targets::http;

TEST_CASE("Location resolves against the URL the response came from", "[http][redirects]") {
    const std::string from = "http://127.0.0.1:8080/shop/cart?x=1";
    std::string why;
    auto next = follow_location(from, "checkout", 302, "GET", &why);
    REQUIRE(next);
    CHECK(next->target == "/shop/checkout");
    CHECK(next->base.host == "127.0.0.1");
    CHECK(next->base.port == 8080);
    CHECK_FALSE(next->base.tls);
    next = follow_location(from, "../login?back=%2Fcart#top", 302, "GET", &why);
    REQUIRE(next);
    CHECK(next->target == "/login?back=%2Fcart");  // no fragment
    next = follow_location(from, "https://LOCALHOST:9443", 301, "GET", &why);
    REQUIRE(next);
    CHECK(next->base.tls);
    CHECK(next->base.host == "localhost");
    CHECK(next->base.port == 9443);
    CHECK(next->target == "/");
    next = follow_location(from, "//[::1]/v6", 302, "GET", &why);
    REQUIRE(next);
    CHECK(next->base.host == "::1");
    CHECK(next->base.port == 80);
    CHECK(absolute_url(next->base, next->target) == "http://[::1]/v6");
    CHECK_FALSE(follow_location(from, "ftp://files.test/x", 302, "GET", &why));
    CHECK(why.find("scheme") != std::string::npos);
    CHECK_FALSE(follow_location(from, "http://exa mple/", 302, "GET", &why));
    CHECK_FALSE(follow_location(from, "https://[::1]:8443q#x", 302, "GET", &why));  // the fuzzer's find
    CHECK(why.find("port") != std::string::npos);
}

TEST_CASE("redirects change the method as browsers do", "[http][redirects]") {
    const std::string from = "http://h.test/a";
    const auto method = [&](int status, const char* original) {
        auto next = follow_location(from, "/b", status, original, nullptr);
        REQUIRE(next);
        return next->method + (next->keep_body ? "+body" : "");
    };
    CHECK(method(303, "POST") == "GET");
    CHECK(method(303, "PUT") == "GET");
    CHECK(method(303, "HEAD") == "HEAD+body");  // HEAD stays HEAD (it has no body to keep)
    CHECK(method(302, "POST") == "GET");
    CHECK(method(301, "POST") == "GET");
    CHECK(method(302, "PUT") == "PUT+body");
    CHECK(method(307, "POST") == "POST+body");
    CHECK(method(308, "PATCH") == "PATCH+body");
    CHECK(is_redirect(301));
    CHECK(is_redirect(308));
    CHECK_FALSE(is_redirect(300));
    CHECK_FALSE(is_redirect(304));
}

TEST_CASE("the next request keeps the step's headers, drops its body or credentials as it must", "[http][redirects]") {
    const std::string request =
        "POST /login HTTP/1.1\r\nHost: shop.test\r\nUser-Agent: throng/0.1\r\nX-Trace: 7\r\n"
        "Authorization: Basic YTpi\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}";
    CHECK(request_target_of(request) == "/login");
    CHECK(request_has_header(request, "x-trace"));
    CHECK_FALSE(request_has_header(request, "Cookie"));
    std::string out;

    // 303 on the same origin: a GET without the body, credentials kept.
    auto next = follow_location("http://shop.test/login", "/home", 303, "POST", nullptr);
    REQUIRE(next);
    rewrite_for_redirect(request, *next, true, out);
    CHECK(out ==
          "GET /home HTTP/1.1\r\nHost: shop.test\r\nUser-Agent: throng/0.1\r\nX-Trace: 7\r\n"
          "Authorization: Basic YTpi\r\n\r\n");

    // 307 to another origin: the same POST and body, no credentials, its own Host.
    next = follow_location("http://shop.test/login", "http://auth.test:81/login", 307, "POST", nullptr);
    REQUIRE(next);
    rewrite_for_redirect(request, *next, false, out);
    CHECK(out ==
          "POST /login HTTP/1.1\r\nHost: auth.test:81\r\nUser-Agent: throng/0.1\r\nX-Trace: 7\r\n"
          "Content-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}");

    // The jar's cookies go right after the request line.
    add_cookie_header("GET / HTTP/1.1\r\nHost: h\r\n\r\n", "a=1; b=2", out);
    CHECK(out == "GET / HTTP/1.1\r\nCookie: a=1; b=2\r\nHost: h\r\n\r\n");
}
