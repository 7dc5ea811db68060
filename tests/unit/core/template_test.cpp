#include "harness/core/template.hpp"

#include <catch2/catch.hpp>
#include <cctype>
#include <map>
#include <set>

using throng::core::EnvLookup;
using throng::core::Rng;
using throng::core::Template;
using throng::core::TemplateError;
using throng::core::TemplateScope;
using throng::core::Variables;

namespace {

// A fixed environment, so tests do not depend on the machine's.
EnvLookup fake_env(std::map<std::string, std::string> values = {{"HOST", "example.test"}, {"EMPTY", ""}}) {
    return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
        const auto it = values.find(std::string(name));
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}

Template parse(std::string_view text) { return Template::parse(text, fake_env()); }

std::string render(std::string_view text, const Variables* vars = nullptr) {
    TemplateScope scope;
    scope.variables = vars;
    scope.vu = 7;
    scope.iteration = 12345678901234ULL;
    scope.scenario = "checkout";
    return parse(text).render(scope);
}

// The message of the TemplateError that parsing `text` throws ("" if none).
std::string template_error_of(std::string_view text) {
    try {
        parse(text);
    } catch (const TemplateError& e) {
        return e.what();
    }
    return "";
}

// `n` renders of `text` from one generator seeded with `seed`.
std::vector<std::string> draws(std::string_view text, std::uint64_t seed, int n) {
    const Template t = parse(text);
    Rng rng(seed);
    TemplateScope scope;
    scope.rng = &rng;
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back(t.render(scope));
    return out;
}

}  // namespace

TEST_CASE("literal text and escapes", "[template]") {
    CHECK(render("") == "");
    CHECK(render("/api/items?page=1") == "/api/items?page=1");
    CHECK(render("price: $5, $ and $x") == "price: $5, $ and $x");  // a lone $ is literal
    CHECK(render("$${name}") == "${name}");
    CHECK(render("a$${b}c$") == "a${b}c$");
    CHECK(render("}") == "}");
}

TEST_CASE("variables, dotted names and fallbacks", "[template]") {
    Variables vars;
    vars.set("token", "abc");
    vars.set("users.email", "a@b.test");
    vars.set("blank", "");
    CHECK(render("Bearer ${token}", &vars) == "Bearer abc");
    CHECK(render("${users.email}|${token}${token}", &vars) == "a@b.test|abcabc");
    CHECK(render("[${missing}]", &vars) == "[]");
    CHECK(render("[${missing}]") == "[]");  // no Variables at all
    CHECK(render("${missing:-guest}", &vars) == "guest");
    CHECK(render("${blank:-guest}", &vars) == "guest");  // empty counts as unset for fallbacks
    CHECK(render("[${blank}]", &vars) == "[]");
    CHECK(render("${token:-guest}", &vars) == "abc");
    CHECK(render("[${missing:-}]", &vars) == "[]");
    CHECK(render("${missing:-a b (c), d:e}", &vars) == "a b (c), d:e");

    vars.set("token", "xyz");  // rendering reads the current value
    CHECK(render("${token}", &vars) == "xyz");
    vars.erase("token");
    CHECK(render("${token:-gone}", &vars) == "gone");
}

TEST_CASE("builtins", "[template]") {
    CHECK(render("vu=${vu} it=${iteration} sc=${scenario}") == "vu=7 it=12345678901234 sc=checkout");
    TemplateScope scope;
    scope.vu = -3;
    CHECK(parse("${vu}/${iteration}/${scenario}").render(scope) == "-3/0/");
}

TEST_CASE("environment variables are resolved when parsed", "[template]") {
    CHECK(render("https://${env.HOST}/") == "https://example.test/");
    CHECK(render("${env.HOST:-localhost}") == "example.test");
    CHECK(render("${env.PORT:-8080}") == "8080");
    CHECK(render("[${env.EMPTY:-x}]") == "[]");  // empty is set for env
    CHECK(render("[${env.PORT:-}]") == "[]");

    const Template t = parse("http://${env.HOST}:${env.PORT:-80}/");
    CHECK(t.is_constant());
    CHECK(t.variables().empty());
    CHECK(t.source() == "http://${env.HOST}:${env.PORT:-80}/");

    CHECK(template_error_of("${env.PORT}") ==
          "environment variable `PORT` is not set and `${env.PORT}` has no default (write `${env.PORT:-value}`)");
    // Without a lookup function nothing is set.
    CHECK_THROWS_AS(Template::parse("${env.HOST}", EnvLookup{}), TemplateError);
    CHECK(Template::parse("${env.HOST:-h}", EnvLookup{}).render(TemplateScope{}) == "h");
}

TEST_CASE("is_constant and the variables read", "[template]") {
    CHECK(parse("").is_constant());
    CHECK(parse("plain").is_constant());
    CHECK(parse("a$${b}").is_constant());
    CHECK(Template().is_constant());
    CHECK_FALSE(parse("${x}").is_constant());
    CHECK_FALSE(parse("${vu}").is_constant());
    CHECK_FALSE(parse("${uuid()}").is_constant());

    const Template t = parse("${b}/${a.x}/${vu}/${env.HOST}/${b:-z}/${uuid()}/${c}/${a.x}");
    CHECK(t.variables() == std::vector<std::string>{"b", "a.x", "c"});
}

TEST_CASE("syntax errors say what was expected and quote the placeholder", "[template]") {
    auto has = [](std::string_view text, std::string_view part) {
        const std::string message = template_error_of(text);
        INFO(text << " -> " << message);
        CHECK(message.find(part) != std::string::npos);
    };
    has("/items/${id", "unclosed `${` at character 8");
    has("$${a} ${", "unclosed `${` at character 7");
    has("${}", "empty placeholder");
    has("${1abc}", "invalid variable name `1abc`");
    has("${1abc}", "in `${1abc}`");
    has("${a b}", "invalid variable name `a b`");
    has("${ a}", "invalid variable name");
    has("${a.b.c}", "invalid variable name `a.b.c`");
    has("${a.}", "invalid variable name");
    has("${a-b}", "invalid variable name");
    has("${env.}", "invalid environment variable name");
    has("${env.A.B:-x}", "invalid environment variable name `A.B`");
    has("${vu:-1}", "`vu` is always set");
    has("${a:-${b}}", "a fallback is literal text");
    has("${nope()}", "unknown function `nope`");
    has("${nope()}", "`random_int(MIN,MAX)`");
    has("${uuid(4)}", "`uuid` takes no arguments");
    has("${uuid(}", "expected `)`");
    has("${random_int(5)}", "`random_int` expects two integers MIN <= MAX");
    has("${random_int(5,1)}", "in `${random_int(5,1)}`");
    has("${random_int(a,b)}", "`${random_int(MIN,MAX)}`");
    has("${random_int(1,2,3)}", "`random_int` expects");
    has("${random_int(1.5,2)}", "`random_int` expects");
    has("${random_int(1,99999999999999999999)}", "`random_int` expects");
    has("${random_string()}", "`random_string` expects one length from 1 to 65536");
    has("${random_string(0)}", "`${random_string(LEN)}`");
    has("${random_string(65537)}", "`random_string` expects");
    has("${random_string(x)}", "`random_string` expects");
    has("${pick()}", "`pick` expects one or more non-empty choices");
    has("${pick(a,,b)}", "`pick` expects");
    has("${pick(a,${b)}", "a choice is literal text");
}

TEST_CASE("uuid() is a lowercase version 4 UUID", "[template]") {
    std::set<std::string> seen;
    for (const auto& id : draws("${uuid()}", 1, 500)) {
        INFO(id);
        REQUIRE(id.size() == 36);
        for (std::size_t i = 0; i < id.size(); ++i) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                CHECK(id[i] == '-');
            } else {
                CHECK(std::string_view("0123456789abcdef").find(id[i]) != std::string_view::npos);
            }
        }
        CHECK(id[14] == '4');
        CHECK(std::string_view("89ab").find(id[19]) != std::string_view::npos);
        seen.insert(id);
    }
    CHECK(seen.size() == 500);
}

TEST_CASE("random_int stays within its inclusive bounds", "[template]") {
    std::set<std::string> small;
    for (const auto& v : draws("${random_int(1,6)}", 3, 600)) small.insert(v);
    CHECK(small == std::set<std::string>{"1", "2", "3", "4", "5", "6"});  // every value appears

    std::set<std::string> negative;
    for (const auto& v : draws("${random_int( -3 , -1 )}", 4, 300)) negative.insert(v);
    CHECK(negative == std::set<std::string>{"-3", "-2", "-1"});

    for (const auto& v : draws("${random_int(42,42)}", 5, 20)) CHECK(v == "42");

    // The whole int64 range has no room for an off-by-one: it must not crash or overflow.
    for (const auto& v : draws("${random_int(-9223372036854775808,9223372036854775807)}", 6, 100)) {
        CHECK(!v.empty());
    }
}

TEST_CASE("random_string has the asked length and charset", "[template]") {
    std::set<char> chars;
    for (const auto& s : draws("${random_string(64)}", 7, 200)) {
        REQUIRE(s.size() == 64);
        chars.insert(s.begin(), s.end());
    }
    CHECK(chars.size() == 62);  // 12800 draws over 62 characters: each appears
    for (const char c : chars) CHECK(std::isalnum(static_cast<unsigned char>(c)));
    CHECK(draws("${random_string(1)}", 8, 1)[0].size() == 1);
    CHECK(draws("${random_string(65536)}", 8, 1)[0].size() == 65536);
    CHECK(draws("x${random_string( 3 )}y", 8, 1)[0].size() == 5);
}

TEST_CASE("pick covers all its trimmed choices", "[template]") {
    std::set<std::string> seen;
    for (const auto& v : draws("${pick(red, green ,blue)}", 9, 300)) seen.insert(v);
    CHECK(seen == std::set<std::string>{"red", "green", "blue"});
    for (const auto& v : draws("${pick( only one )}", 9, 10)) CHECK(v == "only one");
}

TEST_CASE("a fixed seed repeats generated values, another seed does not", "[template]") {
    const char* text = "${uuid()} ${random_int(0,1000000)} ${random_string(8)} ${pick(a,b,c,d)}";
    const auto a = draws(text, 42, 50);
    CHECK(a == draws(text, 42, 50));
    CHECK(a != draws(text, 43, 50));
    CHECK(a[0] != a[1]);  // and each render draws anew
}

TEST_CASE("render appends to the output", "[template]") {
    Variables vars;
    vars.set("id", "9");
    TemplateScope scope;
    scope.variables = &vars;
    std::string out = "GET ";
    parse("/items/${id}").render(scope, out);
    CHECK(out == "GET /items/9");
    // A generator without an Rng is a programming error, not bad input.
    CHECK_THROWS_AS(parse("${uuid()}").render(scope), std::logic_error);
}

TEST_CASE("a JSON body's template escapes the values it inserts", "[template]") {
    throng::core::Variables vars;
    vars.set("name", "O\"Brien\\\n");
    const auto env = [](std::string_view) -> std::optional<std::string> { return std::string("a\"b"); };
    const auto t = throng::core::Template::parse(R"({"u":"${name}","e":"${env.X}","s":"${scenario}"})", env,
                                                 throng::core::Template::Escape::json_string);
    const throng::core::TemplateScope scope{&vars, 1, 0, "sc\"1", nullptr};
    CHECK(t.render(scope) == R"({"u":"O\"Brien\\\n","e":"a\"b","s":"sc\"1"})");
    // Plain templates insert values as they are.
    const auto plain = throng::core::Template::parse("${name}", env);
    CHECK(plain.render(scope) == "O\"Brien\\\n");
}

TEST_CASE("numbers are written in decimal, as std::to_string writes them", "[template]") {
    // Every digit count and both signs, to the ends of int64.
    std::vector<std::int64_t> values = {0, INT64_MIN, INT64_MIN + 1, INT64_MAX, INT64_MAX - 1};
    for (std::int64_t p = 1; p <= INT64_MAX / 10; p *= 10) {
        for (const std::int64_t v : {p - 1, p, p + 1, 10 * p - 1}) {
            values.push_back(v);
            values.push_back(-v);
        }
    }
    for (const std::int64_t v : values) {
        const std::string text = "${random_int(" + std::to_string(v) + "," + std::to_string(v) + ")}";
        INFO(text);
        CHECK(draws(text, 1, 1)[0] == std::to_string(v));
        CHECK(draws("n=" + text + ";", 1, 1)[0] == "n=" + std::to_string(v) + ";");
    }

    TemplateScope scope;
    const Template builtins = parse("${vu}|${iteration}");
    for (const int vu : {0, 1, -1, 9, 10, -10, INT32_MAX, INT32_MIN}) {
        scope.vu = vu;
        scope.iteration = static_cast<std::uint64_t>(vu < 0 ? -static_cast<std::int64_t>(vu) : vu);
        CHECK(builtins.render(scope) == std::to_string(vu) + "|" + std::to_string(scope.iteration));
    }
    scope.iteration = UINT64_MAX;
    CHECK(parse("${iteration}").render(scope) == "18446744073709551615");
}

TEST_CASE("random_int draws what uniform_below draws from the same generator", "[template]") {
    // The rejection threshold is worked out once, when parsed: the values
    // must not change with it. [-1, 2^63 - 1] holds 2^63 + 1 values, so that
    // nearly half of the raw draws are rejected.
    struct Range {
        std::int64_t min, max;
    };
    for (const Range r : {Range{0, 99999}, Range{-3, -1}, Range{-5, 1000}, Range{-1, INT64_MAX},
                          Range{INT64_MIN, INT64_MAX}, Range{INT64_MIN, -1}, Range{7, 7}}) {
        const std::string text = "${random_int(" + std::to_string(r.min) + "," + std::to_string(r.max) + ")}";
        INFO(text);
        Rng rng(99);
        const std::uint64_t count = static_cast<std::uint64_t>(r.max) - static_cast<std::uint64_t>(r.min) + 1;
        for (const auto& drawn : draws(text, 99, 200)) {
            const std::uint64_t offset = count == 0 ? rng() : throng::core::uniform_below(rng, count);
            CHECK(drawn == std::to_string(static_cast<std::int64_t>(static_cast<std::uint64_t>(r.min) + offset)));
        }
    }
}

TEST_CASE("empty templates and parts render nothing", "[template]") {
    TemplateScope scope;
    std::string out = "kept";
    Template().render(scope, out);
    parse("").render(scope, out);
    parse("${missing}").render(scope, out);
    parse("${missing:-}").render(scope, out);
    CHECK(out == "kept");
    CHECK(parse("$${").render(scope) == "${");
    CHECK(parse("${vu}${vu}").render(scope) == "00");

    // A generator without an Rng is found before anything is written.
    CHECK_THROWS_AS(parse("head ${uuid()}").render(scope, out), std::logic_error);
    CHECK(out == "kept");
}
