#include "targets/drivers/http/http_step.hpp"

#include <catch2/catch.hpp>

#include <optional>

using namespace std::chrono_literals;
using throng::core::Diagnostics;
using throng::core::StepParseContext;
using throng::targets::http::HttpStepParser;
using throng::targets::http::HttpStepSpec;
using throng::targets::http::is_http_token;
namespace json = throng::core::json;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The parsed step as plain text: templates by their source.
struct HttpStepText {
    std::string method, path, body;
    Headers headers;
    std::string describe;
    bool constant = true;
    Headers form;  // encoded names, value templates
};

struct ParsedHttpStep {
    std::optional<HttpStepText> spec;
    std::vector<std::string> errors;     // formatted, in source order
    std::vector<std::string> variables;  // read by the step's templates
};

ParsedHttpStep parse_http_step(const std::string& text) {
    const json::Value node = json::parse(text);
    Diagnostics diags("step.json");
    StepParseContext context(diags, [](std::string_view name) -> std::optional<std::string> {
        if (name == "HOST_ID") return "h1";
        return std::nullopt;
    });
    const auto parsed = std::dynamic_pointer_cast<const HttpStepSpec>(HttpStepParser().parse(node, context));
    ParsedHttpStep out;
    if (parsed) {
        HttpStepText spec{parsed->method,
                          parsed->path.source(),
                          parsed->body.source(),
                          {},
                          parsed->describe(),
                          parsed->is_constant(),
                          {}};
        for (const auto& [name, value] : parsed->headers) spec.headers.emplace_back(name, value.source());
        for (const auto& [name, value] : parsed->form) spec.form.emplace_back(name, value.source());
        out.spec = spec;
    }
    for (const auto& d : diags.list()) out.errors.push_back(d.format());
    for (const auto& use : context.uses()) out.variables.push_back(use.name);
    return out;
}

// The single message reported; fails unless there is exactly one.
std::string http_step_error(const std::string& text) {
    const ParsedHttpStep parsed = parse_http_step(text);
    CHECK_FALSE(parsed.spec);
    REQUIRE(parsed.errors.size() == 1);
    return parsed.errors[0];
}

}  // namespace

TEST_CASE("http step parser identifies itself", "[http_step]") {
    HttpStepParser parser;
    CHECK(parser.key() == "http");
    HttpStepSpec spec;
    spec.path = throng::core::Template::parse("/items/42", {});
    CHECK(spec.protocol() == "http");
    CHECK(spec.describe() == "GET /items/42");
}

TEST_CASE("http step minimal: GET by default", "[http_step]") {
    const ParsedHttpStep p = parse_http_step(R"({"path": "/health"})");
    REQUIRE(p.spec);
    CHECK(p.errors.empty());
    CHECK(p.spec->method == "GET");
    CHECK(p.spec->path == "/health");
    CHECK(p.spec->headers.empty());
    CHECK(p.spec->body.empty());
    CHECK(p.spec->describe == "GET /health");
}

TEST_CASE("http step with every key", "[http_step]") {
    const ParsedHttpStep p = parse_http_step(R"({
        "method": "post",
        "path": "/items?x=1&y=%20",
        "headers": {"Accept": "application/json", "X-Trace": "abc", "Host": "example.test"},
        "body": "plain text"
    })");
    REQUIRE(p.spec);
    CHECK(p.spec->method == "POST");
    CHECK(p.spec->path == "/items?x=1&y=%20");
    CHECK(p.spec->headers == Headers{{"Accept", "application/json"}, {"X-Trace", "abc"}, {"Host", "example.test"}});
    CHECK(p.spec->body == "plain text");
    CHECK(p.spec->describe == "POST /items?x=1&y=%20");
}

TEST_CASE("http step JSON body is serialized and typed", "[http_step]") {
    SECTION("object body adds Content-Type") {
        const ParsedHttpStep p =
            parse_http_step(R"({"method": "PUT", "path": "/i", "body": {"name": "x", "tags": [1, 2]}})");
        REQUIRE(p.spec);
        CHECK(p.spec->body == R"({"name":"x","tags":[1,2]})");
        CHECK(p.spec->headers == Headers{{"Content-Type", "application/json"}});
    }
    SECTION("array body adds Content-Type") {
        const ParsedHttpStep p = parse_http_step(R"({"path": "/i", "body": [true, null]})");
        REQUIRE(p.spec);
        CHECK(p.spec->body == "[true,null]");
        CHECK(p.spec->headers == Headers{{"Content-Type", "application/json"}});
    }
    SECTION("an explicit Content-Type, in any case, wins") {
        const ParsedHttpStep p = parse_http_step(
            R"({"path": "/i", "headers": {"content-type": "application/vnd.x+json"}, "body": {"a": 1}})");
        REQUIRE(p.spec);
        CHECK(p.spec->headers == Headers{{"content-type", "application/vnd.x+json"}});
    }
    SECTION("a string body adds nothing") {
        const ParsedHttpStep p = parse_http_step(R"({"path": "/i", "body": "{\"a\": 1}"})");
        REQUIRE(p.spec);
        CHECK(p.spec->body == R"({"a": 1})");
        CHECK(p.spec->headers.empty());
    }
}

TEST_CASE("http step placeholders: path, header values and body are templates", "[http_step]") {
    const ParsedHttpStep p = parse_http_step(
        R"({"method": "POST", "path": "/u/${user}?h=${env.HOST_ID}", "headers": {"Authorization": "Bearer ${token}"},
            "body": {"name": "${user}", "n": 1}})");
    REQUIRE(p.spec);
    CHECK(p.errors.empty());
    CHECK_FALSE(p.spec->constant);
    CHECK(p.variables == std::vector<std::string>{"user", "token", "user"});
    CHECK(p.spec->describe == "POST /u/${user}?h=${env.HOST_ID}");
    const ParsedHttpStep constant = parse_http_step(R"({"path": "/h?id=${env.HOST_ID}"})");
    REQUIRE(constant.spec);
    CHECK(constant.spec->constant);  // the environment is resolved once, when the file is read
    CHECK(http_step_error(R"({"path": "/${env.NOPE}"})").find("`NOPE` is not set") != std::string::npos);
    CHECK(http_step_error(R"({"path": "/${nope"})").find("unclosed") != std::string::npos);
}

TEST_CASE("http step errors", "[http_step]") {
    CHECK(http_step_error(R"({"method": "GET"})") == "step.json:1:1: error: missing required key `path` in http step");
    CHECK(http_step_error(R"({"path": "health"})") ==
          "step.json:1:10: error: `path` in http step must start with '/', got \"health\" (at /path)");
    CHECK(http_step_error(R"({"path": "/a b"})") ==
          "step.json:1:10: error: `path` in http step must not contain spaces or control characters "
          "(percent-encode them, e.g. %20) (at /path)");
    CHECK(http_step_error(R"({"path": 5})") ==
          "step.json:1:10: error: `path` in http step must be a string, got number (at /path)");
    CHECK(http_step_error(R"({"method": "GE T", "path": "/"})") ==
          "step.json:1:12: error: `method` in http step must be an HTTP method like GET or POST, got \"GE T\" "
          "(at /method)");
    CHECK(http_step_error(R"({"method": "", "path": "/"})") ==
          "step.json:1:12: error: `method` in http step must be an HTTP method like GET or POST, got \"\" "
          "(at /method)");
    CHECK(http_step_error(R"({"path": "/", "headers": ["a"]})") ==
          "step.json:1:26: error: `headers` in http step must be an object of header names to string values, "
          "got array (at /headers)");
    CHECK(http_step_error(R"({"path": "/", "headers": {"Bad Name": "x"}})") ==
          "step.json:1:27: error: header name `Bad Name` is not a valid HTTP token (at /headers/Bad Name)");
    CHECK(http_step_error(R"({"path": "/", "headers": {"X-Id": 5}})") ==
          "step.json:1:35: error: header `X-Id` must have a string value, got number (at /headers/X-Id)");
    CHECK(http_step_error(R"({"path": "/", "headers": {"X-Id": "a\r\nEvil: 1"}})") ==
          "step.json:1:35: error: header `X-Id` value must not contain line breaks or NUL (at /headers/X-Id)");
    CHECK(http_step_error(R"({"path": "/", "body": 42})") ==
          "step.json:1:23: error: `body` in http step must be a string, or an object or array to send as JSON, "
          "got number (at /body)");
    // The timeout belongs to the step, not to its http part.
    CHECK(http_step_error(R"({"path": "/", "timeout": "1s"})") ==
          "step.json:1:15: error: unknown key `timeout` in http step; expected `method`, `path`, `headers`, "
          "`body`, `form`, `multipart`, `basic_auth`, `cookies`, `redirects` or `target` (at /timeout)");
    CHECK(http_step_error(R"("GET /")") == "step.json:1:1: error: http step must be an object, got \"GET /\"");
}

TEST_CASE("http step rejects framing headers but allows Host", "[http_step]") {
    CHECK(http_step_error(R"({"path": "/", "headers": {"content-length": "5"}})") ==
          "step.json:1:27: error: header `content-length` cannot be set: throng frames the body itself "
          "(at /headers/content-length)");
    CHECK(http_step_error(R"({"path": "/", "headers": {"Transfer-Encoding": "chunked"}})") ==
          "step.json:1:27: error: header `Transfer-Encoding` cannot be set: throng frames the body itself "
          "(at /headers/Transfer-Encoding)");
    const ParsedHttpStep host = parse_http_step(R"({"path": "/", "headers": {"Host": "other"}})");
    REQUIRE(host.spec);
    CHECK(host.spec->headers == Headers{{"Host", "other"}});
}

TEST_CASE("http step unknown keys suggest the right one", "[http_step]") {
    CHECK(http_step_error(R"({"path": "/", "methd": "POST"})") ==
          "step.json:1:15: error: unknown key `methd` in http step; did you mean `method`? (at /methd)");
    CHECK(http_step_error(R"({"path": "/", "header": {}})") ==
          "step.json:1:15: error: unknown key `header` in http step; did you mean `headers`? (at /header)");
}

TEST_CASE("http step reports every problem at once", "[http_step]") {
    const ParsedHttpStep p =
        parse_http_step(R"({"method": "G E", "path": "x", "headers": {"A B": "1", "Content-Length": "2"},
                                    "body": false, "timeout": -1, "extra": 1})");
    CHECK_FALSE(p.spec);
    CHECK(p.errors.size() == 7);
}

TEST_CASE("is_http_token", "[http_step]") {
    CHECK(is_http_token("GET"));
    CHECK(is_http_token("X-Custom_Header.v1"));
    CHECK(is_http_token("!#$%&'*+-.^_`|~"));
    CHECK_FALSE(is_http_token(""));
    CHECK_FALSE(is_http_token("A B"));
    CHECK_FALSE(is_http_token("A:B"));
    CHECK_FALSE(is_http_token("caf\xC3\xA9"));
    CHECK_FALSE(is_http_token("(x)"));
}

TEST_CASE("http step form: fields in order, urlencoded, typed", "[http_step]") {
    const ParsedHttpStep p = parse_http_step(
        R"({"method": "POST", "path": "/login", "form": {"user": "vu${vu}", "remember me": true, "n": 3}})");
    REQUIRE(p.spec);
    CHECK(p.errors.empty());
    CHECK(p.spec->form == Headers{{"user", "vu${vu}"}, {"remember+me", "true"}, {"n", "3"}});
    CHECK(p.spec->headers == Headers{{"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK(p.spec->body.empty());
    CHECK_FALSE(p.spec->constant);

    const ParsedHttpStep typed = parse_http_step(
        R"({"method": "POST", "path": "/f", "headers": {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
            "form": {"a": "1"}})");
    REQUIRE(typed.spec);
    CHECK(typed.spec->headers == Headers{{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}});
    CHECK(typed.spec->constant);
}

TEST_CASE("http step form errors", "[http_step]") {
    CHECK(http_step_error(R"({"path": "/", "form": {"a": "1"}, "body": "x"})") ==
          "step.json:1:23: error: http step has both `form` and `body`: the form is the body, give one (at /form)");
    CHECK(http_step_error(R"({"path": "/", "form": {}})") ==
          "step.json:1:23: error: `form` in http step must be a non-empty object of field names to values, like "
          "{\"user\": \"vu${vu}\"}, got an empty object (at /form)");
    CHECK(http_step_error(R"({"path": "/", "form": {"a": ["x"]}})") ==
          "step.json:1:29: error: form field `a` must be a string, number or boolean, got array (at /form/a)");
    CHECK(http_step_error(R"({"path": "/", "form": {"a": "${nope"}})").find("unclosed") != std::string::npos);
}

TEST_CASE("http step basic_auth: user and password, templates allowed", "[http_step]") {
    const auto node =
        json::parse(R"({"path": "/me", "basic_auth": {"user": "vu${vu}", "password": "${env.HOST_ID}"}})");
    Diagnostics diags("step.json");
    StepParseContext context(diags, [](std::string_view name) -> std::optional<std::string> {
        if (name == "HOST_ID") return "h1";
        return std::nullopt;
    });
    const auto spec = std::dynamic_pointer_cast<const HttpStepSpec>(HttpStepParser().parse(node, context));
    REQUIRE(spec);
    REQUIRE(spec->basic_auth);
    CHECK(spec->basic_auth->user.source() == "vu${vu}");
    CHECK(spec->basic_auth->password.is_constant());  // the environment is read once, with the file
    CHECK_FALSE(spec->is_constant());

    CHECK(http_step_error(R"({"path": "/", "basic_auth": {"user": "a"}})") ==
          "step.json:1:29: error: missing required key `password` in `basic_auth` in http step (at /basic_auth)");
    CHECK(http_step_error(R"({"path": "/", "basic_auth": {"user": "a:b", "password": ""}})") ==
          "step.json:1:38: error: `user` in `basic_auth` must not contain ':' (Basic authentication cannot send "
          "it) (at /basic_auth/user)");
    CHECK(http_step_error(R"({"path": "/", "headers": {"Authorization": "Bearer x"},
                              "basic_auth": {"user": "a", "password": "b"}})") ==
          "step.json:2:45: error: http step has both `basic_auth` and an Authorization header: give one "
          "(at /basic_auth)");
}
