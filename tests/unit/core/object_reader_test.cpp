#include "harness/core/object_reader.hpp"

#include <catch2/catch.hpp>
#include <limits>

using namespace std::chrono_literals;
using throng::core::closest_match;
using throng::core::Diagnostic;
using throng::core::Diagnostics;
using throng::core::InputError;
using throng::core::ObjectReader;
namespace json = throng::core::json;

namespace {

// The messages reported, in the order they were found.
std::vector<std::string> messages(const Diagnostics& diags) {
    std::vector<std::string> out;
    for (const auto& d : diags.list()) out.push_back(d.message);
    return out;
}

}  // namespace

TEST_CASE("Diagnostic::format", "[diagnostics]") {
    Diagnostic d{"plan.json", {3, 7, 40}, "/executor/vus", "bad value"};
    CHECK(d.format() == "plan.json:3:7: error: bad value (at /executor/vus)");
    d.pointer.clear();
    CHECK(d.format() == "plan.json:3:7: error: bad value");
}

TEST_CASE("Diagnostics are formatted in source order, stable for equal positions", "[diagnostics]") {
    Diagnostics diags("f.json");
    diags.error({5, 1, 0}, "/b", "third");
    diags.error({2, 9, 0}, "/a", "second");
    diags.error({2, 3, 0}, "", "first");
    diags.error({5, 1, 0}, "/c", "fourth");
    CHECK(diags.file() == "f.json");
    CHECK(diags.format() ==
          "f.json:2:3: error: first\n"
          "f.json:2:9: error: second (at /a)\n"
          "f.json:5:1: error: third (at /b)\n"
          "f.json:5:1: error: fourth (at /c)");
    // The list itself keeps the order of discovery.
    CHECK(diags.list().front().message == "third");

    const InputError error(diags.list());
    CHECK(std::string(error.what()) == diags.format());
    CHECK(error.diagnostics().front().message == "first");
}

TEST_CASE("Diagnostics::error at a value uses its position and pointer", "[diagnostics]") {
    const auto doc = json::parse("{\n  \"a\": [true]\n}");
    Diagnostics diags("x.json");
    diags.error(doc.find("a")->items()[0], "not here");
    REQUIRE(diags.list().size() == 1);
    CHECK(diags.list()[0].format() == "x.json:2:9: error: not here (at /a/0)");
}

TEST_CASE("closest_match finds plausible typos only", "[object_reader]") {
    const std::vector<std::string> keys{"think_time", "thresholds", "target", "steps", "vus"};
    CHECK(closest_match("thnk_time", keys) == "think_time");
    CHECK(closest_match("treshold", keys) == "thresholds");  // 2 edits, 8 / 3 = 2 allowed
    CHECK(closest_match("thrsh", keys) == std::nullopt);     // 5 edits, 1 allowed
    CHECK(closest_match("targte", keys) == "target");        // a transposition is two edits; 6/3 = 2
    CHECK(closest_match("vu", keys) == "vus");
    CHECK(closest_match("xyz", keys) == std::nullopt);
    CHECK(closest_match("anything", {}) == std::nullopt);
    CHECK(closest_match("", keys) == std::nullopt);
    // Far longer than any candidate: no suggestion (and no quadratic search).
    CHECK(closest_match(std::string(100'000, 't') + "hink_time", keys) == std::nullopt);
    CHECK(closest_match("think_time" + std::string(3, 'x'), keys) == "think_time");
    // Two long names one edit apart (a check and a threshold naming it, say):
    // no suggestion rather than 55,000 x 55,000 cells.
    const std::string long_name(55'000, 'n');
    CHECK(closest_match(long_name + "x", {long_name}) == std::nullopt);
}

TEST_CASE("shortened keeps short text whole and says how much of long text it left out", "[diagnostics]") {
    using throng::core::shortened;
    CHECK(shortened("think_time") == "think_time");
    CHECK(shortened(std::string(60, 'a')) == std::string(60, 'a'));
    CHECK(shortened(std::string(100, 'a')) == std::string(60, 'a') + "... (40 more bytes)");
    // Never cuts a UTF-8 character in two: "é" is two bytes, the cut moves before it.
    CHECK(shortened(std::string(59, 'a') + "\xC3\xA9" + "bbb") == std::string(59, 'a') + "... (5 more bytes)");
    throng::core::Diagnostic d{"f.json", {1, 2}, "/" + std::string(1000, 'p'), std::string(5000, 'm')};
    CHECK(d.format().size() < 2400);
}

TEST_CASE("ObjectReader typed getters", "[object_reader]") {
    const auto doc =
        json::parse(R"({"s": "x", "b": true, "n": 1.5, "i": 42, "d": "1m30s", "ds": 2.5, "c": "ramping-vus"})");
    Diagnostics diags("f");
    ObjectReader r(doc, diags, "executor");
    CHECK(r.valid());
    CHECK(r.string("s") == "x");
    CHECK(r.boolean("b") == true);
    CHECK(r.number("n") == 1.5);
    CHECK(r.number("i") == 42.0);
    CHECK(r.integer("i", 1, 100) == 42);
    CHECK(r.duration("d") == 90s);
    CHECK(r.duration("ds") == 2500ms);
    CHECK(r.choice("c", {"constant-vus", "ramping-vus"}) == "ramping-vus");
    CHECK(r.string("absent") == std::nullopt);
    CHECK(r.get("absent") == nullptr);
    r.finish();
    CHECK(diags.empty());
}

TEST_CASE("ObjectReader reports wrong types naming the object and key", "[object_reader]") {
    const auto doc = json::parse(
        R"({"s": 1, "b": "yes", "n": "1", "i": "10", "j": 0, "k": 2.5, "d": "30 s", "e": -1, "f": [], "c": "constant"})");
    Diagnostics diags("f");
    ObjectReader r(doc, diags, "executor");
    CHECK_FALSE(r.string("s"));
    CHECK_FALSE(r.boolean("b"));
    CHECK_FALSE(r.number("n"));
    CHECK_FALSE(r.integer("i", 1, 1000000));
    CHECK_FALSE(r.integer("j", 1, 1000000));
    CHECK_FALSE(r.integer("k", 1, std::numeric_limits<std::int64_t>::max()));
    CHECK_FALSE(r.duration("d"));
    CHECK_FALSE(r.duration("e"));
    CHECK_FALSE(r.duration("f"));
    CHECK_FALSE(r.choice("c", {"constant-vus", "ramping-vus"}));
    r.finish();
    CHECK(messages(diags) == std::vector<std::string>{
                                 "`s` in executor must be a string, got number",
                                 "`b` in executor must be true or false, got \"yes\"",
                                 "`n` in executor must be a number, got \"1\"",
                                 "`i` in executor must be an integer from 1 to 1000000, got string",
                                 "`j` in executor must be an integer from 1 to 1000000, got 0",
                                 "`k` in executor must be an integer >= 1, got 2.5",
                                 "`d` in executor must be a duration like \"250ms\", \"30s\" or \"1m30s\", or a "
                                 "number of seconds, got \"30 s\"",
                                 "`e` in executor must be a duration like \"250ms\", \"30s\" or \"1m30s\", or a "
                                 "number of seconds, got -1",
                                 "`f` in executor must be a duration like \"250ms\", \"30s\" or \"1m30s\", or a "
                                 "number of seconds, got array",
                                 "`c` in executor must be `constant-vus` or `ramping-vus`, got \"constant\"",
                             });
    // Each at the offending value.
    CHECK(diags.list()[0].pointer == "/s");
    CHECK(diags.list()[0].position.column == 7);
}

TEST_CASE("ObjectReader choice suggests the closest word", "[object_reader]") {
    const auto doc = json::parse(R"({"type": "constant_vus"})");
    Diagnostics diags("f");
    ObjectReader r(doc, diags, "executor");
    CHECK_FALSE(r.choice("type", {"constant-vus", "ramping-vus", "shared-iterations"}));
    CHECK(messages(diags) ==
          std::vector<std::string>{"`type` in executor must be `constant-vus`, `ramping-vus` or `shared-iterations`, "
                                   "got \"constant_vus\"; did you mean `constant-vus`?"});
}

TEST_CASE("ObjectReader required keys", "[object_reader]") {
    const auto doc = json::parse("{\n  \"type\": \"ramping-vus\"\n}");
    Diagnostics diags("plan.json");
    ObjectReader r(doc, diags, "executor");
    CHECK(r.require("type") != nullptr);
    CHECK(r.require("stages") == nullptr);
    CHECK_FALSE(r.integer("vus", 1, 10, true));
    CHECK_FALSE(r.duration("duration", true));
    r.finish();
    REQUIRE(diags.list().size() == 3);
    CHECK(diags.list()[0].format() == "plan.json:1:1: error: missing required key `stages` in executor");
    CHECK(diags.list()[1].message == "missing required key `vus` in executor");
    CHECK(diags.list()[2].message == "missing required key `duration` in executor");
}

TEST_CASE("ObjectReader finish reports unknown keys with a suggestion", "[object_reader]") {
    const auto doc = json::parse(
        "{\n"
        "  \"name\": \"x\",\n"
        "  \"thnk_time\": {},\n"
        "  \"zzz\": 1,\n"
        "  \"$schema\": \"s\",\n"
        "  \"// note\": \"comment\"\n"
        "}");
    Diagnostics diags("s.json");
    ObjectReader r(doc, diags, "scenario");
    r.string("name");
    r.allow("think_time");
    r.allow("target");
    r.finish();
    REQUIRE(diags.list().size() == 2);
    CHECK(diags.list()[0].format() ==
          "s.json:3:3: error: unknown key `thnk_time` in scenario; did you mean `think_time`? (at /thnk_time)");
    CHECK(diags.list()[1].format() ==
          "s.json:4:3: error: unknown key `zzz` in scenario; expected `name`, `think_time` or `target` (at /zzz)");
}

TEST_CASE("ObjectReader finish reports duplicate keys at the second one", "[object_reader]") {
    const auto doc = json::parse("{\"vus\": 1,\n \"vus\": 2}");
    Diagnostics diags("f");
    ObjectReader r(doc, diags, "executor");
    CHECK(r.integer("vus", 1, 10) == 1);
    r.finish();
    REQUIRE(diags.list().size() == 1);
    CHECK(diags.list()[0].message == "duplicate key `vus` in executor (first at line 1, column 2)");
    CHECK(diags.list()[0].position.line == 2);
}

TEST_CASE("ObjectReader reject reports keys of another variant", "[object_reader]") {
    const auto doc = json::parse(R"({"vus": 1, "stages": []})");
    Diagnostics diags("f");
    ObjectReader r(doc, diags, "executor");
    r.integer("vus", 1, 10);
    r.reject("stages", "`stages` is not used by constant-vus");
    r.reject("start_vus", "`start_vus` is not used by constant-vus");
    r.finish();
    REQUIRE(diags.list().size() == 1);
    CHECK(diags.list()[0].message == "`stages` is not used by constant-vus");
    CHECK(diags.list()[0].position.column == 12);  // at the key
}

TEST_CASE("ObjectReader on a non-object reports once and reads nothing", "[object_reader]") {
    const auto doc = json::parse(R"({"executor": "fast"})");
    Diagnostics diags("f");
    ObjectReader r(*doc.find("executor"), diags, "executor");
    CHECK_FALSE(r.valid());
    CHECK(&r.value() == doc.find("executor"));
    CHECK(r.require("type") == nullptr);
    CHECK_FALSE(r.integer("vus", 1, 10, true));
    r.finish();
    CHECK(messages(diags) == std::vector<std::string>{"executor must be an object, got \"fast\""});
    CHECK(diags.list()[0].pointer == "/executor");
}
