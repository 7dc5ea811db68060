// The VU's cookie jar against RFC 6265's rules: what is stored from which
// origin, what is sent where, and when it expires.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "targets/drivers/http/cookie_jar.hpp"

using namespace throng::targets::http;
using namespace std::chrono;

namespace {
const WallClock::time_point jar_now = sys_days{year{2026} / 12 / 7} + hours{12};

CookieUrl at(std::string_view host, std::string_view path = "/", bool secure = false) {
    return {secure, host, host.find_first_not_of("0123456789.:") == std::string_view::npos, path};
}

std::string header(CookieJar& jar, const CookieUrl& to, WallClock::time_point when = jar_now) {
    std::string out;
    jar.header_for(to, when, out);
    return out;
}
}  // namespace

TEST_CASE("cookie dates are read in the forms RFC 6265 accepts", "[http][cookies]") {
    const auto expected = sys_days{year{2026} / 10 / 21} + hours{7} + minutes{28};
    CHECK(parse_cookie_date("Wed, 21 Oct 2026 07:28:00 GMT") == expected);
    CHECK(parse_cookie_date("Wednesday, 21-Oct-26 07:28:00 GMT") == expected);  // RFC 850
    CHECK(parse_cookie_date("Wed Oct 21 07:28:00 2026") == expected);           // asctime
    CHECK(parse_cookie_date("21 oct 2026 7:28:0") == expected);
    CHECK(parse_cookie_date("Thu, 01 Jan 1970 00:00:00 GMT") == sys_days{year{1970} / 1 / 1});
    CHECK_FALSE(parse_cookie_date("31 Feb 2026 00:00:00"));  // no such day
    CHECK_FALSE(parse_cookie_date("21 Oct 2026"));           // no time
    CHECK_FALSE(parse_cookie_date("21 Oct 1600 07:28:00"));  // before 1601
    CHECK_FALSE(parse_cookie_date("21 Oct 2026 24:00:00"));
    CHECK_FALSE(parse_cookie_date("tomorrow"));
    CHECK(parse_cookie_date("Wed, 21 Oct 4052 07:28:00 GMT") == parse_cookie_date("21 Oct 2200 07:28:00"));
    CHECK(parse_cookie_date("Wed, 21 Oct 1616 07:28:00 GMT") == parse_cookie_date("21 Oct 1700 07:28:00"));
}

TEST_CASE("a cookie goes back to its host and path, in RFC 6265's order", "[http][cookies]") {
    CookieJar jar;
    CHECK(jar.receive("sid=abc; Path=/; HttpOnly", at("shop.test", "/login"), jar_now) == "sid");
    CHECK(jar.receive("cart = 3 ; Path=/cart", at("shop.test", "/login"), jar_now) == "cart");
    CHECK(jar.receive("deep=1", at("shop.test", "/cart/items/add"), jar_now) == "deep");  // default path /cart/items
    CHECK(header(jar, at("shop.test", "/")) == "sid=abc");
    CHECK(header(jar, at("shop.test", "/cart")) == "cart=3; sid=abc");
    CHECK(header(jar, at("shop.test", "/cart/items/9")) == "deep=1; cart=3; sid=abc");  // longest path first
    CHECK(header(jar, at("shop.test", "/cartoon")) == "sid=abc");                       // /cart does not match /cartoon
    CHECK(header(jar, at("other.test", "/")).empty());
    CHECK(header(jar, at("www.shop.test", "/")).empty());  // host-only
    CHECK(jar.cookies().front().http_only);
}

TEST_CASE("a Domain cookie reaches the subdomains, and a host may not set another's", "[http][cookies]") {
    CookieJar jar;
    CHECK(jar.receive("a=1; Domain=.Shop.Test", at("www.shop.test"), jar_now));
    CHECK(header(jar, at("shop.test")) == "a=1");
    CHECK(header(jar, at("api.shop.test")) == "a=1");
    CHECK(header(jar, at("evilshop.test")).empty());
    CHECK_FALSE(jar.receive("b=2; Domain=other.test", at("www.shop.test"), jar_now));
    CHECK_FALSE(jar.receive("b=2; Domain=api.shop.test", at("www.shop.test"), jar_now));
    // A top-level domain is a public suffix: not for a whole TLD (the fuzzer's find).
    CHECK_FALSE(jar.receive("tld=1; Domain=test", at("www.shop.test"), jar_now));
    CHECK(jar.receive("local=1; Domain=localhost", at("localhost"), jar_now));  // the host itself: host-only
    CHECK(header(jar, at("localhost")) == "local=1");
    // An address only sets its own.
    CHECK(jar.receive("c=3; Domain=127.0.0.1", at("127.0.0.1"), jar_now));
    CHECK_FALSE(jar.receive("d=4; Domain=0.0.1", at("127.0.0.1"), jar_now));
    CHECK(header(jar, at("127.0.0.1")) == "c=3");
}

TEST_CASE("Secure cookies come only from https and go only there", "[http][cookies]") {
    CookieJar jar;
    CHECK_FALSE(jar.receive("s=1; Secure", at("shop.test", "/", false), jar_now));
    CHECK(jar.receive("s=1; Secure; SameSite=Strict", at("shop.test", "/", true), jar_now));
    CHECK(header(jar, at("shop.test", "/", false)).empty());
    CHECK(header(jar, at("shop.test", "/", true)) == "s=1");
    CHECK(jar.cookies().front().same_site == "Strict");
}

TEST_CASE("cookies expire by Max-Age before Expires, and are replaced in place", "[http][cookies]") {
    CookieJar jar;
    jar.receive("a=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT", at("shop.test"), jar_now);
    jar.receive("b=2; Expires=Thu, 01 Jan 2099 00:00:00 GMT", at("shop.test"), jar_now);
    jar.receive("c=3", at("shop.test"), jar_now);
    CHECK(header(jar, at("shop.test")) == "a=1; b=2; c=3");
    CHECK(header(jar, at("shop.test"), jar_now + seconds{61}) == "b=2; c=3");
    // A new value keeps the cookie's place; a past expiry deletes it.
    jar.receive("b=22", at("shop.test"), jar_now);
    CHECK(header(jar, at("shop.test")) == "b=22; c=3");
    CHECK(jar.value_of("b") != nullptr);
    CHECK(*jar.value_of("b") == "22");
    jar.receive("c=gone; Max-Age=0", at("shop.test"), jar_now);
    jar.receive("b=gone; Expires=Thu, 01 Jan 1970 00:00:00 GMT", at("shop.test"), jar_now);
    CHECK(header(jar, at("shop.test")).empty());
    CHECK(jar.value_of("b") == nullptr);
    // A Domain cookie is replaced (here deleted) by one without Domain from
    // that host: RFC 6265 matches name, domain and path, not how it was set.
    CHECK(jar.receive("sid=x; Domain=shop.test", at("shop.test"), jar_now));
    CHECK(jar.receive("sid=y", at("shop.test"), jar_now));
    CHECK(header(jar, at("shop.test")) == "sid=y");
    CHECK(jar.receive("sid=; Max-Age=0", at("shop.test"), jar_now));
    CHECK(header(jar, at("shop.test")).empty());
}

TEST_CASE("malformed Set-Cookie lines are ignored, and the jar is bounded", "[http][cookies]") {
    CookieJar jar;
    CHECK_FALSE(jar.receive("novalue", at("shop.test"), jar_now));
    CHECK_FALSE(jar.receive("=1", at("shop.test"), jar_now));
    CHECK_FALSE(jar.receive("big=" + std::string(CookieJar::max_line, 'x'), at("shop.test"), jar_now));
    CHECK(jar.receive("empty=", at("shop.test"), jar_now));  // an empty value is a value
    CHECK(header(jar, at("shop.test")) == "empty=");
    for (int i = 0; i < 400; ++i) jar.receive("k" + std::to_string(i) + "=v", at("shop.test"), jar_now);
    CHECK(jar.size() == CookieJar::max_cookies);
    CHECK(jar.value_of("k399") != nullptr);
    CHECK(jar.value_of("k0") == nullptr);  // the oldest went
    // The scenario's own are host-only at path /.
    CookieJar mine;
    mine.set("theme", "dark", "shop.test");
    CHECK(header(mine, at("shop.test", "/any/where")) == "theme=dark");
    CHECK(header(mine, at("www.shop.test")).empty());
    mine.set("evil", "x\r\nX-Injected: 1; other=2", "shop.test");
    CHECK(header(mine, at("shop.test")) == "theme=dark; evil=x  X-Injected: 1  other=2");
}
