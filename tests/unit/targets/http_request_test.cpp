#include <catch2/catch.hpp>

#include "targets/drivers/http/base_url.hpp"
#include "targets/drivers/http/basic_auth.hpp"
#include "harness/core/random.hpp"
#include "harness/core/template.hpp"
#include "harness/core/variables.hpp"
#include "targets/drivers/http/request_bytes.hpp"

using namespace throng::targets::http;
using throng::core::Template;

namespace {
Template text(const std::string& s) {
    return Template::parse(s, [](std::string_view) { return std::nullopt; });
}

// The request's bytes as VU `vu` with `vars` would send them.
std::string rendered(const HttpStepSpec& step, const BaseUrl& base, const throng::core::Variables& vars, int vu) {
    throng::core::Rng rng(1);
    const throng::core::TemplateScope scope{&vars, vu, 0, "s", &rng};
    std::string out, scratch;
    render_request(step, base, scope, out, scratch);
    return out;
}
}  // namespace

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
    CHECK(u->host_is_address);
    CHECK(u->host_header() == "[::1]:9000");
    CHECK_FALSE(u->tls);
}

TEST_CASE("https base URLs default to port 443, which the Host header leaves out", "[http]") {
    auto u = parse_base_url("https://example.test");
    REQUIRE(u);
    CHECK(u->tls);
    CHECK(u->port == 443);
    CHECK_FALSE(u->host_is_address);
    CHECK(u->host_header() == "example.test");
    u = parse_base_url("https://127.0.0.1:8443/api");
    REQUIRE(u);
    CHECK(u->host_is_address);
    CHECK(u->host_header() == "127.0.0.1:8443");
    CHECK(u->path_prefix == "/api");
    u = parse_base_url("https://example.test:80");
    REQUIRE(u);
    CHECK(u->host_header() == "example.test:80");
}

TEST_CASE("bad base URLs are refused with a reason", "[http]") {
    std::string why;
    CHECK_FALSE(parse_base_url("ftp://example.test", &why));
    CHECK(why == "the URL must start with http:// or https://");
    CHECK_FALSE(parse_base_url("http://:80", &why));
    CHECK_FALSE(parse_base_url("http://host:0", &why));
    CHECK_FALSE(parse_base_url("http://host:99999", &why));
    CHECK_FALSE(parse_base_url("http://host:80x", &why));
    CHECK_FALSE(parse_base_url("http://host:", &why));
    CHECK_FALSE(parse_base_url("http://host/a?b=1", &why));
}

TEST_CASE("base64 and Basic credentials follow RFC 4648 and RFC 7617", "[http]") {
    const auto base64 = [](std::string_view text) {
        std::string out;
        append_base64(out, text);
        return out;
    };
    CHECK(base64("").empty());
    CHECK(base64("f") == "Zg==");
    CHECK(base64("fo") == "Zm8=");
    CHECK(base64("foo") == "Zm9v");
    CHECK(base64("foob") == "Zm9vYg==");
    CHECK(base64("fooba") == "Zm9vYmE=");
    CHECK(base64("foobar") == "Zm9vYmFy");
    CHECK(base64(std::string("\xff\xfe\x00", 3)) == "//4A");
    CHECK(basic_credentials("Aladdin", "open sesame") == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
}

TEST_CASE("a target URL's user and password are sent as Basic credentials", "[http]") {
    // Percent-decoded first: the user is "us@er", the password "p:ss w".
    const auto base = parse_base_url("http://us%40er:p%3Ass%20w@127.0.0.1:8080/api");
    REQUIRE(base);
    CHECK(base->host == "127.0.0.1");
    CHECK(base->authorization == basic_credentials("us@er", "p:ss w"));
    CHECK(parse_base_url("http://ann@h")->authorization == basic_credentials("ann", ""));
    CHECK(parse_base_url("http://h")->authorization.empty());

    HttpStepSpec get;
    get.path = text("/me");
    CHECK(serialize_request(get, *base).find("\r\nAuthorization: " + base->authorization + "\r\n") !=
          std::string::npos);
    // A step's own Authorization header wins.
    get.headers = {{"Authorization", text("Bearer t")}};
    const std::string own = serialize_request(get, *base);
    CHECK(own.find("Authorization: Bearer t\r\n") != std::string::npos);
    CHECK(own.find("Basic") == std::string::npos);
}

TEST_CASE("a step's basic_auth is rendered per request and replaces the URL's", "[http]") {
    HttpStepSpec me;
    me.path = text("/me");
    me.basic_auth = HttpStepSpec::Credentials{text("vu${vu}"), text("${secret}")};
    CHECK_FALSE(me.is_constant());
    throng::core::Variables vars;
    vars.set("secret", "s3cr3t");
    const auto base = *parse_base_url("http://url:creds@127.0.0.1:8080");
    const std::string out = rendered(me, base, vars, 4);
    CHECK(out.find("\r\nAuthorization: " + basic_credentials("vu4", "s3cr3t") + "\r\n") != std::string::npos);
    CHECK(out.find(base.authorization) == std::string::npos);
    CHECK(out.ends_with("\r\n\r\n"));
}

TEST_CASE("requests are serialized once with the headers throng adds", "[http]") {
    HttpStepSpec get;
    get.path = text("/items/42");
    const auto base = *parse_base_url("http://127.0.0.1:8080/api");
    CHECK(serialize_request(get, base) ==
          "GET /api/items/42 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: throng/0.1\r\nAccept: */*\r\n\r\n");

    HttpStepSpec post;
    post.method = "POST";
    post.path = text("/echo");
    post.body = text(R"({"a":1})");
    post.headers = {{"content-type", text("application/json")}, {"host", text("example.test")}};
    const auto bytes = serialize_request(post, base);
    CHECK(bytes.rfind("POST /api/echo HTTP/1.1\r\n", 0) == 0);
    CHECK(bytes.find("Host: 127.0.0.1") == std::string::npos);  // the step's own Host wins
    CHECK(bytes.find("host: example.test\r\n") != std::string::npos);
    CHECK(bytes.find("Content-Length: 7\r\n") != std::string::npos);
    CHECK(bytes.substr(bytes.size() - 11) == "\r\n\r\n{\"a\":1}");
}

TEST_CASE("templated requests are rendered per request with a body length to match", "[http]") {
    HttpStepSpec post;
    post.method = "POST";
    post.path = text("/users/${user}?page=${iteration}");
    post.body = text(R"({"name":"${user}","vu":${vu}})");
    post.headers = {{"Authorization", text("Bearer ${token}")}};
    CHECK_FALSE(post.is_constant());
    throng::core::Variables vars;
    vars.set("user", "ann");
    vars.set("token", "abc");
    throng::core::Rng rng(1);
    const throng::core::TemplateScope scope{&vars, 7, 3, "s", &rng};
    const auto base = *parse_base_url("http://127.0.0.1:8080");
    std::string out, scratch;
    render_request(post, base, scope, out, scratch);
    CHECK(out.rfind("POST /users/ann?page=3 HTTP/1.1\r\n", 0) == 0);
    CHECK(out.find("Authorization: Bearer abc\r\n") != std::string::npos);
    CHECK(out.find("Content-Length: 21\r\n") != std::string::npos);
    CHECK(out.substr(out.size() - 21) == R"({"name":"ann","vu":7})");

    // A value with spaces or line breaks cannot break the framing.
    vars.set("user", "a b");
    vars.set("token", "x\r\nEvil: 1");
    render_request(post, base, scope, out, scratch);
    CHECK(out.rfind("POST /users/a%20b?page=3 HTTP/1.1\r\n", 0) == 0);
    CHECK(out.find("Authorization: Bearer x  Evil: 1\r\n") != std::string::npos);
    CHECK(out.find("\r\nEvil") == std::string::npos);
}

TEST_CASE("a form is sent urlencoded, its values encoded as rendered", "[http]") {
    HttpStepSpec login;
    login.method = "POST";
    login.path = text("/login");
    login.form = {{"user", text("vu${vu}")}, {"pass%20word", text("a b&c=d/é")}, {"empty", text("")}};
    CHECK_FALSE(login.is_constant());
    throng::core::Variables vars;
    const auto base = *parse_base_url("http://127.0.0.1:8080");
    std::string out = rendered(login, base, vars, 7);
    const std::string body = "user=vu7&pass%20word=a+b%26c%3Dd%2F%C3%A9&empty=";
    CHECK(out.find("Content-Length: " + std::to_string(body.size()) + "\r\n") != std::string::npos);
    CHECK(out.substr(out.size() - body.size()) == body);

    // A value rendered with the separators in it stays one value.
    HttpStepSpec search;
    search.method = "POST";
    search.path = text("/search");
    search.form = {{"q", text("${term}")}};
    vars.set("term", "x&admin=1");
    out = rendered(search, base, vars, 7);
    CHECK(out.substr(out.size() - 17) == "\r\nq=x%26admin%3D1");

    HttpStepSpec fixed;
    fixed.method = "POST";
    fixed.path = text("/f");
    fixed.form = {{"a", text("1")}, {"b", text("two words")}};
    CHECK(fixed.is_constant());
    CHECK(serialize_request(fixed, base).ends_with("Content-Length: 15\r\n\r\na=1&b=two+words"));
}
