#include <catch2/catch.hpp>

#include <stdexcept>
#include <utility>

#include "harness/core/reply.hpp"
#include "harness/core/response_rules.hpp"

using throng::core::Check;
using throng::core::Extraction;
using throng::core::Reply;
using throng::core::reply_needs;
using throng::core::RuleResults;
using Source = Extraction::Source;
using Kind = Check::Kind;

namespace {
Reply sample_reply() {
    Reply r;
    r.status = 201;
    r.body = R"({"data":{"token":"abc","n":42,"ok":true,"ratio":1.5,"obj":{"a":1},"nil":null},)"
             R"("items":[{"id":7},{"id":8}],"a/b":"slash"})";
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"X-Id", "first"}, {"x-id", "second"}};
    return r;
}

Extraction extraction(Source source, std::string path, std::string pattern = {}, int group = 1) {
    Extraction e;
    e.variable = "v";
    e.source = source;
    e.path = std::move(path);
    e.pattern = std::move(pattern);
    e.group = group;
    compile_pattern(e);
    return e;
}

// The value one extraction takes from a response (nullopt: left unset).
std::optional<std::string> extract(const Extraction& e, const Reply& reply, bool responded = true) {
    RuleResults out;
    evaluate({e}, {}, reply, responded, 0, out);
    REQUIRE(out.extracted.size() == 1);
    return out.extracted[0];
}

Check check(Kind kind, std::string text = {}) {
    Check c;
    c.name = "c";
    c.kind = kind;
    c.text = std::move(text);
    return c;
}

bool passes(Check c, const Reply& reply, throng::core::Nanos latency = 0) {
    compile_pattern(c);
    RuleResults out;
    evaluate({}, {c}, reply, true, latency, out);
    REQUIRE(out.passed.size() == 1);
    return out.passed[0];
}
}  // namespace

TEST_CASE("Reply::header finds the first match ignoring case; clear() empties", "[reply]") {
    Reply r = sample_reply();
    REQUIRE(r.header("content-type") != nullptr);
    CHECK(*r.header("CONTENT-TYPE") == "application/json; charset=utf-8");
    CHECK(*r.header("x-ID") == "first");
    CHECK(r.header("X-Missing") == nullptr);
    CHECK(r.header("X-I") == nullptr);  // no prefix match

    r.body_truncated = true;
    r.clear();
    CHECK(r.status == 0);
    CHECK(r.body.empty());
    CHECK(r.headers.empty());
    CHECK_FALSE(r.body_truncated);
    CHECK(r.header("x-id") == nullptr);
}

TEST_CASE("json extraction follows RFC 6901 pointers", "[reply]") {
    const Reply r = sample_reply();
    CHECK(extract(extraction(Source::json, "/data/token"), r) == "abc");
    CHECK(extract(extraction(Source::json, "/items/1/id"), r) == "8");
    CHECK(extract(extraction(Source::json, "/a~1b"), r) == "slash");
    // Values that are not strings give their compact JSON text.
    CHECK(extract(extraction(Source::json, "/data/n"), r) == "42");
    CHECK(extract(extraction(Source::json, "/data/ok"), r) == "true");
    CHECK(extract(extraction(Source::json, "/data/ratio"), r) == "1.5");
    CHECK(extract(extraction(Source::json, "/data/obj"), r) == R"({"a":1})");
    CHECK(extract(extraction(Source::json, "/data/nil"), r) == "null");
    CHECK(extract(extraction(Source::json, "/items/0"), r) == R"({"id":7})");

    Reply small;
    small.body = R"( [1, "two"] )";
    CHECK(extract(extraction(Source::json, ""), small) == R"([1,"two"])");

    // Not found: missing key, index out of range, "-", through a scalar, bad pointer, not JSON.
    CHECK(extract(extraction(Source::json, "/data/nope"), r) == std::nullopt);
    CHECK(extract(extraction(Source::json, "/items/2"), r) == std::nullopt);
    CHECK(extract(extraction(Source::json, "/items/-"), r) == std::nullopt);
    CHECK(extract(extraction(Source::json, "/items/x"), r) == std::nullopt);
    CHECK(extract(extraction(Source::json, "/data/n/x"), r) == std::nullopt);
    CHECK(extract(extraction(Source::json, "data"), r) == std::nullopt);
    CHECK(extract(extraction(Source::json, "/items/99999999999999999999999"), r) == std::nullopt);
    Reply html;
    html.body = "<html>{\"data\":1}</html>";
    CHECK(extract(extraction(Source::json, "/data"), html) == std::nullopt);
    CHECK(extract(extraction(Source::json, ""), Reply{}) == std::nullopt);
}

TEST_CASE("regex extraction searches the body and takes a group", "[reply]") {
    Reply r;
    r.body = "id=17; name=ann-lee";
    CHECK(extract(extraction(Source::regex, "", R"(name=(\w+)-(\w+))"), r) == "ann");
    CHECK(extract(extraction(Source::regex, "", R"(name=(\w+)-(\w+))", 2), r) == "lee");
    CHECK(extract(extraction(Source::regex, "", R"(name=(\w+)-(\w+))", 0), r) == "name=ann-lee");
    CHECK(extract(extraction(Source::regex, "", R"(id=(\d+))"), r) == "17");
    CHECK(extract(extraction(Source::regex, "", R"(name=(\w+))", 2), r) == std::nullopt);  // no such group
    CHECK(extract(extraction(Source::regex, "", R"(zip=(\d+))"), r) == std::nullopt);
    CHECK(extract(extraction(Source::regex, "", R"(id=(\d+)|(x))", 2), r) == std::nullopt);  // unmatched group
}

TEST_CASE("header, status and body extractions", "[reply]") {
    const Reply r = sample_reply();
    CHECK(extract(extraction(Source::header, "x-id"), r) == "first");
    CHECK(extract(extraction(Source::header, "CONTENT-type", R"(charset=([\w-]+))"), r) == "utf-8");
    CHECK(extract(extraction(Source::header, "Content-Type", R"(^(\w+)/(\w+))", 2), r) == "json");
    CHECK(extract(extraction(Source::header, "Content-Type", "xml"), r) == std::nullopt);
    CHECK(extract(extraction(Source::header, "Location"), r) == std::nullopt);

    CHECK(extract(extraction(Source::status, ""), r) == "201");
    CHECK(extract(extraction(Source::status, ""), Reply{}) == std::nullopt);

    CHECK(extract(extraction(Source::body, ""), r) == r.body);
    CHECK(extract(extraction(Source::body, ""), Reply{}) == "");
}

TEST_CASE("a fallback replaces a value that is not found", "[reply]") {
    const Reply r = sample_reply();
    auto missing = extraction(Source::json, "/data/nope");
    missing.fallback = "none";
    auto present = extraction(Source::json, "/data/token");
    present.fallback = "none";
    CHECK(extract(missing, r) == "none");
    CHECK(extract(present, r) == "abc");
}

TEST_CASE("every check kind passes and fails", "[reply]") {
    const Reply r = sample_reply();

    auto status = check(Kind::status_in);
    status.statuses = {200, 201};
    CHECK(passes(status, r));
    status.statuses = {200, 204};
    CHECK_FALSE(passes(status, r));

    CHECK(passes(check(Kind::body_contains, R"("token":"abc")"), r));
    CHECK_FALSE(passes(check(Kind::body_contains, "xyz"), r));

    auto matches = check(Kind::body_matches);
    matches.pattern = R"("n":\d+)";  // a search: the rest of the body does not matter
    CHECK(passes(matches, r));
    matches.pattern = R"("n":"\d+")";
    CHECK_FALSE(passes(matches, r));

    CHECK(passes(check(Kind::json_exists, "/items/1/id"), r));
    CHECK(passes(check(Kind::json_exists, "/data/nil"), r));  // null exists
    CHECK_FALSE(passes(check(Kind::json_exists, "/items/5"), r));
    CHECK(passes(check(Kind::json_missing, "/data/nope"), r));
    CHECK_FALSE(passes(check(Kind::json_missing, "/data/token"), r));

    auto equals = check(Kind::json_equals, "/data/n");
    for (const char* same : {"42", "42.0"}) {  // numbers compare by value
        equals.expected_json = same;
        CHECK(passes(equals, r));
    }
    for (const char* other : {"\"42\"", "43", "not json"}) {
        equals.expected_json = other;
        CHECK_FALSE(passes(equals, r));
    }
    equals.text = "/data/obj";
    equals.expected_json = R"({"a":1})";
    CHECK(passes(equals, r));
    equals.text = "/data/missing";
    equals.expected_json = "null";
    CHECK_FALSE(passes(equals, r));

    CHECK(passes(check(Kind::header_exists, "x-ID"), r));
    CHECK_FALSE(passes(check(Kind::header_exists, "Location"), r));

    auto header_equals = check(Kind::header_equals, "X-Id");
    header_equals.expected_json = "first";
    CHECK(passes(header_equals, r));
    header_equals.expected_json = "First";  // values are compared exactly
    CHECK_FALSE(passes(header_equals, r));

    auto header_matches = check(Kind::header_matches, "content-type");
    header_matches.pattern = "json";
    CHECK(passes(header_matches, r));
    header_matches.pattern = "^json";
    CHECK_FALSE(passes(header_matches, r));
    header_matches.text = "Location";
    header_matches.pattern = ".*";
    CHECK_FALSE(passes(header_matches, r));

    auto latency = check(Kind::latency_below);
    latency.bound = 1'000'000;
    CHECK(passes(latency, r, 999'999));
    CHECK_FALSE(passes(latency, r, 1'000'000));
}

TEST_CASE("json checks on a body that is not JSON fail without throwing", "[reply]") {
    Reply r;
    r.body = R"({"data": "cut off)";
    CHECK_FALSE(passes(check(Kind::json_exists, ""), r));
    CHECK(passes(check(Kind::json_missing, "/data"), r));
    auto equals = check(Kind::json_equals, "/data");
    equals.expected_json = "\"cut off\"";
    CHECK_FALSE(passes(equals, r));
}

TEST_CASE("without a response every check fails and extractions fall back", "[reply]") {
    auto with_fallback = extraction(Source::status, "");
    with_fallback.fallback = "0";
    const auto without = extraction(Source::body, "");
    auto missing = check(Kind::json_missing, "/x");
    auto fast = check(Kind::latency_below);
    fast.bound = 1'000'000'000;

    RuleResults out;
    out.extracted = {"stale", "stale", "stale"};  // a reused result is overwritten
    evaluate({with_fallback, without}, {missing, fast}, sample_reply(), false, 1, out);
    CHECK(out.extracted == std::vector<std::optional<std::string>>{"0", std::nullopt});
    CHECK(out.passed == std::vector<bool>{false, false});
    CHECK_FALSE(out.abort);
}

TEST_CASE("a failed check with abort set asks to end the iteration", "[reply]") {
    const Reply r = sample_reply();
    auto ok = check(Kind::body_contains, "token");
    ok.abort = true;
    auto soft = check(Kind::body_contains, "xyz");
    auto hard = check(Kind::header_exists, "Location");

    RuleResults out;
    evaluate({}, {ok, soft}, r, true, 0, out);
    CHECK(out.passed == std::vector<bool>{true, false});
    CHECK_FALSE(out.abort);  // only the failure without abort

    hard.abort = true;
    evaluate({}, {ok, soft, hard}, r, true, 0, out);
    CHECK(out.passed == std::vector<bool>{true, false, false});
    CHECK(out.abort);

    evaluate({}, {ok, hard}, r, false, 0, out);  // no response: abort checks fail too
    CHECK(out.abort);
    evaluate({}, {ok}, r, true, 0, out);  // the flag does not stick across evaluations
    CHECK_FALSE(out.abort);
}

TEST_CASE("reply_needs asks drivers only for what the rules read", "[reply]") {
    CHECK_FALSE(reply_needs({}, {}).any());
    CHECK_FALSE(reply_needs({}, {check(Kind::latency_below)}).any());

    const auto status_only = reply_needs({extraction(Source::status, "")}, {});
    CHECK(status_only.status);
    CHECK_FALSE(status_only.body);
    CHECK(status_only.headers.empty());
    CHECK(status_only.any());
    CHECK(reply_needs({}, {check(Kind::status_in)}).status);

    for (const auto source : {Source::json, Source::regex, Source::body}) {
        const auto needs = reply_needs({extraction(source, "", source == Source::regex ? "x" : "")}, {});
        CHECK(needs.body);
        CHECK_FALSE(needs.status);
    }
    for (const auto kind :
         {Kind::body_contains, Kind::body_matches, Kind::json_exists, Kind::json_missing, Kind::json_equals}) {
        const auto needs = reply_needs({}, {check(kind, "/x")});
        CHECK(needs.body);
        CHECK(needs.headers.empty());
    }

    const auto headers = reply_needs({extraction(Source::header, "X-Token"), extraction(Source::status, "")},
                                     {check(Kind::header_exists, "x-token"), check(Kind::header_equals, "ETag"),
                                      check(Kind::header_matches, "etag"), check(Kind::latency_below)});
    CHECK(headers.headers == std::vector<std::string>{"x-token", "etag"});
    CHECK(headers.status);
    CHECK_FALSE(headers.body);
}

TEST_CASE("a bad pattern is reported when compiled", "[reply]") {
    Extraction e;
    e.source = Source::regex;
    e.pattern = "(unclosed";
    CHECK_THROWS_AS(compile_pattern(e), std::runtime_error);
    CHECK_THROWS_WITH(compile_pattern(e), Catch::Contains("(unclosed"));

    Check c = check(Kind::header_matches, "x");
    c.pattern = "[a-";
    CHECK_THROWS_AS(compile_pattern(c), std::runtime_error);

    // Patterns are compiled only where they are used.
    Check contains = check(Kind::body_contains, "(unclosed");
    contains.pattern = "(unclosed";
    CHECK_NOTHROW(compile_pattern(contains));
    Extraction header = extraction(Source::header, "x");
    CHECK(header.compiled == nullptr);
}

// libstdc++'s std::regex, used before, recursed once per character: these
// patterns on bodies of 50 KB or more overflowed the stack and killed the
// process. RE2 matches in time linear in the body, without recursion.
TEST_CASE("checks and extractions on 1 MB and 16 MB bodies neither crash nor stall", "[reply][heavy]") {
    for (const std::size_t size : {std::size_t{1} << 20, std::size_t{16} << 20}) {
        INFO(size << " bytes");
        Reply big;
        big.body.assign(size, 'x');
        Check greedy = check(Kind::body_matches);
        greedy.pattern = ".*id=[0-9]+";
        CHECK_FALSE(passes(greedy, big));
        Check repeat = check(Kind::body_matches);
        repeat.pattern = "x+";
        CHECK(passes(repeat, big));
        Check nested = check(Kind::body_matches);  // exponential for a backtracking engine
        nested.pattern = "(x+x+)+y";
        CHECK_FALSE(passes(nested, big));

        big.body += "id=42";
        CHECK(passes(greedy, big));
        const auto prefix = extract(extraction(Source::regex, "", "(.*)id="), big);
        REQUIRE(prefix.has_value());
        CHECK(prefix->size() == size);
        CHECK(extract(extraction(Source::regex, "", "id=([0-9]+)$"), big) == "42");
    }
}

TEST_CASE("regex semantics: bytes, no newline for dot, anchors at the text's ends", "[reply]") {
    Reply r;
    r.body = "first line\nsecond line\n\xff\xfe binary";
    Check dot = check(Kind::body_matches);
    dot.pattern = "line.second";
    CHECK_FALSE(passes(dot, r));
    dot.pattern = "(?s)line.second";
    CHECK(passes(dot, r));
    Check anchored = check(Kind::body_matches);
    anchored.pattern = "^second";
    CHECK_FALSE(passes(anchored, r));
    anchored.pattern = "(?m)^second";
    CHECK(passes(anchored, r));
    Check bytes = check(Kind::body_matches);  // not UTF-8: still matched byte by byte
    bytes.pattern = "\\xff.\\s(bin)";
    CHECK(passes(bytes, r));
    CHECK(extract(extraction(Source::regex, "", "\\xff. (\\w+)"), r) == "binary");
}

TEST_CASE("what RE2 cannot do is refused when compiled, with its reason", "[reply]") {
    Check backreference = check(Kind::body_matches);
    backreference.pattern = "(a)\\1";
    CHECK_THROWS_WITH(compile_pattern(backreference),
                      Catch::Contains("invalid regular expression '(a)\\1'") && Catch::Contains("escape"));
    Check lookahead = check(Kind::body_matches);
    lookahead.pattern = "a(?=b)";
    CHECK_THROWS_AS(compile_pattern(lookahead), std::runtime_error);
    // A huge pattern either compiles within RE2's memory budget or is refused: never a crash.
    Check huge = check(Kind::body_matches);
    huge.pattern = std::string(100'000, 'x');
    CHECK_NOTHROW(compile_pattern(huge));
    huge.pattern = "(" + std::string(20'000, 'x') + "){1000}";
    CHECK_THROWS_WITH(compile_pattern(huge), Catch::Contains("invalid regular expression"));
}

TEST_CASE("row counts and reply types: extraction and checks", "[reply]") {
    Reply sql;
    sql.set_facet("row_count", "3");
    Extraction rows = extraction(Source::facet, "");
    rows.path = "row_count";
    CHECK(extract(rows, sql) == "3");
    Check exactly = check(Kind::facet_between);
    exactly.facet = "row_count";
    exactly.min_count = exactly.max_count = 3;
    CHECK(passes(exactly, sql));
    Check at_least_four = check(Kind::facet_between);
    at_least_four.facet = "row_count";
    at_least_four.min_count = 4;
    at_least_four.max_count = 100;
    CHECK_FALSE(passes(at_least_four, sql));

    Reply redis;  // no row count: nothing to extract, and a row check fails
    redis.set_facet("reply_type", "integer");
    redis.body = "42";
    CHECK(extract(rows, redis) == std::nullopt);
    CHECK_FALSE(passes(exactly, redis));
    Check integer = check(Kind::facet_is, "integer");
    integer.facet = "reply_type";
    CHECK(passes(integer, redis));
    Check nil = check(Kind::facet_is, "nil");
    nil.facet = "reply_type";
    CHECK_FALSE(passes(nil, redis));
    CHECK(extract(extraction(Source::json, ""), redis) == "42");

    redis.clear();
    CHECK(redis.facet("row_count") == nullptr);
    CHECK(redis.facet("reply_type") == nullptr);
}
