#include "targets/drivers/http/cookie_jar.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "harness/core/ascii.hpp"

namespace throng::targets::http {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view text) {
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.empty() && blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && blank(text.back())) text.remove_suffix(1);
    return text;
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// RFC 6265 §5.1.1's delimiters between a date's tokens.
bool is_date_delimiter(char c) {
    const auto b = static_cast<unsigned char>(c);
    return b == 0x09 || (b >= 0x20 && b <= 0x2F) || (b >= 0x3B && b <= 0x40) || (b >= 0x5B && b <= 0x60) ||
           (b >= 0x7B && b <= 0x7E);
}

// Reads min..max digits at `at`, which must not be followed by another digit.
std::optional<int> leading_number(std::string_view token, std::size_t& at, std::size_t min, std::size_t max) {
    std::size_t n = 0;
    int value = 0;
    while (at + n < token.size() && is_digit(token[at + n]) && n < max) value = value * 10 + (token[at + n++] - '0');
    if (n < min || (at + n < token.size() && is_digit(token[at + n]))) return std::nullopt;
    at += n;
    return value;
}

struct DateParts {
    std::optional<std::array<int, 3>> time;
    std::optional<int> day, month, year;
};

void read_date_token(std::string_view token, DateParts& d) {
    if (!d.time) {
        std::size_t at = 0;
        auto h = leading_number(token, at, 1, 2);
        if (h && at < token.size() && token[at] == ':') {
            ++at;
            auto m = leading_number(token, at, 1, 2);
            if (m && at < token.size() && token[at] == ':') {
                ++at;
                if (auto s = leading_number(token, at, 1, 2)) {
                    d.time = std::array<int, 3>{*h, *m, *s};
                    return;
                }
            }
        }
    }
    if (!d.day) {
        std::size_t at = 0;
        if (auto day = leading_number(token, at, 1, 2)) {
            d.day = day;
            return;
        }
    }
    if (!d.month && token.size() >= 3) {
        static constexpr std::array<std::string_view, 12> months = {"jan", "feb", "mar", "apr", "may", "jun",
                                                                    "jul", "aug", "sep", "oct", "nov", "dec"};
        for (std::size_t i = 0; i < months.size(); ++i) {
            if (core::iequals_ascii(token.substr(0, 3), months[i])) {
                d.month = static_cast<int>(i) + 1;
                return;
            }
        }
    }
    if (!d.year) {
        std::size_t at = 0;
        if (auto year = leading_number(token, at, 2, 4)) d.year = year;
    }
}

// RFC 6265 §5.2.2: "-5" or "3600", or nullopt for anything else.
std::optional<long long> parse_max_age(std::string_view text) {
    if (text.empty() || !(is_digit(text.front()) || text.front() == '-')) return std::nullopt;
    const bool negative = text.front() == '-';
    std::string_view digits = negative ? text.substr(1) : text;
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), is_digit)) return std::nullopt;
    long long seconds = 0;
    for (char c : digits) {
        seconds = seconds * 10 + (c - '0');
        if (seconds > 400LL * 24 * 3600) break;  // browsers cap persistence at 400 days
    }
    return negative ? -seconds : std::min(seconds, 400LL * 24 * 3600);
}

}  // namespace

std::optional<WallClock::time_point> parse_cookie_date(std::string_view text) {
    DateParts d;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_date_delimiter(text[i])) ++i;
        const std::size_t start = i;
        while (i < text.size() && !is_date_delimiter(text[i])) ++i;
        if (i > start) read_date_token(text.substr(start, i - start), d);
    }
    if (!d.time || !d.day || !d.month || !d.year) return std::nullopt;
    int year = *d.year;
    if (year >= 70 && year <= 99) year += 1900;
    if (year >= 0 && year <= 69) year += 2000;
    const auto [hour, minute, second] = *d.time;
    if (*d.day < 1 || *d.day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return std::nullopt;
    // The clock counts nanoseconds from 1678 to 2262 (the fuzzer's finds:
    // years 4052 and 1616 overflowed it); any date outside means "for ever"
    // or "long ago" all the same.
    year = std::clamp(year, 1700, 2200);
    const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(*d.month)),
                                           std::chrono::day(static_cast<unsigned>(*d.day))};
    if (!date.ok()) return std::nullopt;  // 31 February
    return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
           std::chrono::seconds(second);
}

bool domain_matches(std::string_view host, bool host_is_address, std::string_view domain) {
    if (host == domain) return true;
    if (host_is_address || host.size() <= domain.size()) return false;
    return host.ends_with(domain) && host[host.size() - domain.size() - 1] == '.';
}

bool path_matches(std::string_view request_path, std::string_view cookie_path) {
    if (request_path == cookie_path) return true;
    if (!request_path.starts_with(cookie_path)) return false;
    return cookie_path.ends_with('/') || request_path[cookie_path.size()] == '/';
}

std::string_view default_cookie_path(std::string_view request_path) {
    if (!request_path.starts_with('/')) return "/";
    const auto last = request_path.rfind('/');
    return last == 0 ? std::string_view("/") : request_path.substr(0, last);
}

std::optional<std::string> CookieJar::receive(std::string_view line, const CookieUrl& from, WallClock::time_point now) {
    if (line.size() > max_line) return std::nullopt;
    const auto semicolon = line.find(';');
    const std::string_view pair = line.substr(0, semicolon);
    const auto equals = pair.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    Cookie cookie;
    cookie.name = trim(pair.substr(0, equals));
    cookie.value = trim(pair.substr(equals + 1));
    if (cookie.name.empty()) return std::nullopt;

    std::optional<WallClock::time_point> expires, max_age_expiry;
    std::string domain;
    std::string_view path;
    std::string_view rest = semicolon == std::string_view::npos ? std::string_view{} : line.substr(semicolon + 1);
    while (!rest.empty()) {
        const auto end = rest.find(';');
        const std::string_view attribute = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
        const auto eq = attribute.find('=');
        const std::string_view name = trim(attribute.substr(0, eq));
        const std::string_view value =
            eq == std::string_view::npos ? std::string_view{} : trim(attribute.substr(eq + 1));
        if (core::iequals_ascii(name, "Expires")) {
            if (auto when = parse_cookie_date(value)) expires = when;
        } else if (core::iequals_ascii(name, "Max-Age")) {
            if (auto seconds = parse_max_age(value))
                max_age_expiry = *seconds <= 0 ? WallClock::time_point::min() : now + std::chrono::seconds(*seconds);
        } else if (core::iequals_ascii(name, "Domain")) {
            if (!value.empty()) domain = lowercase(value.starts_with('.') ? value.substr(1) : value);
        } else if (core::iequals_ascii(name, "Path")) {
            path = value.starts_with('/') ? value : std::string_view{};
        } else if (core::iequals_ascii(name, "Secure")) {
            cookie.secure = true;
        } else if (core::iequals_ascii(name, "HttpOnly")) {
            cookie.http_only = true;
        } else if (core::iequals_ascii(name, "SameSite")) {
            cookie.same_site = value;
        }
    }
    // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
    cookie.expires = max_age_expiry ? max_age_expiry : expires;
    // Without a public suffix list, a single label ("com", "test") stands
    // for one: a cookie for all of it is refused, unless it is the host
    // itself (then host-only, RFC 6265 §5.3 step 5). The fuzzer's find.
    if (!domain.empty() && domain.find('.') == std::string::npos) {
        if (domain != from.host) return std::nullopt;
        domain.clear();
    }
    if (!domain.empty()) {
        if (!domain_matches(from.host, from.host_is_address, domain)) return std::nullopt;
        cookie.domain = std::move(domain);
        cookie.host_only = false;
    } else {
        cookie.domain = from.host;
    }
    cookie.path = path.empty() ? default_cookie_path(from.path) : path;
    // A Secure cookie only from a secure origin (RFC 6265bis).
    if (cookie.secure && !from.secure) return std::nullopt;
    std::string name = cookie.name;
    store(std::move(cookie), now);
    return name;
}

void CookieJar::set(std::string_view name, std::string_view value, std::string_view host) {
    Cookie cookie;
    cookie.name = name;
    cookie.value = value;
    // A value rendered from a variable must not end the Cookie header (nor
    // add cookies to it).
    std::replace_if(
        cookie.value.begin(), cookie.value.end(),
        [](char c) { return c == '\r' || c == '\n' || c == '\0' || c == ';'; }, ' ');
    cookie.domain = lowercase(host);
    cookie.path = "/";
    store(std::move(cookie), WallClock::time_point::min());
}

void CookieJar::store(Cookie cookie, WallClock::time_point now) {
    const auto same = std::find_if(cookies_.begin(), cookies_.end(), [&](const Cookie& old) {
        return old.name == cookie.name && old.domain == cookie.domain && old.path == cookie.path;
    });
    const bool expired = cookie.expires && *cookie.expires <= now;
    if (same != cookies_.end()) {
        if (expired) {
            cookies_.erase(same);
        } else {
            cookie.created = same->created;  // a replacement keeps its place
            cookie.updated = next_created_++;
            *same = std::move(cookie);
        }
        return;
    }
    if (expired) return;
    if (cookies_.size() >= max_cookies) {
        drop_expired(now);
        if (cookies_.size() >= max_cookies) {
            cookies_.erase(std::min_element(cookies_.begin(), cookies_.end(),
                                            [](const Cookie& a, const Cookie& b) { return a.created < b.created; }));
        }
    }
    cookie.created = cookie.updated = next_created_++;
    cookies_.push_back(std::move(cookie));
}

void CookieJar::drop_expired(WallClock::time_point now) {
    std::erase_if(cookies_, [&](const Cookie& c) { return c.expires && *c.expires <= now; });
}

void CookieJar::header_for(const CookieUrl& to, WallClock::time_point now, std::string& out) {
    if (cookies_.empty()) return;
    drop_expired(now);
    matched_.clear();
    for (const Cookie& c : cookies_) {
        const bool host = c.host_only ? to.host == c.domain : domain_matches(to.host, to.host_is_address, c.domain);
        if (host && path_matches(to.path, c.path) && (!c.secure || to.secure)) matched_.push_back(&c);
    }
    // Longer paths first, then older cookies first (RFC 6265 §5.4 step 2).
    std::sort(matched_.begin(), matched_.end(), [](const Cookie* a, const Cookie* b) {
        if (a->path.size() != b->path.size()) return a->path.size() > b->path.size();
        return a->created < b->created;
    });
    for (std::size_t i = 0; i < matched_.size(); ++i) {
        if (i > 0) out += "; ";
        out += matched_[i]->name;
        out += '=';
        out += matched_[i]->value;
    }
}

const std::string* CookieJar::value_of(std::string_view name) const {
    const Cookie* newest = nullptr;
    for (const Cookie& c : cookies_)
        if (c.name == name && (newest == nullptr || c.updated > newest->updated)) newest = &c;
    return newest == nullptr ? nullptr : &newest->value;
}

}  // namespace throng::targets::http
