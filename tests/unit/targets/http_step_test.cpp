#include "targets/drivers/http/http_step.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using throng::core::Diagnostics;
using throng::targets::http::HttpStepParser;
using throng::targets::http::HttpStepSpec;
using throng::targets::http::is_http_token;
namespace json = throng::core::json;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Parsed {
    std::shared_ptr<const HttpStepSpec> spec;
    std::vector<std::string> errors;  // formatted, in source order
};

Parsed parse_step(const std::string& text) {
    const json::Value node = json::parse(text);
    Diagnostics diags("step.json");
    const auto spec = HttpStepParser().parse(node, diags);
    Parsed out;
    out.spec = std::dynamic_pointer_cast<const HttpStepSpec>(spec);
    if (spec) REQUIRE(out.spec);
    for (const auto& d : diags.list()) out.errors.push_back(d.format());
    return out;
}

// The single message reported; fails unless there is exactly one.
std::string single_error(const std::string& text) {
    const Parsed parsed = parse_step(text);
    CHECK_FALSE(parsed.spec);
    REQUIRE(parsed.errors.size() == 1);
    return parsed.errors[0];
}

}  // namespace

TEST_CASE("http step parser identifies itself", "[http_step]") {
    HttpStepParser parser;
    CHECK(parser.key() == "http");
    HttpStepSpec spec;
    spec.path = "/items/42";
    CHECK(spec.protocol() == "http");
    CHECK(spec.describe() == "GET /items/42");
}

TEST_CASE("http step minimal: GET by default", "[http_step]") {
    const Parsed p = parse_step(R"({"path": "/health"})");
    REQUIRE(p.spec);
    CHECK(p.errors.empty());
    CHECK(p.spec->method == "GET");
    CHECK(p.spec->path == "/health");
    CHECK(p.spec->headers.empty());
    CHECK(p.spec->body.empty());
    CHECK_FALSE(p.spec->timeout);
    CHECK(p.spec->describe() == "GET /health");
}

TEST_CASE("http step with every key", "[http_step]") {
    const Parsed p = parse_step(R"({
        "method": "post",
        "path": "/items?x=1&y=%20",
        "headers": {"Accept": "application/json", "X-Trace": "abc", "Host": "example.test"},
        "body": "plain text",
        "timeout": "1.5s"
    })");
    REQUIRE(p.spec);
    CHECK(p.spec->method == "POST");
    CHECK(p.spec->path == "/items?x=1&y=%20");
    CHECK(p.spec->headers ==
          Headers{{"Accept", "application/json"}, {"X-Trace", "abc"}, {"Host", "example.test"}});
    CHECK(p.spec->body == "plain text");
    CHECK(p.spec->timeout == 1500ms);
    CHECK(p.spec->describe() == "POST /items?x=1&y=%20");
}

TEST_CASE("http step JSON body is serialized and typed", "[http_step]") {
    SECTION("object body adds Content-Type") {
        const Parsed p = parse_step(R"({"method": "PUT", "path": "/i", "body": {"name": "x", "tags": [1, 2]}})");
        REQUIRE(p.spec);
        CHECK(p.spec->body == R"({"name":"x","tags":[1,2]})");
        CHECK(p.spec->headers == Headers{{"Content-Type", "application/json"}});
    }
    SECTION("array body adds Content-Type") {
        const Parsed p = parse_step(R"({"path": "/i", "body": [true, null]})");
        REQUIRE(p.spec);
        CHECK(p.spec->body == "[true,null]");
        CHECK(p.spec->headers == Headers{{"Content-Type", "application/json"}});
    }
    SECTION("an explicit Content-Type, in any case, wins") {
        const Parsed p = parse_step(
            R"({"path": "/i", "headers": {"content-type": "application/vnd.x+json"}, "body": {"a": 1}})");
        REQUIRE(p.spec);
        CHECK(p.spec->headers == Headers{{"content-type", "application/vnd.x+json"}});
    }
    SECTION("a string body adds nothing") {
        const Parsed p = parse_step(R"({"path": "/i", "body": "{\"a\": 1}"})");
        REQUIRE(p.spec);
        CHECK(p.spec->body == R"({"a": 1})");
        CHECK(p.spec->headers.empty());
    }
}

TEST_CASE("http step timeout as a number of seconds", "[http_step]") {
    const Parsed p = parse_step(R"({"path": "/", "timeout": 2})");
    REQUIRE(p.spec);
    CHECK(p.spec->timeout == 2s);
}

TEST_CASE("http step errors", "[http_step]") {
    CHECK(single_error(R"({"method": "GET"})") == "step.json:1:1: error: missing required key `path` in http step");
    CHECK(single_error(R"({"path": "health"})") ==
          "step.json:1:10: error: `path` in http step must start with '/', got \"health\" (at /path)");
    CHECK(single_error(R"({"path": "/a b"})") ==
          "step.json:1:10: error: `path` in http step must not contain spaces or control characters "
          "(percent-encode them, e.g. %20) (at /path)");
    CHECK(single_error(R"({"path": 5})") ==
          "step.json:1:10: error: `path` in http step must be a string, got number (at /path)");
    CHECK(single_error(R"({"method": "GE T", "path": "/"})") ==
          "step.json:1:12: error: `method` in http step must be an HTTP method like GET or POST, got \"GE T\" "
          "(at /method)");
    CHECK(single_error(R"({"method": "", "path": "/"})") ==
          "step.json:1:12: error: `method` in http step must be an HTTP method like GET or POST, got \"\" "
          "(at /method)");
    CHECK(single_error(R"({"path": "/", "headers": ["a"]})") ==
          "step.json:1:26: error: `headers` in http step must be an object of header names to string values, "
          "got array (at /headers)");
    CHECK(single_error(R"({"path": "/", "headers": {"Bad Name": "x"}})") ==
          "step.json:1:27: error: header name `Bad Name` is not a valid HTTP token (at /headers/Bad Name)");
    CHECK(single_error(R"({"path": "/", "headers": {"X-Id": 5}})") ==
          "step.json:1:35: error: header `X-Id` must have a string value, got number (at /headers/X-Id)");
    CHECK(single_error(R"({"path": "/", "headers": {"X-Id": "a\r\nEvil: 1"}})") ==
          "step.json:1:35: error: header `X-Id` value must not contain line breaks or NUL (at /headers/X-Id)");
    CHECK(single_error(R"({"path": "/", "body": 42})") ==
          "step.json:1:23: error: `body` in http step must be a string, or an object or array to send as JSON, "
          "got number (at /body)");
    CHECK(single_error(R"({"path": "/", "timeout": "0s"})") ==
          "step.json:1:26: error: `timeout` in http step must be greater than 0 (at /timeout)");
    CHECK(single_error(R"({"path": "/", "timeout": "soon"})") ==
          "step.json:1:26: error: `timeout` in http step must be a duration like \"250ms\", \"30s\" or \"1m30s\", "
          "or a number of seconds, got \"soon\" (at /timeout)");
    CHECK(single_error(R"("GET /")") == "step.json:1:1: error: http step must be an object, got \"GET /\"");
}

TEST_CASE("http step rejects framing headers but allows Host", "[http_step]") {
    CHECK(single_error(R"({"path": "/", "headers": {"content-length": "5"}})") ==
          "step.json:1:27: error: header `content-length` cannot be set: throng frames the body itself "
          "(at /headers/content-length)");
    CHECK(single_error(R"({"path": "/", "headers": {"Transfer-Encoding": "chunked"}})") ==
          "step.json:1:27: error: header `Transfer-Encoding` cannot be set: throng frames the body itself "
          "(at /headers/Transfer-Encoding)");
    const Parsed host = parse_step(R"({"path": "/", "headers": {"Host": "other"}})");
    REQUIRE(host.spec);
    CHECK(host.spec->headers == Headers{{"Host", "other"}});
}

TEST_CASE("http step unknown keys suggest the right one", "[http_step]") {
    CHECK(single_error(R"({"path": "/", "methd": "POST"})") ==
          "step.json:1:15: error: unknown key `methd` in http step; did you mean `method`? (at /methd)");
    CHECK(single_error(R"({"path": "/", "header": {}})") ==
          "step.json:1:15: error: unknown key `header` in http step; did you mean `headers`? (at /header)");
}

TEST_CASE("http step reports every problem at once", "[http_step]") {
    const Parsed p = parse_step(R"({"method": "G E", "path": "x", "headers": {"A B": "1", "Content-Length": "2"},
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
