#pragma once
// A virtual user's cookies, kept as RFC 6265 says a user agent keeps them:
// stored from Set-Cookie by domain and path, sent back in a Cookie header to
// the requests they match, dropped when they expire. SameSite and HttpOnly
// are kept as data only: a VU has no "site" and no scripts.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace throng::targets::http {

using WallClock = std::chrono::system_clock;

// Where a request goes, as far as cookies care.
struct CookieUrl {
    bool secure = false;    // https
    std::string_view host;  // lowercase; an IPv6 address without brackets
    bool host_is_address = false;
    std::string_view path;  // the request target's path, without the query
};

struct Cookie {
    std::string name;
    std::string value;
    std::string domain;                            // lowercase, no leading dot
    std::string path;                              // starts with '/'
    bool host_only = true;                         // sent to `domain` exactly, not its subdomains
    bool secure = false;                           // sent over https only
    bool http_only = false;                        // kept as data
    std::string same_site;                         // kept as data ("Strict", "Lax", "None" or "")
    std::optional<WallClock::time_point> expires;  // none: until the jar is cleared
    std::uint64_t created = 0;                     // order of creation: older first among equal paths
    std::uint64_t updated = 0;                     // order of the last setting: ${cookies.NAME} reads the latest
};

// When an RFC 6265 §5.1.1 cookie date (Expires) says, or nullopt when it is
// not one ("Wed, 21 Oct 2026 07:28:00 GMT" and the older forms browsers read).
std::optional<WallClock::time_point> parse_cookie_date(std::string_view text);

class CookieJar {
public:
    // At most this many cookies: the oldest goes to make room (RFC 6265 asks
    // for at least 3000 per user agent; a VU is one client of one service).
    static constexpr std::size_t max_cookies = 300;
    // A Set-Cookie line longer than this is ignored (browsers' 4096 bytes).
    static constexpr std::size_t max_line = 4096;

    // Stores (or replaces, or with a past expiry deletes) the cookie a
    // response from `from` set. Returns the cookie's name when the jar
    // changed, else nullopt (a line rejected: bad syntax, a domain the host
    // may not set, Secure from http).
    std::optional<std::string> receive(std::string_view set_cookie, const CookieUrl& from, WallClock::time_point now);
    // Sets a cookie as the scenario gives it: host-only on `host`, path "/",
    // for the session; line breaks, NUL and ';' in the value become spaces.
    void set(std::string_view name, std::string_view value, std::string_view host);

    // The Cookie header's value for a request to `to` ("a=1; b=2"), appended
    // to `out`; nothing when no cookie matches. Expired cookies go first.
    void header_for(const CookieUrl& to, WallClock::time_point now, std::string& out);

    // The value of the cookie named `name` set last, or nullptr: what
    // ${cookies.NAME} reads.
    const std::string* value_of(std::string_view name) const;

    bool empty() const { return cookies_.empty(); }
    std::size_t size() const { return cookies_.size(); }
    const std::vector<Cookie>& cookies() const { return cookies_; }
    void clear() { cookies_.clear(); }

private:
    void store(Cookie cookie, WallClock::time_point now);
    void drop_expired(WallClock::time_point now);

    std::vector<Cookie> cookies_;         // few per VU: a vector beats a map
    std::vector<const Cookie*> matched_;  // header_for's scratch, capacity kept
    std::uint64_t next_created_ = 0;
};

// RFC 6265 §5.1.3 domain-match: `host` is `domain` or a subdomain of it
// (never for an IP address).
bool domain_matches(std::string_view host, bool host_is_address, std::string_view domain);
// RFC 6265 §5.1.4 path-match.
bool path_matches(std::string_view request_path, std::string_view cookie_path);
// RFC 6265 §5.1.4 default-path of a request path.
std::string_view default_cookie_path(std::string_view request_path);

}  // namespace throng::targets::http
