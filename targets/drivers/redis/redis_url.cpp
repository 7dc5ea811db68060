#include "targets/drivers/redis/redis_url.hpp"

#include <charconv>

#include "harness/core/ascii.hpp"

namespace throng::targets::redis {

namespace {

using core::hex_value;

// %XX sequences decoded; nullopt on a broken one.
std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        const int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) return std::nullopt;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

template <typename Number>
bool parse_number(std::string_view text, Number& out) {
    if (text.empty()) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

std::optional<RedisUrl> parse_redis_url(std::string_view url, std::string* error) {
    auto fail = [&](const std::string& why) -> std::optional<RedisUrl> {
        if (error) *error = why;
        return std::nullopt;
    };
    constexpr std::string_view scheme = "redis://";
    if (url.substr(0, scheme.size()) != scheme)
        return fail("the URL must look like redis://[[user]:password@]host[:port][/db] (rediss:// and unix "
                    "sockets are not supported)");
    url.remove_prefix(scheme.size());
    if (url.find_first_of("?#") != std::string_view::npos)
        return fail("the URL must not have a query or fragment: redis://[[user]:password@]host[:port][/db]");

    RedisUrl out;
    const auto slash = url.find('/');
    std::string_view authority = url.substr(0, slash);
    if (slash != std::string_view::npos) {
        const std::string_view db = url.substr(slash + 1);
        if (!db.empty() && (!parse_number(db, out.db) || out.db < 0))
            return fail("the database after '/' must be a number like 0 or 3, got \"" + std::string(db) + "\"");
    }

    const auto at = authority.rfind('@');
    if (at != std::string_view::npos) {
        const std::string_view userinfo = authority.substr(0, at);
        authority.remove_prefix(at + 1);
        const auto colon = userinfo.find(':');
        if (colon == std::string_view::npos)
            return fail("the user needs a password: redis://user:password@host (or redis://:password@host)");
        auto user = percent_decode(userinfo.substr(0, colon));
        auto password = percent_decode(userinfo.substr(colon + 1));
        if (!user || !password) return fail("a '%' in the user or password must start a %XX escape");
        out.user = std::move(*user);
        out.password = std::move(*password);
        out.has_password = true;
    }

    std::string_view port_text;
    bool has_port = false;
    if (!authority.empty() && authority.front() == '[') {  // [::1]:6379
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return fail("unclosed '[' in the host");
        out.host = std::string(authority.substr(1, close - 1));
        const auto rest = authority.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return fail("expected ':' and a port after the IPv6 address");
            port_text = rest.substr(1);
            has_port = true;
        }
    } else {
        const auto colon = authority.rfind(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) {
            port_text = authority.substr(colon + 1);
            has_port = true;
        }
    }
    if (out.host.empty()) return fail("the URL has no host: redis://host[:port][/db]");
    if (has_port) {
        unsigned value = 0;
        if (!parse_number(port_text, value) || value == 0 || value > 65535)
            return fail("the port must be a number from 1 to 65535, got \"" + std::string(port_text) + "\"");
        out.port = static_cast<std::uint16_t>(value);
    }
    return out;
}

}  // namespace throng::targets::redis
