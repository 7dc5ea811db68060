// What a server says about a VU's session: Set-Cookie lines and a redirect's
// Location. Any lines go into a jar, which stays bounded and never sends a
// line break or a cookie to a host or path it does not match; any Location
// either is refused or gives a request line without spaces or line breaks.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "targets/drivers/http/cookie_jar.hpp"
#include "targets/drivers/http/redirect.hpp"
#include "targets/drivers/http/request_bytes.hpp"

namespace http = throng::targets::http;

namespace {
bool has_break_or_space(std::string_view text) {
    return text.find_first_of(std::string_view(" \r\n\0", 4)) != std::string_view::npos;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const bool secure = (data[0] & 1) != 0;
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    const auto now = http::WallClock::time_point() + std::chrono::hours(24 * 365 * 56);

    http::CookieJar jar;
    const http::CookieUrl from{secure, "www.shop.test", false, "/a/b"};
    std::size_t at = 0;
    while (at <= input.size()) {
        const auto end = std::min(input.find('\n', at), input.size());
        const std::string_view line = input.substr(at, end - at);
        if (line.find('\r') == std::string_view::npos) jar.receive(line, from, now);
        http::parse_cookie_date(line);
        at = end + 1;
    }
    if (jar.size() > http::CookieJar::max_cookies) std::abort();
    for (const http::Cookie& cookie : jar.cookies()) {
        if (!cookie.path.starts_with('/')) std::abort();
        if (cookie.secure && !secure) std::abort();
        if (!http::domain_matches("www.shop.test", false, cookie.domain)) std::abort();
    }
    std::string header;
    jar.header_for({secure, "elsewhere.test", false, "/"}, now, header);
    if (!header.empty()) std::abort();
    jar.header_for({secure, "www.shop.test", false, "/a/b/c"}, now, header);
    if (header.find_first_of("\r\n") != std::string::npos) std::abort();

    // The whole input as a Location.
    std::string why;
    const auto next = http::follow_location("http://127.0.0.1:8080/a/b?c", input, 307, "POST", &why);
    if (next) {
        if (has_break_or_space(next->target) || !next->target.starts_with('/')) std::abort();
        if (has_break_or_space(next->base.host_header())) std::abort();
        std::string out;
        http::rewrite_for_redirect("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nz", *next, false, out);
        if (out.find("\r\n\r\nz") == std::string::npos) std::abort();
    } else if (why.empty()) {
        std::abort();
    }
    return 0;
}
