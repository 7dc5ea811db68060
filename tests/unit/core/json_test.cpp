#include "harness/core/json.hpp"

#include <catch2/catch.hpp>
#include <string>

using throng::core::json::ParseError;
using throng::core::json::Position;
using throng::core::json::Value;
namespace json = throng::core::json;

namespace {

// The error a document produces; fails the test if it parses.
ParseError parse_error_of(std::string_view text) {
    try {
        json::parse(text);
    } catch (const ParseError& e) {
        return e;
    }
    FAIL("expected a parse error for: " << text);
    throw std::logic_error("unreachable");
}

void check_error(std::string_view text, int line, int column, const std::string& message) {
    const ParseError e = parse_error_of(text);
    INFO("document: " << text << "\nerror: " << e.what());
    CHECK(e.position().line == line);
    CHECK(e.position().column == column);
    CHECK(std::string(e.what()) == message);
}

}  // namespace

TEST_CASE("json parses every kind of value", "[json]") {
    const Value v = json::parse(R"({"n": null, "t": true, "f": false, "i": -42, "d": 2.5, "s": "hi",
                                    "a": [1, 2], "o": {}})");
    REQUIRE(v.is_object());
    CHECK(v.members().size() == 8);
    CHECK(v.find("n")->is_null());
    CHECK(v.find("t")->as_bool());
    CHECK_FALSE(v.find("f")->as_bool());
    CHECK(v.find("i")->as_integer() == -42);
    CHECK(v.find("i")->as_number() == -42.0);
    CHECK(v.find("d")->as_number() == 2.5);
    CHECK(v.find("s")->as_string() == "hi");
    CHECK(v.find("a")->items().size() == 2);
    CHECK(v.find("o")->members().empty());
    CHECK(v.find("missing") == nullptr);
}

TEST_CASE("json kind names", "[json]") {
    CHECK(json::parse("null").kind_name() == "null");
    CHECK(json::parse("true").kind_name() == "boolean");
    CHECK(json::parse("1").kind_name() == "number");
    CHECK(json::parse("\"x\"").kind_name() == "string");
    CHECK(json::parse("[]").kind_name() == "array");
    CHECK(json::parse("{}").kind_name() == "object");
}

TEST_CASE("json accessors reject the wrong kind", "[json]") {
    const Value v = json::parse("\"text\"");
    CHECK_THROWS_AS(v.as_number(), std::logic_error);
    CHECK_THROWS_AS(v.as_bool(), std::logic_error);
    CHECK_THROWS_AS(v.as_integer(), std::logic_error);
    CHECK_THROWS_AS(v.items(), std::logic_error);
    CHECK_THROWS_AS(v.members(), std::logic_error);
    CHECK_THROWS_AS(v.find("x"), std::logic_error);
    CHECK_THROWS_AS(json::parse("1").as_string(), std::logic_error);
}

TEST_CASE("json numbers keep integers only when the literal is integral and fits int64", "[json]") {
    CHECK(json::parse("0").is_integer());
    CHECK(json::parse("9223372036854775807").as_integer() == INT64_MAX);
    CHECK(json::parse("-9223372036854775808").as_integer() == INT64_MIN);
    const Value too_big = json::parse("9223372036854775808");
    CHECK_FALSE(too_big.is_integer());
    CHECK(too_big.as_number() == Approx(9.223372036854775808e18));
    CHECK_FALSE(json::parse("1.0").is_integer());
    CHECK_FALSE(json::parse("1e3").is_integer());
    CHECK(json::parse("1e3").as_number() == 1000.0);
    CHECK(json::parse("-1.5E-2").as_number() == Approx(-0.015));
    CHECK(json::parse("2E+2").as_number() == 200.0);
    CHECK(json::parse("1e-400").as_number() == 0.0);  // underflow is zero, not an error
}

TEST_CASE("json positions of nested values", "[json]") {
    const std::string text =
        "{\n"
        "  \"a\": [10, {\"b\": \"x\"}],\n"
        "\t\"c\": true\n"
        "}";
    const Value root = json::parse(text);
    CHECK(root.position().line == 1);
    CHECK(root.position().column == 1);
    CHECK(root.position().offset == 0);

    const auto& a_member = root.members()[0];
    CHECK(a_member.key_position.line == 2);
    CHECK(a_member.key_position.column == 3);
    const Value& a = a_member.value;
    CHECK(a.position().line == 2);
    CHECK(a.position().column == 8);
    CHECK(a.items()[0].position().column == 9);
    const Value& inner = a.items()[1];
    CHECK(inner.position().column == 13);
    const Value& b = *inner.find("b");
    CHECK(b.position().line == 2);
    CHECK(b.position().column == 19);
    CHECK(b.position().offset == text.find("\"x\""));

    const Value& c = *root.find("c");
    CHECK(c.position().line == 3);
    CHECK(c.position().column == 7);  // tab counts as one byte
}

TEST_CASE("json pointers follow RFC 6901", "[json]") {
    const Value root = json::parse(R"({"flows": [{"steps": [1, {"a/b": {"m~n": 0}}]}], "": 5})");
    CHECK(root.pointer().empty());
    const Value& steps = *root.find("flows")->items()[0].find("steps");
    CHECK(steps.pointer() == "/flows/0/steps");
    CHECK(steps.items()[0].pointer() == "/flows/0/steps/0");
    const Value& slash = *steps.items()[1].find("a/b");
    CHECK(slash.pointer() == "/flows/0/steps/1/a~1b");
    CHECK(slash.find("m~n")->pointer() == "/flows/0/steps/1/a~1b/m~0n");
    CHECK(root.find("")->pointer() == "/");
}

TEST_CASE("json comments are whitespace", "[json]") {
    const Value v = json::parse(
        "// leading comment\n"
        "{ /* before key */ \"a\" /* after key */ : // line\n"
        "  1 /* after value */ , \"b\": [ /* empty-ish */ 2 /**/ ] }\n"
        "// trailing comment without newline");
    CHECK(v.find("a")->as_integer() == 1);
    CHECK(v.find("a")->position().line == 3);
    CHECK(v.find("a")->position().column == 3);
    CHECK(v.find("b")->items()[0].as_integer() == 2);
    CHECK(json::parse("/* a */ 7 /* b */").as_integer() == 7);
    CHECK(json::parse("[1 /* * / */]").items().size() == 1);
}

TEST_CASE("json string escapes", "[json]") {
    CHECK(json::parse(R"("\"\\\/\b\f\n\r\t")").as_string() == "\"\\/\b\f\n\r\t");
    CHECK(json::parse(R"("\u0041\u00e9\u20AC")").as_string() == "A\xC3\xA9\xE2\x82\xAC");
    CHECK(json::parse(R"("\ud83d\ude00")").as_string() == "\xF0\x9F\x98\x80");  // U+1F600 from a pair
    CHECK(json::parse(R"("a\u0000b")").as_string() == std::string("a\0b", 3));
    CHECK(json::parse("\"caf\xC3\xA9\"").as_string() == "caf\xC3\xA9");  // raw UTF-8 kept
}

TEST_CASE("json keeps duplicate keys in source order", "[json]") {
    const Value v = json::parse(R"({"a": 1, "a": 2})");
    REQUIRE(v.members().size() == 2);
    CHECK(v.members()[1].value.as_integer() == 2);
    CHECK(v.find("a")->as_integer() == 1);
}

TEST_CASE("json byte order mark is skipped", "[json]") {
    const Value v = json::parse("\xEF\xBB\xBF{\"a\": 1}");
    CHECK(v.position().column == 1);
    CHECK(v.find("a")->position().column == 7);
}

TEST_CASE("json dump writes compact JSON", "[json]") {
    CHECK(json::parse(" { \"a\" : [ 1 , 2.5 , -3 ] , \"b\" : null, \"c\": true, \"d\": {} } ").dump() ==
          R"({"a":[1,2.5,-3],"b":null,"c":true,"d":{}})");
    CHECK(json::parse(R"("q\"b\\n\n\t\u0001é")").dump() == "\"q\\\"b\\\\n\\n\\t\\u0001é\"");
    CHECK(json::parse("1e3").dump() == "1000");
    CHECK(json::parse("[]").dump() == "[]");
    CHECK(json::parse("/*c*/ [ /*c*/ ]").dump() == "[]");
    const std::string round_trip = R"({"x":[{"y":"z"},0.1,false]})";
    CHECK(json::parse(round_trip).dump() == round_trip);
}

TEST_CASE("json syntax errors say where and what was expected", "[json]") {
    check_error("", 1, 1, "expected a JSON value, got end of input");
    check_error("   \n  ", 2, 3, "expected a JSON value, got end of input");
    check_error("{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}' after object member");
    check_error("[1 2]", 1, 4, "expected ',' or ']' after array element");
    check_error("{\"a\" 1}", 1, 6, "expected ':' after object key");
    check_error("{a: 1}", 1, 2, "expected a string key in double quotes");
    check_error("{\"a\": 1,}", 1, 9, "trailing comma: expected another member after ','");
    check_error("[1,]", 1, 4, "trailing comma: expected another element after ','");
    check_error("{\"a\": }", 1, 7, "expected a JSON value (object, array, string, number, true, false or null)");
    check_error("['x']", 1, 2, "strings must be in double quotes, not single quotes");
    check_error("{} x", 1, 4, "trailing characters after the document");
    check_error("1 2", 1, 3, "trailing characters after the document");
    check_error("tru", 1, 1, "invalid literal: expected true, false or null");
    check_error("nul", 1, 1, "invalid literal: expected true, false or null");
    check_error("{\"a\": [1,\n  {\"b\": 2", 2, 10, "expected ',' or '}' after object member");
}

TEST_CASE("json string errors", "[json]") {
    check_error("\"abc", 1, 1, "unterminated string");
    check_error("[1, \"abc\n\"]", 1, 5, "unterminated string (a string cannot span lines; use \\n)");
    check_error("\"a\tb\"", 1, 3, "control character in string: it must be escaped (e.g. \\t, \\u0001)");
    check_error(R"("ab\x")", 1, 4,
                "invalid escape sequence '\\x' in string; expected \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or "
                "\\uXXXX");
    check_error(R"("\u12G4")", 1, 2, "invalid \\u escape: expected 4 hex digits after \\u");
    check_error(R"("\u12")", 1, 2, "invalid \\u escape: expected 4 hex digits after \\u");
    check_error(R"("\ud83d")", 1, 2, "invalid \\u escape: high surrogate must be followed by a \\u low surrogate");
    check_error(R"("\ud83dx")", 1, 2, "invalid \\u escape: high surrogate must be followed by a \\u low surrogate");
    check_error(R"("\ud83d\u0041")", 1, 8,
                "invalid \\u escape: expected a low surrogate (\\uDC00 to \\uDFFF) after a high surrogate");
    check_error(R"("\ude00")", 1, 2, "invalid \\u escape: low surrogate without a high surrogate before it");
    check_error("\"abc\\", 1, 1, "unterminated string");
}

TEST_CASE("json number errors", "[json]") {
    check_error("-", 1, 2, "expected a digit in number");
    check_error("[-x]", 1, 3, "expected a digit in number");
    check_error("01", 1, 1, "leading zeros are not allowed in numbers");
    check_error("-012", 1, 1, "leading zeros are not allowed in numbers");
    check_error("1.", 1, 3, "expected a digit after '.' in number");
    check_error("1.e5", 1, 3, "expected a digit after '.' in number");
    check_error("1e", 1, 3, "expected a digit in the exponent of number");
    check_error("1e+", 1, 4, "expected a digit in the exponent of number");
    check_error("[1e400]", 1, 2, "number is too large");
    check_error("+1", 1, 1, "expected a JSON value (object, array, string, number, true, false or null)");
    check_error(".5", 1, 1, "expected a JSON value (object, array, string, number, true, false or null)");
}

TEST_CASE("json comment errors", "[json]") {
    check_error("{} /* never closed", 1, 4, "unterminated block comment: expected '*/'");
    check_error("[1, / 2]", 1, 5, "expected '//' or '/*' to start a comment");
    check_error("\n\n  /", 3, 3, "expected '//' or '/*' to start a comment");
}

TEST_CASE("json rejects hostile nesting instead of overflowing the stack", "[json]") {
    const std::string ok = std::string(512, '[') + std::string(512, ']');
    CHECK(json::parse(ok).is_array());
    const std::string deep(100000, '[');
    const ParseError e = parse_error_of(deep);
    CHECK(e.position().column == 513);
    CHECK(std::string(e.what()) == "nesting is too deep (more than 512 levels)");
    const std::string deep_objects = [] {
        std::string s;
        for (int i = 0; i < 600; ++i) s += "{\"a\":";
        return s;
    }();
    CHECK_THROWS_AS(json::parse(deep_objects), ParseError);
}

TEST_CASE("json error offsets count bytes", "[json]") {
    const ParseError e = parse_error_of("{\"\xC3\xA9\": 1 x}");
    CHECK(e.position().column == 10);
    CHECK(e.position().offset == 9);
}

TEST_CASE("json values can be edited, keeping pointers and positions right", "[json]") {
    Value doc = json::parse("{\n  \"a\": {\"b\": 1},\n  \"list\": [10, 20]\n}");
    SECTION("replacing a member keeps the old value's place") {
        Value& b = doc.find_mutable("a")->set_member("b", json::parse(R"({"deep": [true]})"));
        CHECK(doc.dump() == R"({"a":{"b":{"deep":[true]}},"list":[10,20]})");
        CHECK(b.pointer() == "/a/b");
        CHECK(b.position().line == 2);
        CHECK(b.position().column == 14);
        const Value& inner = b.find("deep")->items().at(0);
        CHECK(inner.pointer() == "/a/b/deep/0");
        CHECK(inner.position().column == 14);
    }
    SECTION("a new member takes the enclosing object's position") {
        Value& added = doc.find_mutable("a")->set_member("x/y", Value::make_string("s"));
        CHECK(added.as_string() == "s");
        CHECK(added.pointer() == "/a/x~1y");
        CHECK(added.position().line == 2);
        CHECK(added.position().column == 8);
        CHECK(doc.find("a")->members().back().key_position.column == 8);
    }
    SECTION("array items") {
        Value* second = doc.find_mutable("list")->item_mutable(1);
        REQUIRE(second != nullptr);
        second->replace_with(Value::make_object());
        CHECK(second->is_object());
        CHECK(second->pointer() == "/list/1");
        CHECK(second->position().line == 3);
        CHECK(doc.find_mutable("list")->item_mutable(2) == nullptr);
        CHECK(doc.find_mutable("missing") == nullptr);
    }
    CHECK(json::pointer_token("a/b~c") == "a~1b~0c");
}

TEST_CASE("json pointers are worked out from a value's place, wherever the document moves", "[json]") {
    std::string text = "{\"rows\": [";
    for (int i = 0; i < 1000; ++i) text += (i > 0 ? ", " : "") + std::string("{\"user\": \"u\", \"n\": 1}");
    text += "]}";
    Value doc = json::parse(text);
    Value moved = std::move(doc);  // the root's new place is its children's parent
    const Value& last = moved.find("rows")->items().back();
    CHECK(last.find("n")->pointer() == "/rows/999/n");

    // A copy is a document of its own: its pointers start at the copy.
    const Value copy = *moved.find("rows");
    CHECK(copy.items()[5].find("user")->pointer() == "/5/user");
    CHECK(last.find("user")->pointer() == "/rows/999/user");

    // A member added to an object moves the others; their pointers stay right.
    Value& row = *moved.find_mutable("rows")->item_mutable(3);
    for (int k = 0; k < 20; ++k) row.set_member("k" + std::to_string(k), Value::make_string("v"));
    CHECK(row.find("n")->pointer() == "/rows/3/n");
    CHECK(row.find("k19")->pointer() == "/rows/3/k19");
}

TEST_CASE("json values are small: a million of them fit in 64 MB", "[json]") {
    // Inline feeders hold every row as values: no per-value pointer string.
    CHECK(sizeof(Value) <= 64);
}
